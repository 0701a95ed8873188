using System.Globalization;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IncidentSdk.Benchmarks;

/// <summary>
/// 10,000 events acknowledged with a message: one bulk call against a per-event loop, over loopback TCP to a
/// Kestrel server that mimics a real Zabbix 6.0.14 API's measured cost (a fixed ~70 ms per call plus ~0.08 ms per
/// id), scaled down 20× so the loop finishes in under a minute; scaling both terms keeps the ratio.
/// </summary>
[MemoryDiagnoser]
public class BulkBenchmarks
{
    private static readonly TimeSpan FixedCost = TimeSpan.FromMilliseconds(70.0 / 20);
    private static readonly double PerIdMilliseconds = 0.08 / 20;
    private LoopbackServer _server = null!;
    private JsonRpcEventClient _client = null!;
    private string[] _ids = null!;

    [Params(10_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = LoopbackServer.Start(app => app.MapPost("/api_jsonrpc.php", MimicZabbix));
        _client = new JsonRpcEventClient(new JsonRpcEventClientOptions { Url = new Uri(_server.Address, "api_jsonrpc.php"), ApiToken = Canned.ZabbixToken, ServerVersion = "6.0.14" });
        _ids = Enumerable.Range(1, Events).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Benchmark(Baseline = true, Description = "one call per event")]
    public async Task PerEventLoop()
    {
        foreach (var id in _ids)
        {
            await _client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([id], "maintenance window closed"));
        }
    }

    [Benchmark(Description = "AcknowledgeManyAsync (default options)")]
    public async Task<int> Bulk()
    {
        var result = await _client.AcknowledgeManyAsync(_ids.Select(id => new BulkAcknowledgeItem(id, EventAction.Acknowledge | EventAction.AddMessage) { Message = "maintenance window closed" }));
        return result.Succeeded == Events ? result.Calls : throw new InvalidOperationException($"Only {result.Succeeded} of {Events} succeeded.");
    }

    private static async Task MimicZabbix(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        var ids = body["params"]!["eventids"] is JsonArray array ? array.Select(n => n!.GetValue<string>()).ToArray() : [body["params"]!["eventids"]!.GetValue<string>()];
        await Task.Delay(FixedCost + TimeSpan.FromMilliseconds(PerIdMilliseconds * ids.Length));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"jsonrpc":"2.0","result":{"eventids":[{{string.Join(",", ids)}}]},"id":{{body["id"]!.ToJsonString()}}}""");
    }
}
