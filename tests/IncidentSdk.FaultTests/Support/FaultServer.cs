using System.Diagnostics;
using System.IO;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentSdk.FaultTests.Support;

/// <summary>
/// A Kestrel server on 127.0.0.1 that runs one handler per request and counts, on its own side, what reached it:
/// TCP connections (before TLS), HTTP requests, distinct connection ids, arrival times and response bytes written.
/// </summary>
internal sealed class FaultServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<long> _arrivals = new();
    private readonly ConcurrentDictionary<string, byte> _connectionIds = new(StringComparer.Ordinal);
    private int _requests;
    private int _connections;
    private long _bytesWritten;

    private WebApplication? _app;

    private FaultServer()
    {
    }

    /// <summary>The server's base address, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>HTTP requests that reached the handler.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>TCP connections accepted, counted before any TLS handshake.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Distinct <c>HttpContext.Connection.Id</c> values among the requests.</summary>
    public int DistinctConnectionIds => _connectionIds.Count;

    /// <summary>
    /// Bytes Kestrel handed to the sockets (headers and bodies, before TLS). Counted at the transport because Kestrel
    /// silently drops a handler's writes once the client has closed the connection.
    /// </summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>The time between consecutive request arrivals, measured on the server.</summary>
    public IReadOnlyList<TimeSpan> Gaps
    {
        get
        {
            var arrivals = _arrivals.OrderBy(t => t).ToArray();
            var gaps = new List<TimeSpan>();
            for (var i = 1; i < arrivals.Length; i++)
            {
                gaps.Add(Stopwatch.GetElapsedTime(arrivals[i - 1], arrivals[i]));
            }

            return gaps;
        }
    }

    /// <summary>Starts a server on a free port (or <paramref name="port"/>), over TLS when a certificate is given.</summary>
    public static async Task<FaultServer> StartAsync(Func<HttpContext, Task> handler, X509Certificate2? certificate = null, int port = 0)
    {
        var server = new FaultServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseSockets(sockets => sockets.Backlog = 2048);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Use(next => async connection =>
                {
                    Interlocked.Increment(ref server._connections);
                    var transport = connection.Transport;
                    connection.Transport = new CountingDuplexPipe(transport, n => Interlocked.Add(ref server._bytesWritten, n));
                    try
                    {
                        await next(connection);
                    }
                    finally
                    {
                        connection.Transport = transport;
                    }
                });
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        var app = builder.Build();
        app.Run(async context =>
        {
            var self = server;
            self._arrivals.Enqueue(Stopwatch.GetTimestamp());
            self._connectionIds.TryAdd(context.Connection.Id, 0);
            Interlocked.Increment(ref self._requests);

            // Kestrel refreshes its Date header once a second, so it may lag; a web server gives the current second,
            // which the Zabbix client relies on to read the server's clock.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.Date = DateTimeOffset.UtcNow.ToString("r", System.Globalization.CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
            await handler(context);
        });

        server._app = app;
        await app.StartAsync();
        var bound = new Uri(app.Urls.First());
        server.BaseAddress = new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{bound.Port}/");
        return server;
    }

    /// <summary>Reads the whole request body.</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    /// <summary>Returns a free loopback port by binding to port 0 and releasing it.</summary>
    public static int ReservePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null)
        {
            return;
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Connections still stalled are cut when the grace period ends.
        }

        await _app.DisposeAsync();
    }
}
