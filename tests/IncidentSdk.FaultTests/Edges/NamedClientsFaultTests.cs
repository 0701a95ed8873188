using Microsoft.Extensions.DependencyInjection;

namespace IncidentSdk.FaultTests.Edges;

/// <summary>
/// Several registrations in one container, on real sockets: two COC accounts and two Zabbix servers, each named
/// client with its own options, credentials, connection pool, circuit and Zabbix session; and the same registration
/// made twice, which must not stack a second set of handlers.
/// </summary>
public class NamedClientsFaultTests
{
    private const string CocSuccess = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null}""";
    private const string Incident = "IM202403221515060171753781";

    [Test]
    public async Task Two_coc_accounts_each_reach_their_own_endpoint_with_their_own_token()
    {
        await using var eu = await RecordingServer.StartAsync(CocSuccess);
        await using var ap = await RecordingServer.StartAsync(CocSuccess);
        var services = new ServiceCollection();
        services.AddIncidentClient("eu", o => { EdgeClients.Coc(o, eu.BaseAddress, akSk: false); o.AuthToken = "token-of-eu-account"; });
        services.AddIncidentClient("ap", o => { EdgeClients.Coc(o, ap.BaseAddress, akSk: false); o.AuthToken = "token-of-ap-account"; });
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var factory = provider.GetRequiredService<IIncidentClientFactory>();
        await factory.CreateClient("eu").AcceptAsync(Incident, "op-eu");
        await provider.GetRequiredKeyedService<IncidentClient>("ap").AcceptAsync(Incident, "op-ap");
        await provider.GetRequiredKeyedService<IncidentClient>("eu").AcceptAsync(Incident, "op-eu-2");

        Assert.Multiple(() =>
        {
            Assert.That(eu.Received.Select(r => r.Headers["X-Auth-Token"]), Is.EqualTo(new[] { "token-of-eu-account", "token-of-eu-account" }));
            Assert.That(eu.Received.Select(r => r.Body), Has.All.Contains("op-eu"));
            Assert.That(ap.Received.Select(r => r.Headers["X-Auth-Token"]), Is.EqualTo(new[] { "token-of-ap-account" }));
            Assert.That(ap.Everything, Does.Not.Contain("eu"), "nothing of the other account reaches this endpoint");
            Assert.That(provider.GetService<IncidentClient>(), Is.Null, "no default client was registered");
            Assert.That(() => factory.CreateClient("us"), Throws.InvalidOperationException.With.Message.Contains("'ap', 'eu'"));
        });
    }

    [Test]
    public async Task An_open_circuit_of_one_coc_account_does_not_stop_the_other()
    {
        await using var failing = await FaultServer.StartAsync(async context =>
        {
            await FaultServer.ReadBodyAsync(context);
            context.Response.StatusCode = 502;
        });
        await using var healthy = await RecordingServer.StartAsync(CocSuccess);
        var services = new ServiceCollection();
        void Breaker(IncidentClientOptions o)
        {
            o.Resilience.CircuitBreaker.MinimumThroughput = 3;
            o.Resilience.CircuitBreaker.FailureRatio = 0.5;
            o.Resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
        }

        services.AddIncidentClient("failing", o => { EdgeClients.Coc(o, failing.BaseAddress, akSk: true); Breaker(o); });
        services.AddIncidentClient("healthy", o => { EdgeClients.Coc(o, healthy.BaseAddress, akSk: true); Breaker(o); });
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IIncidentClientFactory>();

        for (var i = 0; i < 3; i++)
        {
            await Expect.ThrowsExactlyAsync<ServiceUnavailableException>(() => factory.CreateClient("failing").AcceptAsync(Incident, "op"));
        }

        await Expect.ThrowsExactlyAsync<CircuitOpenException>(() => factory.CreateClient("failing").AcceptAsync(Incident, "op"));
        await factory.CreateClient("healthy").AcceptAsync(Incident, "op");

        Assert.Multiple(() =>
        {
            Assert.That(failing.Requests, Is.EqualTo(3), "the fourth call is refused by the open circuit");
            Assert.That(healthy.Received, Has.Count.EqualTo(1), "the other account's circuit stays closed");
        });
    }

    [Test]
    public async Task Two_zabbix_servers_each_keep_their_own_login_session()
    {
        var dc1 = new FakeZabbix();
        var dc2 = new FakeZabbix();
        await using var server1 = await FaultServer.StartAsync(dc1.HandleAsync);
        await using var server2 = await FaultServer.StartAsync(dc2.HandleAsync);
        var services = new ServiceCollection();
        services.AddJsonRpcEventClient("dc1", o => EdgeClients.Zabbix(o, server1.BaseAddress, FakeZabbix.Version, password: true));
        services.AddJsonRpcEventClient("dc2", o => EdgeClients.Zabbix(o, server2.BaseAddress, FakeZabbix.Version, password: true));
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IJsonRpcEventClientFactory>();

        for (var i = 0; i < 3; i++)
        {
            await factory.CreateClient("dc1").AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1001"], "dc1 message " + i));
            await provider.GetRequiredKeyedService<JsonRpcEventClient>("dc2").AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["2002"], "dc2 message " + i));
        }

        Assert.Multiple(() =>
        {
            Assert.That(dc1.Logins, Is.EqualTo(1), "one session for every dc1 client");
            Assert.That(dc2.Logins, Is.EqualTo(1), "one session for every dc2 client");
            Assert.That(dc1.RejectedSessions + dc2.RejectedSessions, Is.Zero, "no client sent the other server's session");
            Assert.That(dc1.Messages("1001"), Has.Count.EqualTo(3));
            Assert.That(dc2.Messages("2002"), Has.Count.EqualTo(3));
            Assert.That(dc1.Messages("2002"), Is.Empty);
        });
    }

    [Test]
    public async Task Registering_the_same_client_twice_adds_no_second_set_of_handlers()
    {
        var requests = 0;
        string? authorization = null;
        await using var coc = await FaultServer.StartAsync(async context =>
        {
            await FaultServer.ReadBodyAsync(context);
            requests++;
            authorization = context.Request.Headers.Authorization.ToString();
            context.Response.StatusCode = 503;
        });
        var zabbix = new FakeZabbix { Fault = async (call, context) => { await FaultServer.ReadBodyAsync(context); context.Response.StatusCode = 503; return true; } };
        await using var zabbixServer = await FaultServer.StartAsync(zabbix.HandleAsync);
        var services = new ServiceCollection();
        for (var i = 0; i < 2; i++)
        {
            services.AddIncidentClient(o => EdgeClients.Coc(o, coc.BaseAddress, akSk: true));
            services.AddJsonRpcEventClient(o => EdgeClients.Zabbix(o, zabbixServer.BaseAddress, FakeZabbix.Version, password: false));
        }

        await using var provider = services.BuildServiceProvider();

        await Expect.ThrowsExactlyAsync<ServiceUnavailableException>(() => provider.GetRequiredService<IncidentClient>().AcceptAsync(Incident, "op"));
        await Expect.ThrowsExactlyAsync<ServiceUnavailableException>(() => provider.GetRequiredService<JsonRpcEventClient>().AcknowledgeAsync(AcknowledgeEventRequest.Close(["1001"])));

        Assert.Multiple(() =>
        {
            Assert.That(requests, Is.EqualTo(3), "one retry policy (MaxRetries 2), not two nested ones");
            Assert.That(authorization, Does.StartWith("SDK-HMAC-SHA256 ").And.Not.Contains(", SDK-HMAC"), "signed once");
            Assert.That(zabbix.Calls("event.acknowledge"), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task A_second_registration_applies_its_settings_after_the_first()
    {
        await using var coc = await FaultServer.StartAsync(async context =>
        {
            await FaultServer.ReadBodyAsync(context);
            context.Response.StatusCode = 503;
        });
        var services = new ServiceCollection();
        services.AddIncidentClient(o => EdgeClients.Coc(o, coc.BaseAddress, akSk: true));
        services.AddIncidentClient(o => o.Resilience.MaxRetries = 0);
        await using var provider = services.BuildServiceProvider();

        await Expect.ThrowsExactlyAsync<ServiceUnavailableException>(() => provider.GetRequiredService<IncidentClient>().AcceptAsync(Incident, "op"));

        Assert.That(coc.Requests, Is.EqualTo(1));
    }
}
