namespace IncidentSdk.Tests.Support;

/// <summary>What a request looked like when it reached the transport: bytes and headers exactly as sent.</summary>
internal sealed record CapturedRequest(HttpMethod Method, string Uri, byte[] Body, Dictionary<string, string> Headers)
{
    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : throw new KeyNotFoundException(name);

    public static CapturedRequest From(HttpRequestMessage request)
    {
        var headers = request.Headers.NonValidated.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
        var body = request.Content is null ? [] : request.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers.NonValidated)
            {
                headers[header.Key.ToLowerInvariant()] = string.Join(",", header.Value);
            }
        }

        return new CapturedRequest(request.Method, request.RequestUri!.AbsoluteUri, body, headers);
    }
}

/// <summary>Collects every request a MockHttp matcher sees.</summary>
internal sealed class RequestLog
{
    private readonly List<CapturedRequest> _requests = [];

    public IReadOnlyList<CapturedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    public bool Capture(HttpRequestMessage request)
    {
        var captured = CapturedRequest.From(request);
        lock (_requests)
        {
            _requests.Add(captured);
        }

        return true;
    }
}
