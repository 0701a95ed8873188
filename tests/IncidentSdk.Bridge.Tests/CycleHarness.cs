using IncidentSdk.Authentication;
using IncidentSdk.Coc;
using IncidentSdk.JsonRpc;
using IncidentSdk.Samples.Bridge;
using IncidentSdk.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IncidentSdk.Bridge.Tests;

/// <summary>A <see cref="BridgeCycle"/> over both fakes, with hooks in front of each to inject failures at a given request.</summary>
internal sealed class CycleHarness : IDisposable
{
    public const string Creator = "7da46971b7e24eed90cf777cc2ff8b91";

    /// <summary>COC's one documented failure, for a refused create (HTTP 400, nothing opened).</summary>
    public const string RefusedBody = """{"error_code":"GOM.00007256","error_msg":"参数错误","provider_code":"049","data":null}""";

    private static readonly AkSkCredentials Credentials = new("OFFLINEDEMOACCESSKEY", "offline-demo-secret-key");

    private readonly HttpClient _cocHttp;
    private readonly HttpClient _zabbixHttp;

    public CycleHarness()
    {
        CocScript = new ScriptedHandler(Coc);
        ZabbixScript = new ScriptedHandler(Zabbix);
        _cocHttp = new HttpClient(CocScript);
        _zabbixHttp = new HttpClient(ZabbixScript);
        var cocOptions = new IncidentClientOptions { Endpoint = FakeCocService.Endpoint, Credentials = Credentials };
        cocOptions.CreateReadBack.Delay = TimeSpan.Zero;
        CocClient = new IncidentClient(_cocHttp, cocOptions);
        ZabbixClient = new JsonRpcEventClient(_zabbixHttp, new JsonRpcEventClientOptions { Url = FakeZabbixService.Endpoint, ApiToken = Zabbix.AddToken() });
    }

    public FakeCocService Coc { get; } = new(Credentials);

    public FakeZabbixService Zabbix { get; } = new("7.0.22");

    public ScriptedHandler CocScript { get; }

    public ScriptedHandler ZabbixScript { get; }

    public IncidentClient CocClient { get; }

    public JsonRpcEventClient ZabbixClient { get; }

    public BridgeOptions Options { get; } = new() { Creator = Creator, Assignee = Creator, Category = "inc_type_p_reliability_issues" };

    public BridgeCycle Cycle(ILogger<BridgeCycle>? logger = null) =>
        new(CocClient, ZabbixClient, Microsoft.Extensions.Options.Options.Create(Options), logger ?? NullLogger<BridgeCycle>.Instance);

    public string AddProblem(EventSeverity severity = EventSeverity.High, bool manualCloseAllowed = true, string name = "web-01: HTTP 5xx rate above 5%") =>
        Zabbix.AddProblem(new FakeProblem { Severity = severity, Name = name, ManualCloseAllowed = manualCloseAllowed });

    public IReadOnlyList<FakeCocRequest> Creates => Coc.Requests.Where(r => r.Path == FakeCocService.CreatePath).ToList();

    public IReadOnlyList<ZabbixCall> Acknowledges =>
        Zabbix.Requests.Where(r => r.Method == "event.acknowledge").Select(r => ZabbixCall.Parse(r.Body)).ToList();

    public FakeTicket? TicketOf(string eventId) =>
        Coc.Tickets.SingleOrDefault(t => t.Description?.Contains("[ref:zabbix-event-" + eventId + "]", StringComparison.Ordinal) == true);

    /// <summary>Runs <paramref name="action"/> just before the <paramref name="nth"/> request to <paramref name="path"/> reaches COC.</summary>
    public void BeforeCoc(string path, int nth, Action action)
    {
        var seen = 0;
        CocScript.BeforeSend = (request, _, _) =>
        {
            if (request.RequestUri?.AbsolutePath == path && ++seen == nth)
            {
                action();
            }

            return Task.CompletedTask;
        };
    }

    public void Dispose()
    {
        CocClient.Dispose();
        ZabbixClient.Dispose();
        _cocHttp.Dispose();
        _zabbixHttp.Dispose();
        Coc.Dispose();
        Zabbix.Dispose();
    }
}

/// <summary>A logger whose every call throws, as a broken log provider would.</summary>
internal sealed class ThrowingLogger<T> : ILogger<T>
{
    public int Calls { get; private set; }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Calls++;
        throw new InvalidOperationException("The log provider is broken.");
    }
}
