using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace IncidentSdk.Tests.Support;

/// <summary>
/// A JSON-RPC server in-process that records every event.acknowledge it receives, counts how many are in flight at
/// once, and answers with the ids it was sent (or an error for ids listed in <see cref="FailIds"/>).
/// </summary>
internal sealed class ConcurrencyProbeHandler(TimeSpan delay) : HttpMessageHandler
{
    private int _inFlight;

    public ConcurrentQueue<JsonObject> Calls { get; } = new();

    public int MaxInFlight;

    public ConcurrentDictionary<string, bool> FailIds { get; } = new();

    /// <summary>Set when the next call starts, so a test can cancel mid-run.</summary>
    public Action? OnCall { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
        var id = body["id"]!.ToJsonString();
        if (body["method"]!.GetValue<string>() != "event.acknowledge")
        {
            return Answer($$"""{"jsonrpc":"2.0","result":"7.0.22","id":{{id}}}""");
        }

        Calls.Enqueue(body);
        OnCall?.Invoke();
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref MaxInFlight, now);
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }

        var idsNode = body["params"]!["eventids"]!;
        var ids = idsNode is JsonArray array ? array.Select(n => n!.GetValue<string>()).ToArray() : [idsNode.GetValue<string>()];
        if (ids.Any(FailIds.ContainsKey))
        {
            return Answer($$"""{"jsonrpc":"2.0","error":{"code":-32500,"message":"Application error.","data":"No permissions to referred object or it does not exist!"},"id":{{id}}}""");
        }

        return Answer($$"""{"jsonrpc":"2.0","result":{"eventids":[{{string.Join(",", ids)}}]},"id":{{id}}}""");
    }

    private static HttpResponseMessage Answer(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
