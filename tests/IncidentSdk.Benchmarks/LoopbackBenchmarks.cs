using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentSdk.Benchmarks;

/// <summary>End to end over loopback TCP: Kestrel on 127.0.0.1 answers a canned COC body; batches of concurrent calls.</summary>
[MemoryDiagnoser]
public class LoopbackBenchmarks
{
    private static readonly byte[] Success = Encoding.UTF8.GetBytes(Canned.CocSuccess);
    private LoopbackServer _server = null!;
    private Uri _handleUri = null!;
    private HttpClient _raw = null!;
    private ServiceProvider _services = null!;
    private IncidentClient _client = null!;

    [Params(1, 64)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = LoopbackServer.Start(app => app.MapPost("/v1/external/incident/handle", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = Success.Length;
            await context.Response.Body.WriteAsync(Success);
        }));
        _handleUri = new Uri(_server.Address, "v1/external/incident/handle");

        _raw = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue });
        var services = new ServiceCollection();
        services.AddIncidentClient(o =>
        {
            o.Endpoint = _server.Address;
            o.Credentials = Canned.Credentials;
        });
        _services = services.BuildServiceProvider();
        _client = _services.GetRequiredService<IncidentClient>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _services.Dispose();
        _server.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw HttpClient")]
    public Task Raw() => Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => RawOnce()));

    [Benchmark(Description = "IncidentClient via DI, AK/SK")]
    public Task Sdk() => Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => _client.AcceptAsync(Canned.Ticket, Canned.Operator)));

    private async Task RawOnce()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _handleUri) { Content = new ByteArrayContent(Canned.AcceptBody) };
        using var response = await _raw.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException("The loopback server failed.");
        }
    }
}
