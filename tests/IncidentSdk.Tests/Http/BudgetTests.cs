namespace IncidentSdk.Tests.Http;

/// <summary>
/// The total timeout is a budget: the delay checked against it is the delay waited, and no attempt starts with less
/// than the attempt floor (10 ms, what an attempt's timeout is clamped to) left. On a fake clock with seeded jitter.
/// </summary>
public sealed class BudgetTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(10);

    public static IEnumerable<int> Seeds => Enumerable.Range(1, 40);

    [TestCaseSource(nameof(Seeds))]
    public void With_jitter_the_delay_waited_is_the_delay_checked_and_no_attempt_starts_past_the_budget(int seed)
    {
        var clock = new FakeClock(Start);
        var server = new ClockedServer(clock, (_, _) => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        var random = new Random(seed);
        using var client = CocTest.Client(server, o =>
        {
            o.TimeProvider = clock;
            o.Resilience.MaxRetries = 10;
            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(400);
            o.Resilience.MaxDelay = TimeSpan.FromSeconds(10);
            o.Resilience.UseJitter = true;
            o.Resilience.JitterSource = random.NextDouble;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(1);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(1);
        });

        Assert.ThrowsAsync<ServiceUnavailableException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        var (starts, delays) = ExpectedSchedule(new Random(seed), TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(1), maxRetries: 10);
        Assert.Multiple(() =>
        {
            Assert.That(clock.Waits, Is.EqualTo(delays), "one draw per retry: the delay checked against the budget is the one waited");
            Assert.That(clock.Waits, Has.Count.EqualTo(server.Starts.Count - 1), "every retry waits its backoff");
            Assert.That(server.Starts, Is.EqualTo(starts));
            Assert.That(server.Starts, Has.All.LessThanOrEqualTo(TimeSpan.FromSeconds(1) - Floor), "no attempt starts with less than the floor left");
            Assert.That(clock.Elapsed, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(1)));
        });
    }

    [Test]
    public void A_wait_that_ends_too_late_for_a_useful_attempt_starts_none_and_the_last_answer_surfaces()
    {
        var clock = new FakeClock(Start) { WaitOverrun = TimeSpan.FromMilliseconds(15) };
        var server = new ClockedServer(clock, (attempt, cancellationToken) =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(attempt == 0 ? 880 : 50));
            cancellationToken.ThrowIfCancellationRequested();
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        });
        using var client = OneSecondClient(server, clock);

        // 120 ms are left after the first answer: a 100 ms delay leaves 20 ms, so the policy waits; the wait ends
        // 15 ms late, with 5 ms left, which is below the floor an attempt's timeout is clamped to.
        var error = Assert.ThrowsAsync<ServiceUnavailableException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(server.Starts, Is.EqualTo(new[] { TimeSpan.Zero }), "no second attempt with 5 ms left");
            Assert.That(clock.Waits, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(100) }));
            Assert.That(error!.StatusCode, Is.EqualTo(503));
        });
    }

    [Test]
    public void A_delay_that_would_leave_less_than_the_floor_is_not_waited()
    {
        var clock = new FakeClock(Start);
        var server = new ClockedServer(clock, (_, _) =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(895));
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        });
        using var client = OneSecondClient(server, clock);

        // 105 ms left, a 100 ms delay would leave 5 ms.
        Assert.ThrowsAsync<ServiceUnavailableException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(server.Starts, Has.Count.EqualTo(1));
            Assert.That(clock.Waits, Is.Empty);
            Assert.That(clock.Elapsed, Is.EqualTo(TimeSpan.FromMilliseconds(895)));
        });
    }

    /// <summary>A COC client on <paramref name="clock"/> with a 100 ms base delay and a one-second attempt timeout and budget.</summary>
    private static IncidentClient OneSecondClient(ClockedServer server, FakeClock clock) => CocTest.Client(server, o =>
    {
        o.TimeProvider = clock;
        o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(100);
        o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(1);
        o.Resilience.TotalTimeout = TimeSpan.FromSeconds(1);
    });

    /// <summary>The policy's schedule, computed independently: one draw per retry, waited only if the floor is left after it.</summary>
    private static (List<TimeSpan> Starts, List<TimeSpan> Delays) ExpectedSchedule(Random random, TimeSpan baseDelay, TimeSpan budget, int maxRetries)
    {
        var starts = new List<TimeSpan>();
        var delays = new List<TimeSpan>();
        var now = TimeSpan.Zero;
        for (var attempt = 0; ; attempt++)
        {
            starts.Add(now);
            if (attempt >= maxRetries)
            {
                break;
            }

            var capped = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, attempt), 10_000);
            var delay = TimeSpan.FromMilliseconds(Math.Ceiling(capped * (0.5 + (random.NextDouble() * 0.5))));
            if (budget - now - delay < Floor)
            {
                break;
            }

            delays.Add(delay);
            now += delay;
        }

        return (starts, delays);
    }

    /// <summary>A server on the fake clock: records when (clock time since the start) each attempt arrived.</summary>
    private sealed class ClockedServer(FakeClock clock, Func<int, CancellationToken, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<TimeSpan> Starts { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Starts.Add(clock.Elapsed);
            return Task.FromResult(answer(Starts.Count - 1, cancellationToken));
        }
    }
}
