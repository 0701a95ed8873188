using System.Net.Sockets;
using IncidentSdk.Http;

namespace IncidentSdk.Tests.Http;

/// <summary>The process-wide transport of clients built from options: no redirects, no cookies, connections renewed so DNS changes are seen, on every target.</summary>
public class SharedTransportTests
{
#if LIBRARY_NETSTANDARD
    [Test]
    public void The_netstandard_transport_follows_no_redirects_and_keeps_no_cookies()
    {
        using var handler = SharedTransport.CreateHandler();
        Assert.Multiple(() =>
        {
            Assert.That(handler.AllowAutoRedirect, Is.False);
            Assert.That(handler.UseCookies, Is.False);
            Assert.That(SharedTransport.Instance, Is.InstanceOf<SharedTransport.RotatingHandler>());
        });
    }

    [Test]
    public async Task The_netstandard_pool_is_renewed_after_its_lifetime()
    {
        var clock = new SteppedClock();
        var handler = new SharedTransport.RotatingHandler(TimeSpan.FromMinutes(5), clock);
        using var invoker = new HttpMessageInvoker(handler);

        await SendToNowhere(invoker);
        clock.Advance(TimeSpan.FromMinutes(4));
        await SendToNowhere(invoker);
        Assert.That(handler.Generations, Is.EqualTo(1), "within the lifetime the pool is kept");

        clock.Advance(TimeSpan.FromMinutes(1));
        await SendToNowhere(invoker);
        await SendToNowhere(invoker);
        Assert.That(handler.Generations, Is.EqualTo(2), "after the lifetime new requests go to a new pool, once");
    }

    private static async Task SendToNowhere(HttpMessageInvoker invoker)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{FreePort()}/");
        Assert.That(async () => await invoker.SendAsync(request, CancellationToken.None), Throws.InstanceOf<HttpRequestException>());
        await Task.CompletedTask;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
#else
    [Test]
    public void The_transport_follows_no_redirects_keeps_no_cookies_and_renews_connections()
    {
        var handler = SharedTransport.Instance as SocketsHttpHandler;
        Assert.That(handler, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(handler!.AllowAutoRedirect, Is.False);
            Assert.That(handler.UseCookies, Is.False);
            Assert.That(handler.PooledConnectionLifetime, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(SharedTransport.Instance, Is.SameAs(handler), "one transport per process");
        });
    }

    [Test]
    public void The_dependency_injection_primary_handler_follows_no_redirects()
    {
        using var handler = SharedTransport.CreateHandler(TimeSpan.FromMinutes(2));
        Assert.Multiple(() =>
        {
            Assert.That(handler.AllowAutoRedirect, Is.False);
            Assert.That(handler.UseCookies, Is.False);
        });
    }
#endif
}
