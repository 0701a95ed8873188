using System.Threading;

namespace IncidentSdk.Benchmarks;

/// <summary>Answers JSON-RPC in-process with a canned result, echoing the request's id (read from the end of the body).</summary>
internal sealed class ZabbixStubHandler(string resultJson) : HttpMessageHandler
{
    private readonly byte[] _prefix = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"result\":" + resultJson + ",\"id\":");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        var idStart = body.AsSpan().LastIndexOf("\"id\":"u8) + 5;
        var id = body.AsSpan(idStart, body.Length - idStart - 1);
        var response = new byte[_prefix.Length + id.Length + 1];
        _prefix.CopyTo(response, 0);
        id.CopyTo(response.AsSpan(_prefix.Length));
        response[^1] = (byte)'}';
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(response) };
    }
}
