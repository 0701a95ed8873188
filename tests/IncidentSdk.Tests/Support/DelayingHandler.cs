namespace IncidentSdk.Tests.Support;

/// <summary>Answers after a delay, honouring cancellation: a server that received the request and is slow to answer.</summary>
internal sealed class DelayingHandler(TimeSpan delay, string body = CocBodies.Success) : HttpMessageHandler
{
    public int Calls;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        await Task.Delay(delay, cancellationToken);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) };
    }
}
