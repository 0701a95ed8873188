using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace IncidentSdk.Tests.Support;

/// <summary>Plays a script of behaviours, one per request, and counts requests per JSON-RPC method.</summary>
internal sealed class ScriptedHandler(params Func<CancellationToken, Task<HttpResponseMessage>>[] script) : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private int _next = -1;

    /// <summary>A server that received the request and never answers (until cancelled).</summary>
    public static Func<CancellationToken, Task<HttpResponseMessage>> Hang { get; } = async ct =>
    {
        await Task.Delay(Timeout.Infinite, ct);
        throw new InvalidOperationException("unreachable");
    };

    public static Func<CancellationToken, Task<HttpResponseMessage>> Answer(string body) =>
        _ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });

    public static Func<CancellationToken, Task<HttpResponseMessage>> Status(HttpStatusCode status) =>
        _ => Task.FromResult(new HttpResponseMessage(status) { Content = new ByteArrayContent([]) });

    public int Total => _next + 1;

    public int Calls(string method) => _calls.TryGetValue(method, out var count) ? count : 0;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))?["method"]?.GetValue<string>() ?? "(none)";
        _calls.AddOrUpdate(method, 1, (_, n) => n + 1);
        var step = Interlocked.Increment(ref _next);
        if (step >= script.Length)
        {
            throw new InvalidOperationException($"Unexpected request {step + 1} ({method}).");
        }

        return await script[step](cancellationToken);
    }
}
