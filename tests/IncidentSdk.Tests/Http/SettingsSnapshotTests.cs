using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace IncidentSdk.Tests.Http;

/// <summary>
/// Each client keeps the retry and circuit settings, clock and logger it was built with; the circuit is shared by
/// the clients of one options object or one registration while its settings are the same.
/// </summary>
public sealed class SettingsSnapshotTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_coc_client_keeps_the_retry_settings_it_was_built_with()
    {
        var server = new CountingServer(HttpStatusCode.ServiceUnavailable);
        var options = CocTest.Options(o => o.Resilience.MaxRetries = 3);
        using var first = new IncidentClient(new HttpClient(server), options);
        options.Resilience.MaxRetries = 0;
        using var second = new IncidentClient(new HttpClient(server), options);

        Assert.ThrowsAsync<ServiceUnavailableException>(() => second.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        var secondAttempts = server.Requests;
        Assert.ThrowsAsync<ServiceUnavailableException>(() => first.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(secondAttempts, Is.EqualTo(1), "built with MaxRetries = 0");
            Assert.That(server.Requests - secondAttempts, Is.EqualTo(4), "built with MaxRetries = 3 before the change");
        });
    }

    [Test]
    public void A_zabbix_client_keeps_the_retry_settings_it_was_built_with()
    {
        var server = new CountingServer(HttpStatusCode.ServiceUnavailable);
        var options = ZabbixTest.Options(configure: o => o.Resilience.MaxRetries = 3);
        using var first = new JsonRpcEventClient(new HttpClient(server), options);
        options.Resilience.MaxRetries = 0;
        using var second = new JsonRpcEventClient(new HttpClient(server), options);

        Assert.ThrowsAsync<ServiceUnavailableException>(() => second.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1"])));
        var secondAttempts = server.Requests;
        Assert.ThrowsAsync<ServiceUnavailableException>(() => first.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1"])));

        Assert.Multiple(() =>
        {
            Assert.That(secondAttempts, Is.EqualTo(1));
            Assert.That(server.Requests - secondAttempts, Is.EqualTo(4));
        });
    }

    [Test]
    public void A_client_keeps_the_clock_and_logger_it_was_built_with()
    {
        using var firstLogs = new FakeLoggerProvider();
        using var firstFactory = LoggerFactory.Create(b => b.AddProvider(firstLogs));
        using var secondLogs = new FakeLoggerProvider();
        using var secondFactory = LoggerFactory.Create(b => b.AddProvider(secondLogs));
        var firstClock = new FakeClock(Start);
        var secondClock = new FakeClock(Start);
        var server = new CountingServer(HttpStatusCode.ServiceUnavailable);
        var options = CocTest.Options(o =>
        {
            o.TimeProvider = firstClock;
            o.Logging.LoggerFactory = firstFactory;
            o.Resilience.MaxRetries = 2;
            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(100);
        });
        using var first = new IncidentClient(new HttpClient(server), options);
        options.TimeProvider = secondClock;
        options.Logging.LoggerFactory = secondFactory;
        using var second = new IncidentClient(new HttpClient(server), options);

        Assert.ThrowsAsync<ServiceUnavailableException>(() => second.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(secondClock.Waits, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200) }), "the second client waits on its own clock");
            Assert.That(firstClock.Waits, Is.Empty);
            Assert.That(Retries(secondLogs), Is.EqualTo(new[]
            {
                "Retrying acceptedIncident1 (attempt 2) in 100 ms after HTTP 503",
                "Retrying acceptedIncident1 (attempt 3) in 200 ms after HTTP 503",
            }));
            Assert.That(Retries(firstLogs), Is.Empty);
        });
    }

    [Test]
    public void Clients_built_with_new_from_one_options_object_share_one_circuit()
    {
        var server = new CountingServer(HttpStatusCode.ServiceUnavailable);
        var options = CocTest.Options(o => BreakAfterThree(o.Resilience));
        using var first = new IncidentClient(new HttpClient(server), options);
        using var second = new IncidentClient(new HttpClient(server), options);

        for (var i = 0; i < 3; i++)
        {
            Assert.ThrowsAsync<ServiceUnavailableException>(() => first.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        }

        Assert.ThrowsAsync<CircuitOpenException>(() => second.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        Assert.That(server.Requests, Is.EqualTo(3), "the second client's call was not sent");
    }

    [Test]
    public void A_client_built_after_the_circuit_settings_changed_gets_a_circuit_for_the_new_settings()
    {
        var server = new CountingServer(HttpStatusCode.ServiceUnavailable);
        var options = CocTest.Options(o => BreakAfterThree(o.Resilience));
        using var first = new IncidentClient(new HttpClient(server), options);
        options.Resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(20);
        using var second = new IncidentClient(new HttpClient(server), options);
        using var third = new IncidentClient(new HttpClient(server), options);

        for (var i = 0; i < 3; i++)
        {
            Assert.ThrowsAsync<ServiceUnavailableException>(() => first.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        }

        Assert.ThrowsAsync<CircuitOpenException>(() => first.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        for (var i = 0; i < 3; i++)
        {
            Assert.ThrowsAsync<ServiceUnavailableException>(() => second.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        }

        var open = Assert.ThrowsAsync<CircuitOpenException>(() => third.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        Assert.Multiple(() =>
        {
            Assert.That(server.Requests, Is.EqualTo(6), "the first client's open circuit did not stop the second; the second's stopped the third");
            Assert.That(open!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(20)), "the third shares the circuit of the new settings");
        });
    }

    [Test]
    public void Clients_of_two_options_objects_do_not_share_a_circuit()
    {
        var server = new CountingServer(HttpStatusCode.ServiceUnavailable);
        using var first = new IncidentClient(new HttpClient(server), CocTest.Options(o => BreakAfterThree(o.Resilience)));
        using var second = new IncidentClient(new HttpClient(server), CocTest.Options(o => BreakAfterThree(o.Resilience)));

        for (var i = 0; i < 3; i++)
        {
            Assert.ThrowsAsync<ServiceUnavailableException>(() => first.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        }

        Assert.ThrowsAsync<ServiceUnavailableException>(() => second.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        Assert.That(server.Requests, Is.EqualTo(4));
    }

    [Test]
    public void After_a_reload_new_registered_coc_clients_use_the_new_settings_and_resolved_ones_keep_theirs()
    {
        var server = new CountingServer(HttpStatusCode.ServiceUnavailable);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Coc:Endpoint"] = CocTest.Endpoint,
            ["Coc:AuthToken"] = "token",
            ["Coc:Resilience:MaxRetries"] = "3",
            ["Coc:Resilience:BaseDelay"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddIncidentClient(configuration.GetSection("Coc")).ConfigurePrimaryHttpMessageHandler(() => server);
        services.AddSingleton<IOptionsChangeTokenSource<IncidentClientOptions>>(new ReloadSource<IncidentClientOptions>(configuration));
        using var provider = services.BuildServiceProvider();
        var before = provider.GetRequiredService<IncidentClient>();

        configuration["Coc:Resilience:MaxRetries"] = "0";
        configuration.Reload();
        var after = provider.GetRequiredService<IncidentClient>();

        Assert.ThrowsAsync<ServiceUnavailableException>(() => after.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        var afterAttempts = server.Requests;
        Assert.ThrowsAsync<ServiceUnavailableException>(() => before.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<IOptionsMonitor<IncidentClientOptions>>().CurrentValue.Resilience.MaxRetries, Is.EqualTo(0), "the options reloaded");
            Assert.That(afterAttempts, Is.EqualTo(1), "resolved after the reload: MaxRetries = 0");
            Assert.That(server.Requests - afterAttempts, Is.EqualTo(4), "resolved before the reload: MaxRetries = 3");
        });
    }

    [Test]
    public void After_a_reload_new_registered_zabbix_clients_use_the_new_settings_and_resolved_ones_keep_theirs()
    {
        var server = new CountingServer(HttpStatusCode.ServiceUnavailable);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Zabbix:Url"] = ZabbixTest.Url,
            ["Zabbix:ApiToken"] = ZabbixTest.Token,
            ["Zabbix:ServerVersion"] = "7.0.0",
            ["Zabbix:Resilience:MaxRetries"] = "3",
            ["Zabbix:Resilience:BaseDelay"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddJsonRpcEventClient(configuration.GetSection("Zabbix")).ConfigurePrimaryHttpMessageHandler(() => server);
        services.AddSingleton<IOptionsChangeTokenSource<JsonRpcEventClientOptions>>(new ReloadSource<JsonRpcEventClientOptions>(configuration));
        using var provider = services.BuildServiceProvider();
        var before = provider.GetRequiredService<JsonRpcEventClient>();

        configuration["Zabbix:Resilience:MaxRetries"] = "0";
        configuration.Reload();
        var after = provider.GetRequiredService<JsonRpcEventClient>();

        Assert.ThrowsAsync<ServiceUnavailableException>(() => after.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1"])));
        var afterAttempts = server.Requests;
        Assert.ThrowsAsync<ServiceUnavailableException>(() => before.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1"])));

        Assert.Multiple(() =>
        {
            Assert.That(afterAttempts, Is.EqualTo(1));
            Assert.That(server.Requests - afterAttempts, Is.EqualTo(4));
        });
    }

    [Test]
    public void The_clients_of_one_registration_share_one_circuit_across_a_reload_that_keeps_its_settings()
    {
        var server = new CountingServer(HttpStatusCode.ServiceUnavailable);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Coc:Endpoint"] = CocTest.Endpoint,
            ["Coc:AuthToken"] = "token",
            ["Coc:Resilience:MaxRetries"] = "0",
            ["Coc:Resilience:CircuitBreaker:MinimumThroughput"] = "3",
            ["Coc:Resilience:CircuitBreaker:BreakDuration"] = "00:00:30",
        }).Build();
        var services = new ServiceCollection();
        services.AddIncidentClient("eu", o => IncidentSdk.DependencyInjection.IncidentClientOptionsBinder.Bind(configuration.GetSection("Coc"), o))
            .ConfigurePrimaryHttpMessageHandler(() => server);
        services.AddIncidentClient("ap", o => IncidentSdk.DependencyInjection.IncidentClientOptionsBinder.Bind(configuration.GetSection("Coc"), o))
            .ConfigurePrimaryHttpMessageHandler(() => server);
        services.AddSingleton<IOptionsChangeTokenSource<IncidentClientOptions>>(new ReloadSource<IncidentClientOptions>(configuration, "eu"));
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IIncidentClientFactory>();
        var first = factory.CreateClient("eu");
        var other = factory.CreateClient("ap");
        for (var i = 0; i < 3; i++)
        {
            Assert.ThrowsAsync<ServiceUnavailableException>(() => first.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        }

        configuration["Coc:Resilience:MaxRetries"] = "2";
        configuration.Reload();
        var second = factory.CreateClient("eu");

        Assert.ThrowsAsync<CircuitOpenException>(() => second.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        Assert.That(server.Requests, Is.EqualTo(3), "the circuit of 'eu' is open for a client resolved after the reload");
        Assert.ThrowsAsync<ServiceUnavailableException>(() => other.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        Assert.That(server.Requests, Is.EqualTo(4), "'ap' has a circuit of its own");
    }

    private static void BreakAfterThree(IncidentSdk.Http.ResilienceOptions resilience)
    {
        resilience.MaxRetries = 0;
        resilience.CircuitBreaker.MinimumThroughput = 3;
        resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
    }

    private static string[] Retries(FakeLoggerProvider logs) =>
        logs.Collector.GetSnapshot().Where(r => r.Id.Id == 4).Select(r => r.Message).ToArray();

    /// <summary>Answers every request with one status and counts them.</summary>
    private sealed class CountingServer(HttpStatusCode status) : HttpMessageHandler
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return Task.FromResult(new HttpResponseMessage(status) { Content = new ByteArrayContent([]), RequestMessage = request });
        }
    }

    /// <summary>Tells the options monitor of registration <paramref name="name"/> when the configuration reloads, as an app wires it.</summary>
    private sealed class ReloadSource<TOptions>(IConfiguration configuration, string name = "") : IOptionsChangeTokenSource<TOptions>
    {
        public string Name => name;

        public IChangeToken GetChangeToken() => configuration.GetReloadToken();
    }
}
