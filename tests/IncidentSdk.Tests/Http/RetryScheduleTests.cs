using System.IO;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace IncidentSdk.Tests.Http;

/// <summary>
/// When the policy retries and how long it waits before each retry: per answer and per operation, never after the
/// last allowed attempt, never into an open circuit or past the caller's cancellation, with the backoff capped and
/// the budget's floor kept. On a fake clock: every wait is recorded, none is real.
/// </summary>
public sealed class RetryScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ms100 = TimeSpan.FromMilliseconds(100);

    [Test]
    public void The_backoff_doubles_and_no_delay_follows_the_last_attempt()
    {
        var clock = new FakeClock(Start);
        var server = new Server(clock, (_, _, _) => Status(HttpStatusCode.ServiceUnavailable));
        using var logs = new FakeLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        using var client = Coc(server, clock, o =>
        {
            o.Logging.LoggerFactory = factory;
            o.Resilience.MaxRetries = 3;
        });

        var error = Assert.ThrowsAsync<ServiceUnavailableException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(server.Starts, Is.EqualTo(Times(0, 100, 300, 700)), "1 attempt + 3 retries");
            Assert.That(clock.Waits, Is.EqualTo(Times(100, 200, 400)), "no wait after the fourth attempt");
            Assert.That(clock.Elapsed, Is.EqualTo(TimeSpan.FromMilliseconds(700)));
            Assert.That(error!.StatusCode, Is.EqualTo(503));
            Assert.That(Retries(logs), Is.EqualTo(new[]
            {
                "Retrying acceptedIncident1 (attempt 2) in 100 ms after HTTP 503",
                "Retrying acceptedIncident1 (attempt 3) in 200 ms after HTTP 503",
                "Retrying acceptedIncident1 (attempt 4) in 400 ms after HTTP 503",
            }));
        });
    }

    [Test]
    public void The_backoff_is_capped_at_the_max_delay()
    {
        var clock = new FakeClock(Start);
        var server = new Server(clock, (_, _, _) => Status(HttpStatusCode.ServiceUnavailable));
        using var client = Coc(server, clock, o =>
        {
            o.Resilience.MaxRetries = 4;
            o.Resilience.MaxDelay = TimeSpan.FromMilliseconds(250);
        });

        Assert.ThrowsAsync<ServiceUnavailableException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.That(clock.Waits, Is.EqualTo(Times(100, 200, 250, 250)));
    }

    [Test]
    public void Jitter_draws_between_half_and_all_of_the_backoff_from_the_seeded_source()
    {
        var clock = new FakeClock(Start);
        var server = new Server(clock, (_, _, _) => Status(HttpStatusCode.ServiceUnavailable));
        var draws = new Queue<double>([0.0, 0.5, 0.999]);
        using var client = Coc(server, clock, o =>
        {
            o.Resilience.MaxRetries = 3;
            o.Resilience.UseJitter = true;
            o.Resilience.JitterSource = draws.Dequeue;
        });

        Assert.ThrowsAsync<ServiceUnavailableException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        // 100 × (0.5 + 0 × 0.5) = 50; 200 × 0.75 = 150; 400 × 0.9995 = 399.8, rounded up to whole milliseconds.
        Assert.That(clock.Waits, Is.EqualTo(Times(50, 150, 400)));
    }

    [Test]
    public void A_retry_after_up_to_the_cap_is_waited_on_the_clients_clock_and_a_longer_one_is_not()
    {
        var clock = new FakeClock(Start);
        var server = new Server(clock, (attempt, _, _) => attempt switch
        {
            0 => Status((HttpStatusCode)429, ("Retry-After", "30")),
            _ => Status((HttpStatusCode)429, ("Retry-After", "31")),
        });
        using var client = Coc(server, clock, o => o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(30));

        var error = Assert.ThrowsAsync<ThrottledException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(clock.Waits, Is.EqualTo(new[] { TimeSpan.FromSeconds(30) }), "Retry-After replaces the 100 ms backoff");
            Assert.That(server.Starts, Is.EqualTo(new[] { TimeSpan.Zero, TimeSpan.FromSeconds(30) }));
            Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(31)));
        });
    }

    [Test]
    public void A_retry_after_date_is_read_on_the_clients_clock()
    {
        var clock = new FakeClock(Start);
        var server = new Server(clock, (attempt, _, _) => attempt == 0
            ? Status(HttpStatusCode.ServiceUnavailable, ("Retry-After", "Sun, 01 Mar 2026 08:00:07 GMT"))
            : Status(HttpStatusCode.OK));
        using var client = Coc(server, clock);

        Assert.DoesNotThrowAsync(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.That(clock.Waits, Is.EqualTo(new[] { TimeSpan.FromSeconds(7) }));
    }

    [Test]
    public void A_retry_that_leaves_exactly_the_floor_is_made()
    {
        // 110 ms are left after the first answer: the 100 ms delay leaves 10 ms, the attempt floor, so the second
        // attempt starts (its timeout clamped to those 10 ms).
        var clock = new FakeClock(Start);
        var server = new Server(clock, (attempt, _, _) =>
        {
            if (attempt == 0)
            {
                clock.Advance(TimeSpan.FromMilliseconds(890));
            }

            return Status(HttpStatusCode.ServiceUnavailable);
        });
        using var client = Coc(server, clock, o =>
        {
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(1);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(1);
        });

        Assert.ThrowsAsync<ServiceUnavailableException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(server.Starts, Is.EqualTo(Times(0, 990)));
            Assert.That(clock.Waits, Is.EqualTo(new[] { Ms100 }));
        });
    }

    [Test]
    public void An_open_circuit_ends_the_retries_without_waiting_another_delay()
    {
        var clock = new FakeClock(Start);
        var server = new Server(clock, (_, _, _) => Status(HttpStatusCode.ServiceUnavailable));
        using var client = Coc(server, clock, o =>
        {
            o.Resilience.MaxRetries = 5;
            o.Resilience.CircuitBreaker.Enabled = true;
            o.Resilience.CircuitBreaker.FailureRatio = 1;
            o.Resilience.CircuitBreaker.MinimumThroughput = 2;
            o.Resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(5);
        });

        var open = Assert.ThrowsAsync<CircuitOpenException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            // Two 503s open the circuit; the 503 is retried (200 ms), the circuit refuses, and the call ends there.
            Assert.That(server.Starts, Is.EqualTo(Times(0, 100)));
            Assert.That(clock.Waits, Is.EqualTo(Times(100, 200)));
            Assert.That(open!.RetryAfter, Is.EqualTo(TimeSpan.FromMilliseconds(4800)));
        });
    }

    [Test]
    public void An_answer_that_arrives_as_the_caller_cancels_is_not_retried()
    {
        var clock = new FakeClock(Start);
        using var caller = new CancellationTokenSource();
        var server = new Server(clock, (_, _, _) =>
        {
            caller.Cancel();
            return Status(HttpStatusCode.ServiceUnavailable);
        });
        using var logs = new FakeLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        using var client = Coc(server, clock, o => o.Logging.LoggerFactory = factory);

        var error = Assert.CatchAsync<Exception>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator, caller.Token));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.InstanceOf<ServiceUnavailableException>(), "the answer that came surfaces");
            Assert.That(server.Starts, Has.Count.EqualTo(1));
            Assert.That(clock.Waits, Is.Empty);
            Assert.That(Retries(logs), Is.Empty, "no retry was even planned");
        });
    }

    [Test]
    public async Task An_answer_a_retry_replaces_is_disposed_and_the_last_one_is_the_callers()
    {
        var answers = new List<HttpResponseMessage>();
        var server = new Server(new FakeClock(Start), (attempt, _, _) =>
        {
            HttpResponseMessage answer = attempt < 2 ? new TrackedResponse() : Status(HttpStatusCode.OK);
            answers.Add(answer);
            return answer;
        });
        using var client = CocTest.Client(server, o => o.Resilience.BaseDelay = TimeSpan.Zero);

        await client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        Assert.Multiple(() =>
        {
            Assert.That(answers, Has.Count.EqualTo(3));
            Assert.That(answers.Take(2).Cast<TrackedResponse>().Select(a => a.Disposed), Is.All.True, "the two 503s a retry replaced are released");
        });
    }

    [Test]
    public async Task An_answer_kept_for_a_retry_is_disposed_when_the_caller_cancels_during_the_wait()
    {
        // On the system clock with a 10 s delay: the caller gives up 50 ms into it.
        using var caller = new CancellationTokenSource();
        var answers = new List<TrackedResponse>();
        var server = new Server(new FakeClock(Start), (_, _, _) =>
        {
            caller.CancelAfter(TimeSpan.FromMilliseconds(50));
            var answer = new TrackedResponse();
            answers.Add(answer);
            return answer;
        });
        using var client = CocTest.Client(server, o =>
        {
            o.TimeProvider = TimeProvider.System;
            o.Resilience.BaseDelay = TimeSpan.FromSeconds(10);
        });

        var call = client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator, caller.Token);
        Assert.CatchAsync<OperationCanceledException>(() => call);
        await Task.Yield();

        Assert.Multiple(() =>
        {
            Assert.That(answers, Has.Count.EqualTo(1));
            Assert.That(answers[0].Disposed, Is.True, "the 503 kept while waiting is released");
        });
    }

    public static IEnumerable<TestCaseData> Statuses()
    {
        // Status, retried for a ticket action (not idempotent), retried for a Zabbix close (idempotent).
        yield return new TestCaseData(429, true, true);
        yield return new TestCaseData(503, true, true);
        yield return new TestCaseData(500, false, true);
        yield return new TestCaseData(502, false, true);
        yield return new TestCaseData(504, false, true);
        yield return new TestCaseData(408, false, false);
        yield return new TestCaseData(400, false, false);
        yield return new TestCaseData(404, false, false);
        yield return new TestCaseData(409, false, false);
        yield return new TestCaseData(501, false, false);
        yield return new TestCaseData(505, false, false);
    }

    [TestCaseSource(nameof(Statuses))]
    public void Each_status_is_retried_only_where_it_is_safe(int status, bool cocRetries, bool zabbixRetries)
    {
        var clock = new FakeClock(Start);
        var cocServer = new Server(clock, (attempt, _, _) => attempt == 0 ? Status((HttpStatusCode)status) : Status(HttpStatusCode.OK));
        using var coc = Coc(cocServer, clock);
        var zabbixServer = new Server(clock, (attempt, _, _) => attempt == 0 ? Status((HttpStatusCode)status) : ZabbixTest.Json("""{"jsonrpc":"2.0","result":{"eventids":["1"]},"id":1}"""));
        using var zabbix = Zabbix(zabbixServer, clock);

        var cocError = Failure(() => coc.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        var zabbixError = Failure(() => zabbix.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1"])));

        Assert.Multiple(() =>
        {
            Assert.That(cocError, cocRetries ? Is.Null : Is.InstanceOf<ServiceException>().With.Property(nameof(ServiceException.StatusCode)).EqualTo(status));
            Assert.That(zabbixError, zabbixRetries ? Is.Null : Is.InstanceOf<ServiceException>().With.Property(nameof(ServiceException.StatusCode)).EqualTo(status));
            Assert.That(cocServer.Starts, Has.Count.EqualTo(cocRetries ? 2 : 1), "COC");
            Assert.That(zabbixServer.Starts, Has.Count.EqualTo(zabbixRetries ? 2 : 1), "Zabbix");
        });
    }

    public static IEnumerable<TestCaseData> AfterSending()
    {
        yield return new TestCaseData(new HttpRequestException("The response ended prematurely.", new IOException("reset"))).SetArgDisplayNames("HttpRequestException");
        yield return new TestCaseData(new IOException("Unable to read data from the transport connection.")).SetArgDisplayNames("IOException");
        yield return new TestCaseData(new TaskCanceledException("A handler gave up.")).SetArgDisplayNames("TaskCanceledException");
    }

    [TestCaseSource(nameof(AfterSending))]
    public void A_failure_after_sending_is_retried_for_an_idempotent_call_only(Exception failure)
    {
        var clock = new FakeClock(Start);
        using var logs = new FakeLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var cocServer = new Server(clock, (attempt, _, _) => attempt == 0 ? throw failure : Status(HttpStatusCode.OK));
        using var coc = Coc(cocServer, clock);
        var zabbixServer = new Server(clock, (attempt, _, _) => attempt == 0 ? throw failure : ZabbixTest.Json("""{"jsonrpc":"2.0","result":{"eventids":["1"]},"id":1}"""));
        using var zabbix = Zabbix(zabbixServer, clock, o => o.Logging.LoggerFactory = factory);

        var cocError = Assert.CatchAsync<IncidentSdkException>(() => coc.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        Assert.DoesNotThrowAsync(() => zabbix.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1"])));

        Assert.Multiple(() =>
        {
            Assert.That(cocServer.Starts, Has.Count.EqualTo(1), "a ticket action may have been acted on");
            Assert.That(zabbixServer.Starts, Has.Count.EqualTo(2));
            Assert.That(cocError, Is.InstanceOf<TransportException>());
            Assert.That(((TransportException)cocError!).RequestMayHaveReachedServer, Is.True);
            Assert.That(Retries(logs), Is.EqualTo(new[] { "Retrying event.acknowledge (attempt 2) in 100 ms after " + failure.GetType().Name }));
        });
    }

    [Test]
    public void An_attempt_timeout_is_retried_for_an_idempotent_call_and_logged_as_such()
    {
        var clock = new FakeClock(Start);
        using var logs = new FakeLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var server = new Server(clock, (attempt, _, cancellationToken) =>
        {
            if (attempt == 0)
            {
                clock.Advance(TimeSpan.FromSeconds(2));
                cancellationToken.ThrowIfCancellationRequested();
            }

            return ZabbixTest.Json("""{"jsonrpc":"2.0","result":{"eventids":["1"]},"id":1}""");
        });
        using var zabbix = Zabbix(server, clock, o =>
        {
            o.Logging.LoggerFactory = factory;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(2);
        });

        Assert.DoesNotThrowAsync(() => zabbix.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1"])));

        Assert.Multiple(() =>
        {
            Assert.That(server.Starts, Is.EqualTo(Times(0, 2100)));
            Assert.That(Retries(logs), Is.EqualTo(new[] { "Retrying event.acknowledge (attempt 2) in 100 ms after TimeoutRejectedException" }));
        });
    }

    private static Exception? Failure(Func<Task> call)
    {
        try
        {
            call().GetAwaiter().GetResult();
            return null;
        }
#pragma warning disable CA1031 // The test inspects whatever the call threw.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
    }

    private static TimeSpan[] Times(params int[] milliseconds) => milliseconds.Select(m => TimeSpan.FromMilliseconds(m)).ToArray();

    private static HttpResponseMessage Status(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        var response = status == HttpStatusCode.OK
            ? new HttpResponseMessage(status) { Content = new StringContent(CocBodies.Success, System.Text.Encoding.UTF8, "application/json") }
            : new HttpResponseMessage(status) { Content = new ByteArrayContent([]) };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    private static string[] Retries(FakeLoggerProvider logs) =>
        logs.Collector.GetSnapshot().Where(r => r.Id.Id == 4).Select(r => r.Message).ToArray();

    private static IncidentClient Coc(Server server, FakeClock clock, Action<IncidentClientOptions>? configure = null) =>
        CocTest.Client(server, o =>
        {
            o.TimeProvider = clock;
            o.Resilience.BaseDelay = Ms100;
            o.Resilience.CircuitBreaker.Enabled = false;
            configure?.Invoke(o);
        });

    private static JsonRpcEventClient Zabbix(Server server, FakeClock clock, Action<JsonRpcEventClientOptions>? configure = null) =>
        new(new HttpClient(server), ZabbixTest.Options(configure: o =>
        {
            o.TimeProvider = clock;
            o.Resilience.BaseDelay = Ms100;
            o.Resilience.CircuitBreaker.Enabled = false;
            configure?.Invoke(o);
        }));

    private sealed class TrackedResponse() : HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    /// <summary>A server on the fake clock: records when (clock time since the start) each attempt arrived.</summary>
    private sealed class Server(FakeClock clock, Func<int, Server, CancellationToken, HttpResponseMessage> answer) : HttpMessageHandler
    {
        private readonly List<TimeSpan> _starts = [];

        public IReadOnlyList<TimeSpan> Starts
        {
            get
            {
                lock (_starts)
                {
                    return [.. _starts];
                }
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            int attempt;
            lock (_starts)
            {
                _starts.Add(clock.Elapsed);
                attempt = _starts.Count - 1;
            }

            return Task.FromResult(answer(attempt, this, cancellationToken));
        }
    }
}
