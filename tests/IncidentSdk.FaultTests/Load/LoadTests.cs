using System.Globalization;
using System.Text.Json.Nodes;
using IncidentSdk.FaultTests.Coc;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentSdk.FaultTests.Load;

/// <summary>
/// One DI-registered client per service under concurrent load against a loopback server: no failures, one bounded
/// connection pool, signatures that match each request, and one re-login for a burst that finds its session ended.
/// </summary>
public class LoadTests
{
    private const string Success = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null}""";

    [Test]
    public async Task One_di_registered_coc_client_serves_1000_concurrent_calls_over_one_bounded_pool()
    {
        const int calls = 1000;
        await using var server = await FaultServer.StartAsync(async c =>
        {
            await Task.Delay(20, c.RequestAborted);
            await Faults.RespondAsync(c, 200, Success, headers: (Faults.RequestIdHeader, "load"));
        });
        await using var provider = CocProvider(server);
        var client = provider.GetRequiredService<IncidentClient>();

        var results = await Task.WhenAll(Enumerable.Range(0, calls).Select(i =>
            Task.Run(() => client.AcceptAsync(Incident(i), CocFaultTests.Operator))));
        await TestContext.Out.WriteLineAsync($"{server.Requests} requests over {server.DistinctConnectionIds} connections");

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.RequestId), Is.All.EqualTo("load"));
            Assert.That(server.Requests, Is.EqualTo(calls), "each call sent exactly once");
            Assert.That(server.DistinctConnectionIds, Is.InRange(1, calls), "one pool, at most one connection per concurrent call");
            Assert.That(server.Connections, Is.InRange(server.DistinctConnectionIds, calls), "no socket beyond one per concurrent call, even counting connections that carried no request");
        });

        // A second wave through a newly resolved client reuses the same pool's connections instead of opening more.
        var again = provider.GetRequiredService<IncidentClient>();
        await Task.WhenAll(Enumerable.Range(0, calls).Select(i =>
            Task.Run(() => again.AcceptAsync(Incident(i), CocFaultTests.Operator))));
        await TestContext.Out.WriteLineAsync($"after a second wave: {server.Requests} requests over {server.Connections} connections");
        Assert.Multiple(() =>
        {
            Assert.That(server.Requests, Is.EqualTo(2 * calls));
            Assert.That(server.Connections, Is.LessThanOrEqualTo(calls), "2,000 calls from two resolved clients over at most 1,000 sockets: one shared pool");
        });
    }

    [Test]
    public async Task One_di_registered_zabbix_client_serves_1000_concurrent_calls_over_one_bounded_pool()
    {
        const int calls = 1000;
        var zabbix = new FakeZabbix();
        await using var server = await FaultServer.StartAsync(async c =>
        {
            await Task.Delay(20, c.RequestAborted);
            await zabbix.HandleAsync(c);
        });
        await using var provider = ZabbixProvider(server, o => o.ApiToken = FakeZabbix.ApiToken);
        var client = provider.GetRequiredService<JsonRpcEventClient>();

        var results = await Task.WhenAll(Enumerable.Range(0, calls).Select(i =>
            Task.Run(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Close([(i + 1).ToString(CultureInfo.InvariantCulture)])))));
        await TestContext.Out.WriteLineAsync($"{server.Requests} requests over {server.DistinctConnectionIds} connections");

        Assert.Multiple(() =>
        {
            Assert.That(results.Select((r, i) => r.EventIds.Single() == (i + 1).ToString(CultureInfo.InvariantCulture)), Is.All.True);
            Assert.That(zabbix.Calls("event.acknowledge"), Is.EqualTo(calls));
            Assert.That(server.Requests, Is.EqualTo(calls));
            Assert.That(server.DistinctConnectionIds, Is.InRange(1, calls));
            Assert.That(server.Connections, Is.InRange(server.DistinctConnectionIds, calls));
        });
    }

    [Test]
    public async Task Five_hundred_concurrent_signed_calls_each_verify_against_their_own_request()
    {
        const int calls = 500;
        var verified = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        await using var server = await FaultServer.StartAsync(async c =>
        {
            var body = await FaultServer.ReadBodyAsync(c);
            var incident = JsonNode.Parse(body)!["incident_num"]!.GetValue<string>();
            var ok = await SignatureCheck.VerifyAsync(c, body, CocFaultTests.Credentials);
            verified[incident] = ok;
            await Faults.RespondAsync(c, ok ? 200 : 401, ok ? Success : """{"error_code":"APIG.0301","error_msg":"verify aksk signature fail"}""");
        });
        await using var provider = CocProvider(server);
        var client = provider.GetRequiredService<IncidentClient>();

        await Task.WhenAll(Enumerable.Range(0, calls).Select(i =>
            Task.Run(() => client.CommitSolutionAsync(Incident(i), CocFaultTests.Operator, new SolutionParameter(IncidentCategory.ConfigIssues, isServiceInterrupted: false, "cause " + i, "solution for ticket " + i)))));

        Assert.Multiple(() =>
        {
            Assert.That(verified, Has.Count.EqualTo(calls), "every distinct body reached the server once");
            Assert.That(verified.Values, Is.All.True, "every signature matches its own request");
            Assert.That(server.Requests, Is.EqualTo(calls));
        });
    }

    [Test]
    public async Task A_burst_of_200_calls_that_finds_the_session_ended_logs_in_exactly_once_more()
    {
        const int calls = 200;
        var zabbix = new FakeZabbix();
        await using var server = await FaultServer.StartAsync(zabbix.HandleAsync);
        await using var provider = ZabbixProvider(server, o =>
        {
            o.Username = FakeZabbix.Username;
            o.Password = FakeZabbix.Password;
        });
        var client = provider.GetRequiredService<JsonRpcEventClient>();
        await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"]));
        Assert.That(zabbix.Logins, Is.EqualTo(1), "the first call logs in");

        zabbix.EndSessions();
        var results = await Task.WhenAll(Enumerable.Range(0, calls).Select(i =>
            Task.Run(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([(i + 2).ToString(CultureInfo.InvariantCulture)])))));
        await TestContext.Out.WriteLineAsync($"{zabbix.Logins} logins, {zabbix.RejectedSessions} calls refused for the ended session");

        Assert.Multiple(() =>
        {
            Assert.That(results, Has.Length.EqualTo(calls));
            Assert.That(zabbix.Logins, Is.EqualTo(2), "exactly one re-login for the whole burst");
            Assert.That(zabbix.RejectedSessions, Is.InRange(1, calls), "calls that used the ended session were refused once each");
            Assert.That(zabbix.Calls("event.acknowledge"), Is.EqualTo(1 + calls + zabbix.RejectedSessions), "each refused call was resent once");
        });
    }

    /// <summary>A container with the COC client registered against <paramref name="server"/>: no retries, the audited logger.</summary>
    private static ServiceProvider CocProvider(FaultServer server)
    {
        var services = new ServiceCollection();
        services.AddIncidentClient(o =>
        {
            o.Endpoint = server.BaseAddress;
            o.Credentials = CocFaultTests.Credentials;
            o.Resilience.MaxRetries = 0;
            o.Logging.LoggerFactory = SecretAudit.Factory;
        });
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// A container with the Zabbix client registered against the fake at <paramref name="server"/> (its version, no
    /// retries, the audited logger) and the credentials <paramref name="credentials"/> sets.
    /// </summary>
    private static ServiceProvider ZabbixProvider(FaultServer server, Action<JsonRpcEventClientOptions> credentials)
    {
        var services = new ServiceCollection();
        services.AddJsonRpcEventClient(o =>
        {
            o.Url = new Uri(server.BaseAddress, "api_jsonrpc.php");
            credentials(o);
            o.ServerVersion = FakeZabbix.Version;
            o.Resilience.MaxRetries = 0;
            o.Logging.LoggerFactory = SecretAudit.Factory;
        });
        return services.BuildServiceProvider();
    }

    private static string Incident(int i) => "IM2024032215150601717" + i.ToString("D5", CultureInfo.InvariantCulture);
}
