namespace IncidentSdk.Tests.Hostile;

/// <summary>The transport under a client: records the bytes of every request that reaches it and answers through a callback.</summary>
internal sealed class HostileTransport(Func<HttpRequestMessage, byte[], HttpResponseMessage> respond) : HttpMessageHandler
{
    private readonly List<SentRequest> _requests = [];

    public Func<HttpRequestMessage, byte[], HttpResponseMessage> Respond { get; set; } = respond;

    public IReadOnlyList<SentRequest> Requests => _requests;

    public void Clear() => _requests.Clear();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var authorization = request.Headers.TryGetValues("Authorization", out var values) ? string.Join(",", values) : null;
        _requests.Add(new SentRequest(request.RequestUri!.AbsoluteUri, body, authorization));
        var response = Respond(request, body);
        response.RequestMessage ??= request;
        return response;
    }
}

/// <summary>One request as it reached the transport.</summary>
internal sealed record SentRequest(string Uri, byte[] Body, string? Authorization);
