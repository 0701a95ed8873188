using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentSdk.Benchmarks;

/// <summary>
/// Per-call cost in-process: a stub handler answers at once, so what is measured is what the SDK adds
/// (validation, serialization, signing, the resilience pipeline, response mapping) over a raw HttpClient call.
/// </summary>
[MemoryDiagnoser]
public class InProcessBenchmarks
{
    private static readonly Uri HandleUri = new("https://coc.example.test/v1/external/incident/handle");
    private HttpClient _raw = null!;
    private ServiceProvider _signed = null!;
    private ServiceProvider _token = null!;
    private ServiceProvider _zabbixOne = null!;
    private ServiceProvider _zabbixMany = null!;
    private IncidentClient _signedClient = null!;
    private IncidentClient _tokenClient = null!;
    private JsonRpcEventClient _zabbixOneClient = null!;
    private JsonRpcEventClient _zabbixManyClient = null!;

    [GlobalSetup]
    public void Setup()
    {
        _raw = new HttpClient(new StubHandler(Canned.CocSuccess));
        _signed = Coc(o => o.Credentials = Canned.Credentials);
        _token = Coc(o => o.AuthToken = "MIIEXAYJKoZIhvcNAQcCoIIETTCCBEkCAQExDTALBglghkgBZQMEAgEwgg");
        _zabbixOne = Zabbix(1);
        _zabbixMany = Zabbix(500);
        _signedClient = _signed.GetRequiredService<IncidentClient>();
        _tokenClient = _token.GetRequiredService<IncidentClient>();
        _zabbixOneClient = _zabbixOne.GetRequiredService<JsonRpcEventClient>();
        _zabbixManyClient = _zabbixMany.GetRequiredService<JsonRpcEventClient>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _signed.Dispose();
        _token.Dispose();
        _zabbixOne.Dispose();
        _zabbixMany.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw HttpClient POST")]
    public async Task<int> RawHttpClient()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, HandleUri) { Content = new ByteArrayContent(Canned.AcceptBody) };
        using var response = await _raw.SendAsync(request);
        return (int)response.StatusCode;
    }

    [Benchmark(Description = "COC accept, AK/SK")]
    public Task<HandleIncidentResult> AcceptSigned() => _signedClient.AcceptAsync(Canned.Ticket, Canned.Operator);

    [Benchmark(Description = "COC commit solution, AK/SK")]
    public Task<HandleIncidentResult> CommitSolutionSigned() => _signedClient.CommitSolutionAsync(Canned.Ticket, Canned.Operator, Canned.Solution);

    [Benchmark(Description = "COC accept, IAM token")]
    public Task<HandleIncidentResult> AcceptToken() => _tokenClient.AcceptAsync(Canned.Ticket, Canned.Operator);

    [Benchmark(Description = "Zabbix acknowledge, 1 event")]
    public Task<AcknowledgeEventResult> AcknowledgeOne() => _zabbixOneClient.AcknowledgeAsync(Canned.AckOne);

    [Benchmark(Description = "Zabbix acknowledge, 500 events")]
    public Task<AcknowledgeEventResult> AcknowledgeMany() => _zabbixManyClient.AcknowledgeAsync(Canned.AckMany);

    private static ServiceProvider Coc(Action<IncidentClientOptions> auth)
    {
        var services = new ServiceCollection();
        services.AddIncidentClient(o =>
        {
            o.Endpoint = new Uri("https://coc.example.test");
            auth(o);
            Canned.Fast(o.Resilience);
        }).ConfigurePrimaryHttpMessageHandler(() => new StubHandler(Canned.CocSuccess));
        return services.BuildServiceProvider();
    }

    private static ServiceProvider Zabbix(int events)
    {
        var services = new ServiceCollection();
        services.AddJsonRpcEventClient(o =>
        {
            o.Url = new Uri(Canned.ZabbixUrl);
            o.ApiToken = Canned.ZabbixToken;
            o.ServerVersion = "7.0.22";
            Canned.Fast(o.Resilience);
        }).ConfigurePrimaryHttpMessageHandler(() => new ZabbixStubHandler("{\"eventids\":[" + string.Join(",", System.Linq.Enumerable.Range(100000, events)) + "]}"));
        return services.BuildServiceProvider();
    }
}
