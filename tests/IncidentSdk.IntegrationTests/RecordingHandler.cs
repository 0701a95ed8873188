using System.Collections.Generic;
using System.Threading;

namespace IncidentSdk.IntegrationTests;

/// <summary>Forwards to the real server and records each request's JSON body and Authorization header.</summary>
internal sealed class RecordingHandler() : DelegatingHandler(new HttpClientHandler())
{
    private readonly List<(JsonObject Body, string? Authorization)> _requests = [];

    public IReadOnlyList<(JsonObject Body, string? Authorization)> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    public int Count(string method) => Requests.Count(r => r.Body["method"]!.GetValue<string>() == method);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
        var authorization = request.Headers.NonValidated.TryGetValues("Authorization", out var values) ? values.ToString() : null;
        lock (_requests)
        {
            _requests.Add((body, authorization));
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
