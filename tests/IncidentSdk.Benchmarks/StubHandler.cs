using System.Threading;

namespace IncidentSdk.Benchmarks;

/// <summary>Answers every request in-process with a canned body: the cost of the network is left out.</summary>
internal sealed class StubHandler(string body) : HttpMessageHandler
{
    private readonly byte[] _body = Encoding.UTF8.GetBytes(body);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(_body) });
}
