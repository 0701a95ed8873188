namespace IncidentSdk.FaultTests.Support;

/// <summary>One request as a <see cref="RecordingServer"/> received it.</summary>
internal sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>A loopback server that records every request (method, path, headers, body) and answers each with one fixed body.</summary>
internal sealed class RecordingServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private FaultServer? _server;

    public Uri BaseAddress => _server!.BaseAddress;

    /// <summary>TCP connections the server accepted.</summary>
    public int Connections => _server!.Connections;

    /// <summary>What reached the server, in order.</summary>
    public IReadOnlyList<ReceivedRequest> Received => _received.ToArray();

    /// <summary>Every header value and body the server received, for checks that a secret never arrived.</summary>
    public string Everything => string.Join("\n", Received.Select(r => r.Method + " " + r.PathAndQuery + "\n" + string.Join("\n", r.Headers.Select(h => h.Key + ": " + h.Value)) + "\n" + r.Body));

    public static async Task<RecordingServer> StartAsync(string answer, int status = 200, Action<HttpContext>? configure = null)
    {
        var recorder = new RecordingServer();
        recorder._server = await FaultServer.StartAsync(async context =>
        {
            var body = Encoding.UTF8.GetString(await FaultServer.ReadBodyAsync(context));
            recorder._received.Enqueue(new ReceivedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body));
            context.Response.StatusCode = status;
            configure?.Invoke(context);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer);
        });
        return recorder;
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
