namespace IncidentSdk.Tests.Http;

/// <summary>
/// Each attempt gets the attempt timeout, shortened to what is left of the total budget, and never less than the
/// attempt floor (10 ms): an attempt always has a timer, even one that starts after the budget ran out.
/// </summary>
public sealed class AttemptTimeoutTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public void Each_attempt_times_out_after_the_attempt_timeout_and_the_last_where_the_budget_ends()
    {
        var clock = new FakeClock(Start);
        var server = new StallingServer(clock);
        using var client = StallClient(server, clock, maxRetries: 10);

        var error = Assert.ThrowsAsync<RequestTimeoutException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1"])));

        Assert.Multiple(() =>
        {
            // 0-300 attempt, 100 wait, 400-700 attempt, 200 wait, 900-1000 attempt cut short at the budget's end.
            Assert.That(server.Starts, Is.EqualTo(Ms(0, 400, 900)));
            Assert.That(server.TimedOutAfter, Is.EqualTo(Ms(300, 300, 100)));
            Assert.That(clock.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(error!.Message, Does.Contain("timed out after 00:00:01;"), "the budget, not the attempt timeout, ended the call");
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
        });
    }

    [Test]
    public void An_attempt_whose_full_timeout_ends_exactly_with_the_budget_reports_the_budget()
    {
        // After a 600 ms answer and a 100 ms delay, 300 ms are left: exactly the attempt timeout, so the attempt keeps
        // it, and its end is the end of the budget too.
        var clock = new FakeClock(Start);
        var server = new StallingServer(clock) { FirstAnswerAfter = TimeSpan.FromMilliseconds(600) };
        using var client = StallClient(server, clock);

        var error = Assert.ThrowsAsync<RequestTimeoutException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1"])));

        Assert.Multiple(() =>
        {
            Assert.That(server.Starts, Is.EqualTo(Ms(0, 700)));
            Assert.That(server.TimedOutAfter, Is.EqualTo(Ms(300)));
            Assert.That(error!.Message, Does.Contain("timed out after 00:00:01;"));
        });
    }

    [Test]
    public void An_attempt_that_ends_on_its_own_timeout_reports_the_attempt_timeout()
    {
        var clock = new FakeClock(Start);
        var server = new StallingServer(clock);
        using var client = CocTest.Client(server, o =>
        {
            o.TimeProvider = clock;
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(1);
        });

        var error = Assert.ThrowsAsync<RequestTimeoutException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(server.TimedOutAfter, Is.EqualTo(Ms(300)), "a ticket action that may have been acted on is not retried");
            Assert.That(error!.Message, Does.Contain("timed out after 00:00:00.3000000;"));
        });
    }

    [Test]
    public void An_attempt_that_starts_with_the_budget_spent_still_gets_the_floor_timeout()
    {
        // A clock that jumps a whole budget at every reading: by the time the first attempt's timeout is worked out,
        // nothing (less than nothing) is left. The attempt still gets a timer, of the 10 ms floor, instead of none.
        var clock = new JumpingClock(Start, jump: TimeSpan.FromSeconds(1));
        var server = new HangingServer();
        using var client = CocTest.Client(server, o =>
        {
            o.TimeProvider = clock;
            o.Resilience.MaxRetries = 0;
            o.Resilience.CircuitBreaker.Enabled = false;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(1);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(1);
        });
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var error = Assert.CatchAsync<Exception>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator, guard.Token));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.InstanceOf<RequestTimeoutException>(), "the attempt timed out rather than waiting for the caller to give up");
            Assert.That(error!.Message, Does.Contain("timed out after 00:00:01;"));
            Assert.That(server.Calls, Is.EqualTo(1));
        });
    }

    private static TimeSpan[] Ms(params int[] milliseconds) => Array.ConvertAll(milliseconds, m => TimeSpan.FromMilliseconds(m));

    /// <summary>Never answers: moves the fake clock a millisecond at a time until the attempt is cancelled, and records when.</summary>
    /// <summary>
    /// A Zabbix client on <paramref name="clock"/>: a 100 ms base delay, 300 ms attempts in a one-second budget, no
    /// circuit breaker, and <paramref name="maxRetries"/> retries when given (the default otherwise).
    /// </summary>
    private static JsonRpcEventClient StallClient(StallingServer server, FakeClock clock, int? maxRetries = null) =>
        new(new HttpClient(server), ZabbixTest.Options(configure: o =>
        {
            o.TimeProvider = clock;
            if (maxRetries is { } retries)
            {
                o.Resilience.MaxRetries = retries;
            }

            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(100);
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(1);
            o.Resilience.CircuitBreaker.Enabled = false;
        }));

    private sealed class StallingServer(FakeClock clock) : HttpMessageHandler
    {
        public List<TimeSpan> Starts { get; } = [];

        public List<TimeSpan> TimedOutAfter { get; } = [];

        /// <summary>When set, the first attempt is answered 503 after this long instead of stalling.</summary>
        public TimeSpan? FirstAnswerAfter { get; init; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var started = clock.Elapsed;
            Starts.Add(started);
            if (Starts.Count == 1 && FirstAnswerAfter is { } after)
            {
                clock.Advance(after);
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new ByteArrayContent([]) });
            }

            for (var i = 0; i < 100_000 && !cancellationToken.IsCancellationRequested; i++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(1));
            }

            TimedOutAfter.Add(clock.Elapsed - started);
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("The attempt was never cancelled.");
        }
    }

    /// <summary>Never answers, in real time, until the attempt is cancelled.</summary>
    private sealed class HangingServer : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    /// <summary>
    /// A clock whose timestamp jumps ahead at every reading, as a machine that stalls between the steps of a call;
    /// its timers are real.
    /// </summary>
    private sealed class JumpingClock(DateTimeOffset start, TimeSpan jump) : TimeProvider
    {
        private readonly object _gate = new();
        private long _ticks = start.UtcTicks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override DateTimeOffset GetUtcNow()
        {
            lock (_gate)
            {
                return new DateTimeOffset(_ticks, TimeSpan.Zero);
            }
        }

        public override long GetTimestamp()
        {
            lock (_gate)
            {
                var now = _ticks;
                _ticks += jump.Ticks;
                return now;
            }
        }
    }
}
