using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentSdk.Tests.Http;

/// <summary>
/// <see cref="Http.ResilienceOptions.RateLimiter"/>: a permit before every attempt, a wait for one within the call's
/// total timeout, and a client-side <see cref="ThrottledException"/> with nothing sent past it.
/// </summary>
public sealed class RateLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Every_attempt_takes_a_permit_before_it_is_sent_retries_included()
    {
        var log = new ConcurrentQueue<string>();
        var server = new Server(log, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        var limiter = new ScriptedLimiter(log);
        using var client = CocTest.Client(server, o => o.Resilience.RateLimiter = limiter);

        await client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        Assert.That(log, Is.EqualTo(new[] { "attempt:granted", "send", "attempt:granted", "send" }));
    }

    [Test]
    public async Task A_refusal_is_asked_again_after_the_retry_after_it_names_on_the_clients_clock()
    {
        var clock = new FakeClock(Start);
        var log = new ConcurrentQueue<string>();
        var server = new Server(log, HttpStatusCode.OK);
        var limiter = new ScriptedLimiter(log) { Attempt = () => ScriptedLimiter.Lease.Refused(TimeSpan.FromMilliseconds(300)) }
            .ThenRefuse(TimeSpan.FromMilliseconds(300))
            .ThenGrant();
        using var client = CocTest.Client(server, o =>
        {
            o.TimeProvider = clock;
            o.Resilience.RateLimiter = limiter;
        });

        await client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        Assert.Multiple(() =>
        {
            Assert.That(log, Is.EqualTo(new[] { "attempt:refused", "acquire:refused", "acquire:granted", "send" }));
            Assert.That(clock.Waits, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(300) }));
        });
    }

    [TestCase(0, 25, TestName = "Retry-After of 0 seconds (a number, as RedisRateLimiting sends) waits the 25 ms poll interval")]
    [TestCase(2, 2000, TestName = "Retry-After of 2 seconds as a number waits 2 s")]
    public async Task Retry_after_as_whole_seconds_is_understood(int seconds, int expectedMs)
    {
        var clock = new FakeClock(Start);
        var limiter = new ScriptedLimiter { Attempt = () => ScriptedLimiter.Lease.Refused(null) }.ThenRefuse(seconds).ThenGrant();
        var server = new Server(new ConcurrentQueue<string>(), HttpStatusCode.OK);
        using var client = CocTest.Client(server, o =>
        {
            o.TimeProvider = clock;
            o.Resilience.RateLimiter = limiter;
        });

        await client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        Assert.That(clock.Waits, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(expectedMs) }));
    }

    [Test]
    public void No_permit_within_the_total_timeout_fails_with_a_client_side_ThrottledException_and_sends_nothing()
    {
        var clock = new FakeClock(Start);
        var log = new ConcurrentQueue<string>();
        var server = new Server(log, HttpStatusCode.OK);
        var limiter = new ScriptedLimiter(log) { Attempt = () => ScriptedLimiter.Lease.Refused(TimeSpan.FromSeconds(2)) }
            .ThenRefuse(TimeSpan.FromSeconds(2));
        using var client = CocTest.Client(server, o =>
        {
            o.TimeProvider = clock;
            o.Resilience.RateLimiter = limiter;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(1);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(1);
        });

        var error = Assert.ThrowsAsync<ThrottledException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(error!.IsClientSide, Is.True);
            Assert.That(error.RequestMayHaveReachedServer, Is.False);
            Assert.That(error.StatusCode, Is.Null);
            Assert.That(error.ErrorCode, Is.Null);
            Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(error.Error.Operation, Is.EqualTo("acceptedIncident1"));
            Assert.That(error.Message, Is.EqualTo(
                "The call was not sent: the client's rate limiter gave no permit within the call's total timeout of 00:00:01. (operation acceptedIncident1)"));
            Assert.That(log, Is.EqualTo(new[] { "attempt:refused", "acquire:refused" }), "a wait past the budget is not started; nothing is sent or retried");
            Assert.That(clock.Waits, Is.Empty);
        });
    }

    [Test]
    public void Refusals_are_waited_out_while_the_budget_allows_and_the_call_ends_before_a_wait_that_would_pass_it()
    {
        var clock = new FakeClock(Start);
        var log = new ConcurrentQueue<string>();
        var wait = TimeSpan.FromMilliseconds(400);
        var limiter = new ScriptedLimiter(log) { Attempt = () => ScriptedLimiter.Lease.Refused(wait) }
            .ThenRefuse(wait).ThenRefuse(wait).ThenRefuse(wait).ThenGrant();
        using var client = CocTest.Client(new Server(log, HttpStatusCode.OK), o =>
        {
            o.TimeProvider = clock;
            o.Resilience.RateLimiter = limiter;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(1);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(1);
        });

        var error = Assert.ThrowsAsync<ThrottledException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            // 400 + 400 ms fit in the 1 s budget (less the 10 ms attempt floor); a third 400 ms would not.
            Assert.That(clock.Waits, Is.EqualTo(new[] { wait, wait }));
            Assert.That(log, Is.EqualTo(new[] { "attempt:refused", "acquire:refused", "acquire:refused", "acquire:refused" }));
            Assert.That(error!.IsClientSide, Is.True);
            Assert.That(error.RetryAfter, Is.EqualTo(wait));
        });
    }

    [Test]
    public void A_create_refused_by_the_limiter_is_thrown_as_is_with_no_read_back()
    {
        var clock = new FakeClock(Start);
        var log = new ConcurrentQueue<string>();
        var limiter = new ScriptedLimiter(log) { Attempt = () => ScriptedLimiter.Lease.Refused(TimeSpan.FromMinutes(5)) }
            .ThenRefuse(TimeSpan.FromMinutes(5));
        using var client = CocTest.Client(new Server(log, HttpStatusCode.OK), o =>
        {
            o.TimeProvider = clock;
            o.Resilience.RateLimiter = limiter;
        });
        var request = new CreateIncidentRequest("DB down", IncidentLevel.P2, IncidentCategory.SecurityIssues, "incident_source_alarm", CocTest.Operator)
        {
            Assignee = CocTest.Operator,
            Marker = "zabbix-event-12345",
        };

        var error = Assert.ThrowsAsync<ThrottledException>(() => client.CreateIncidentAsync(request));

        Assert.Multiple(() =>
        {
            Assert.That(error!.IsClientSide, Is.True);
            Assert.That(error.Error.Operation, Is.EqualTo("CreateCocIncident"));
            Assert.That(log, Is.EqualTo(new[] { "attempt:refused", "acquire:refused" }), "no create sent, no list read back");
            Assert.That(clock.Waits, Is.Empty);
        });
    }

    [Test]
    public void A_server_throttle_is_not_client_side()
    {
        var server = new Server(new ConcurrentQueue<string>(), (HttpStatusCode)429);
        using var client = CocTest.Client(server, o => o.Resilience.MaxRetries = 0);

        var error = Assert.ThrowsAsync<ThrottledException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(error!.IsClientSide, Is.False);
            Assert.That(error.StatusCode, Is.EqualTo(429));
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
        });
    }

    [Test]
    public void A_limiter_that_queues_past_the_budget_ends_the_call_unsent()
    {
        var log = new ConcurrentQueue<string>();
        using var client = QueueingForeverClient(log, o =>
        {
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(200);
            o.Resilience.TotalTimeout = TimeSpan.FromMilliseconds(200);
        });

        var error = Assert.ThrowsAsync<ThrottledException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(error!.IsClientSide, Is.True);
            Assert.That(error.RetryAfter, Is.Null);
            Assert.That(log, Does.Not.Contain("send"));
        });
    }

    [Test]
    public void The_callers_cancellation_while_waiting_for_a_permit_surfaces_as_cancellation()
    {
        var log = new ConcurrentQueue<string>();
        using var client = QueueingForeverClient(log, _ => { });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Assert.CatchAsync<OperationCanceledException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator, cancel.Token));
        Assert.That(log, Does.Not.Contain("send"));
    }

    [Test]
    public void A_limiter_that_throws_ends_the_call_unsent_with_its_exception_inside()
    {
        var log = new ConcurrentQueue<string>();
        var server = new Server(log, HttpStatusCode.OK);
        var failure = new InvalidOperationException("redis is down");
        var limiter = new ScriptedLimiter(log) { Attempt = () => ScriptedLimiter.Lease.Refused(null) }
            .Then(_ => throw failure);
        using var client = CocTest.Client(server, o => o.Resilience.RateLimiter = limiter);

        var error = Assert.ThrowsAsync<IncidentSdkException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(error!.GetType(), Is.EqualTo(typeof(IncidentSdkException)));
            Assert.That(error.InnerException, Is.SameAs(failure));
            Assert.That(error.RequestMayHaveReachedServer, Is.False);
            Assert.That(error.Message, Is.EqualTo("The call 'acceptedIncident1' was not sent: the client's rate limiter threw InvalidOperationException (the inner exception)."));
            Assert.That(log, Does.Not.Contain("send"), "not retried, not sent");
        });
    }

    [Test]
    public async Task A_lease_is_held_for_its_attempt_so_a_concurrency_limiter_bounds_calls_in_flight()
    {
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 10 });
        var probe = new ConcurrencyProbeHandler(TimeSpan.FromMilliseconds(30));
        using var client = new JsonRpcEventClient(new HttpClient(probe), ZabbixTest.Options(configure: o => o.Resilience.RateLimiter = limiter));

        await Task.WhenAll(Enumerable.Range(1, 4).Select(i => client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([i.ToString(System.Globalization.CultureInfo.InvariantCulture)]))));

        Assert.Multiple(() =>
        {
            Assert.That(probe.Calls, Has.Count.EqualTo(4));
            Assert.That(probe.MaxInFlight, Is.EqualTo(1));
            Assert.That(limiter.GetStatistics()!.CurrentAvailablePermits, Is.EqualTo(1), "every lease was returned");
        });
    }

    [Test]
    public async Task One_limiter_shared_by_a_COC_and_a_Zabbix_client_counts_both_logins_included()
    {
        var limiter = new ScriptedLimiter();
        using var coc = CocTest.Client(new Server(new ConcurrentQueue<string>(), HttpStatusCode.OK), o => o.Resilience.RateLimiter = limiter);
        var mock = new MockHttpMessageHandler();
        mock.Rpc("user.login").Result("\"" + ZabbixTest.Session + "\"");
        mock.Rpc("event.acknowledge").Result("""{"eventids":["1"]}""");
        using var zabbix = ZabbixTest.Client(mock, "7.0.0", o =>
        {
            o.ApiToken = null;
            o.Username = "Admin";
            o.Password = ZabbixTest.Password;
            o.Resilience.RateLimiter = limiter;
        });

        await coc.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);
        await zabbix.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"]));

        Assert.That(limiter.Permits, Is.EqualTo(3), "the COC call, the Zabbix login and the acknowledgement");
    }

    [Test]
    public void A_request_refused_by_validation_takes_no_permit()
    {
        var limiter = new ScriptedLimiter();
        using var client = CocTest.Client(new Server(new ConcurrentQueue<string>(), HttpStatusCode.OK), o => o.Resilience.RateLimiter = limiter);

        Assert.ThrowsAsync<RequestValidationException>(() => client.AcceptAsync(string.Empty, CocTest.Operator));

        Assert.That(limiter.Log, Is.Empty);
    }

    [Test]
    public async Task Two_registrations_for_two_accounts_share_one_limiter_across_a_configuration_reload()
    {
        var limiter = new ScriptedLimiter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Coc:Endpoint"] = CocTest.Endpoint,
            ["Coc:AuthToken"] = "token",
        }).Build();
        var services = new ServiceCollection();
        void Configure(IncidentClientOptions o)
        {
            IncidentSdk.DependencyInjection.IncidentClientOptionsBinder.Bind(configuration.GetSection("Coc"), o);
            o.Resilience.RateLimiter = limiter;
        }

        var server = new Server(new ConcurrentQueue<string>(), HttpStatusCode.OK);
        services.AddIncidentClient("eu", Configure).ConfigurePrimaryHttpMessageHandler(() => server);
        services.AddIncidentClient("ap", Configure).ConfigurePrimaryHttpMessageHandler(() => server);
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IIncidentClientFactory>();

        await factory.CreateClient("eu").AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);
        await factory.CreateClient("ap").AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);
        configuration["Coc:AuthToken"] = "token-2";
        configuration.Reload();
        await factory.CreateClient("eu").AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        Assert.That(limiter.Permits, Is.EqualTo(3));
    }

    /// <summary>A COC client on the system clock whose limiter refuses at once and then queues the call until cancelled.</summary>
    private static IncidentClient QueueingForeverClient(ConcurrentQueue<string> log, Action<IncidentClientOptions> configure)
    {
        var limiter = new ScriptedLimiter(log) { Attempt = () => ScriptedLimiter.Lease.Refused(null) }
            .Then(async ct =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                return ScriptedLimiter.Lease.Granted();
            });
        return CocTest.Client(new Server(log, HttpStatusCode.OK), o =>
        {
            o.TimeProvider = TimeProvider.System;
            o.Resilience.RateLimiter = limiter;
            configure(o);
        });
    }

    /// <summary>Answers with the given statuses in turn (the last one repeated), logging "send" for each request.</summary>
    private sealed class Server(ConcurrentQueue<string> log, params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        private int _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            log.Enqueue("send");
            var status = statuses[Math.Min(Interlocked.Increment(ref _count) - 1, statuses.Length - 1)];
            var body = status == HttpStatusCode.OK ? CocBodies.Success : CocBodies.Gateway("APIG.0308", "throttled");
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
