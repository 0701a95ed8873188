using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Text;

namespace IncidentSdk.RateLimitTests;

/// <summary>
/// A loopback COC endpoint that throttles like the API gateway: it accepts at most <see cref="Limit"/> calls in any
/// one-second interval (counting arrivals, sliding) and answers the rest HTTP 429 with <c>APIG.0308</c>. It records
/// the arrival time of every call, so a test can check the rate the server saw. A second address,
/// <see cref="WarmUpAddress"/>, answers the same way without counting: a replica warms up its code there first, so
/// that the first measured calls are not held up by just-in-time compilation after their permit was granted.
/// </summary>
internal sealed class ThrottlingCocGateway : IDisposable
{
    private const string Success = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null}""";
    private const string Throttled = """{"error_code":"APIG.0308","error_msg":"The request is throttled.","request_id":"throttled"}""";

    private readonly HttpListener _listener = new();
    private readonly object _gate = new();
    private readonly Queue<long> _window = new();
    private readonly List<long> _accepted = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;
    private int _throttled;

    public ThrottlingCocGateway(int limit)
    {
        Limit = limit;
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        WarmUpAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        _listener.Prefixes.Add(BaseAddress.AbsoluteUri);
        _listener.Prefixes.Add(WarmUpAddress.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Limit { get; }

    public Uri BaseAddress { get; }

    /// <summary>Answers like <see cref="BaseAddress"/>, never throttles and counts nothing.</summary>
    public Uri WarmUpAddress { get; }

    /// <summary>Calls answered with <c>APIG.0308</c>.</summary>
    public int ThrottledCount => Volatile.Read(ref _throttled);

    /// <summary>When each accepted call arrived, as <see cref="Stopwatch"/> time since the gateway started.</summary>
    public IReadOnlyList<TimeSpan> Accepted
    {
        get
        {
            lock (_gate)
            {
                return [.. _accepted.Select(TimeSpan.FromTicks)];
            }
        }
    }

    /// <summary>The most accepted calls that arrived within any one second.</summary>
    public int BusiestSecond()
    {
        var times = Accepted;
        var most = 0;
        var first = 0;
        for (var last = 0; last < times.Count; last++)
        {
            while (times[last] - times[first] >= TimeSpan.FromSeconds(1))
            {
                first++;
            }

            most = Math.Max(most, last - first + 1);
        }

        return most;
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using (var drain = new MemoryStream())
        {
            await context.Request.InputStream.CopyToAsync(drain).ConfigureAwait(false);
        }

        if (context.Request.Url!.Port == WarmUpAddress.Port)
        {
            await RespondAsync(context, allowed: true).ConfigureAwait(false);
            return;
        }

        bool allowed;
        lock (_gate)
        {
            var now = _clock.Elapsed.Ticks;
            while (_window.Count > 0 && now - _window.Peek() >= TimeSpan.TicksPerSecond)
            {
                _window.Dequeue();
            }

            allowed = _window.Count < Limit;
            if (allowed)
            {
                _window.Enqueue(now);
                _accepted.Add(now);
            }
        }

        if (!allowed)
        {
            Interlocked.Increment(ref _throttled);
        }

        await RespondAsync(context, allowed).ConfigureAwait(false);
    }

    private static async Task RespondAsync(HttpListenerContext context, bool allowed)
    {
        var body = Encoding.UTF8.GetBytes(allowed ? Success : Throttled);
        context.Response.StatusCode = allowed ? 200 : 429;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        context.Response.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
