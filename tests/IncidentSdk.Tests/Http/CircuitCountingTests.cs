using System.IO;
using System.Net.Sockets;

namespace IncidentSdk.Tests.Http;

/// <summary>
/// What the circuit counts against the service: no answer (a transport failure or an attempt timeout) and the answers
/// that say it is failing or overloaded (408, 429, 5xx). Not a 4xx, not the SDK's own refusals, not the caller's
/// cancellation. One attempt per call, two failures in a row open the circuit; on a fake clock.
/// </summary>
public sealed class CircuitCountingTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(5);

    public static IEnumerable<TestCaseData> Failures()
    {
        foreach (var status in new[] { 408, 429, 500, 502, 503, 504 })
        {
            yield return new TestCaseData(Kind.Status, status).SetArgDisplayNames("HTTP " + status);
        }

        yield return new TestCaseData(Kind.DroppedConnection, 0).SetArgDisplayNames("dropped connection");
        yield return new TestCaseData(Kind.ConnectionRefused, 0).SetArgDisplayNames("connection refused");
        yield return new TestCaseData(Kind.AttemptTimeout, 0).SetArgDisplayNames("attempt timeout");
    }

    [TestCaseSource(nameof(Failures))]
    public void Two_failures_open_the_circuit_and_the_third_call_is_not_sent(Kind kind, int status)
    {
        var clock = new FakeClock(Start);
        var server = new Server(clock, kind, status);
        using var client = Client(server, clock);

        for (var i = 0; i < 2; i++)
        {
            var error = Assert.CatchAsync<IncidentSdkException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
            Assert.That(error, Is.Not.InstanceOf<CircuitOpenException>(), "call " + (i + 1) + " was sent");
        }

        var open = Assert.ThrowsAsync<CircuitOpenException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(server.Requests, Is.EqualTo(2), "an open circuit sends nothing");
            Assert.That(open!.RequestMayHaveReachedServer, Is.False);
        });
    }

    public static IEnumerable<TestCaseData> NotFailures()
    {
        foreach (var status in new[] { 400, 401, 403, 404, 409, 413 })
        {
            yield return new TestCaseData(Kind.Status, status).SetArgDisplayNames("HTTP " + status);
        }

        yield return new TestCaseData(Kind.Redirect, 302).SetArgDisplayNames("redirect refused by the SDK");
        yield return new TestCaseData(Kind.CallerCancels, 0).SetArgDisplayNames("caller's cancellation");
    }

    [TestCaseSource(nameof(NotFailures))]
    public void Outcomes_that_say_nothing_about_the_service_never_open_the_circuit(Kind kind, int status)
    {
        var clock = new FakeClock(Start);
        var server = new Server(clock, kind, status);
        using var client = Client(server, clock);

        for (var i = 0; i < 5; i++)
        {
            using var caller = new CancellationTokenSource();
            server.Caller = caller;
            var error = Assert.CatchAsync<Exception>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator, caller.Token));
            Assert.That(error, Is.Not.InstanceOf<CircuitOpenException>(), "call " + (i + 1) + " was sent");
        }

        // The same client still reaches a service that now fails: the circuit counted none of the five.
        server.Switch(Kind.Status, 503);
        Assert.ThrowsAsync<ServiceUnavailableException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.That(server.Requests, Is.EqualTo(6));
    }

    [Test]
    public void A_4xx_between_failures_counts_as_a_success()
    {
        // A ratio of 0.5 over at least 4 attempts: 503 then three 400s is 1 failure in 4, so the circuit stays closed.
        var clock = new FakeClock(Start);
        var server = new Server(clock, Kind.Status, 503);
        using var client = Client(server, clock, failureRatio: 0.5, minimumThroughput: 4);

        Assert.ThrowsAsync<ServiceUnavailableException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        server.Switch(Kind.Status, 400);
        for (var i = 0; i < 3; i++)
        {
            Assert.ThrowsAsync<InvalidParameterException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        }

        server.Switch(Kind.Status, 200);
        Assert.DoesNotThrowAsync(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        Assert.That(server.Requests, Is.EqualTo(5));
    }

    [Test]
    public void The_break_runs_on_the_clients_clock_and_a_healthy_probe_closes_the_circuit()
    {
        var clock = new FakeClock(Start);
        var server = new Server(clock, Kind.Status, 503);
        using var client = Client(server, clock);
        for (var i = 0; i < 2; i++)
        {
            Assert.ThrowsAsync<ServiceUnavailableException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        }

        var open = Assert.ThrowsAsync<CircuitOpenException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        Assert.Multiple(() =>
        {
            Assert.That(open!.RetryAfter, Is.EqualTo(BreakDuration));
            Assert.That(open.RetryAt, Is.EqualTo(Start + BreakDuration));
            Assert.That(open.Message, Does.EndWith("It will let a call through again at 2026-03-01 08:00:05Z (in 5 s)."));
        });

        clock.Advance(BreakDuration - TimeSpan.FromMilliseconds(1));
        var stillOpen = Assert.ThrowsAsync<CircuitOpenException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        Assert.That(stillOpen!.RetryAfter, Is.EqualTo(TimeSpan.FromMilliseconds(1)));
        Assert.That(server.Requests, Is.EqualTo(2));

        // The break is over on the client's clock (no real time passed): the probe goes through, and its success
        // closes the circuit.
        clock.Advance(TimeSpan.FromMilliseconds(1));
        server.Switch(Kind.Status, 200);
        Assert.DoesNotThrowAsync(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        Assert.DoesNotThrowAsync(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        Assert.That(server.Requests, Is.EqualTo(4));
    }

    [Test]
    public void A_failed_probe_opens_the_circuit_again_for_a_whole_break()
    {
        var clock = new FakeClock(Start);
        var server = new Server(clock, Kind.Status, 503);
        using var client = Client(server, clock);
        for (var i = 0; i < 2; i++)
        {
            Assert.ThrowsAsync<ServiceUnavailableException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        }

        clock.Advance(BreakDuration);
        Assert.ThrowsAsync<ServiceUnavailableException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        var open = Assert.ThrowsAsync<CircuitOpenException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(server.Requests, Is.EqualTo(3), "the probe, then nothing");
            Assert.That(open!.RetryAt, Is.EqualTo(Start + BreakDuration + BreakDuration));
        });
    }

    private static IncidentClient Client(Server server, FakeClock clock, double failureRatio = 1, int minimumThroughput = 2) =>
        CocTest.Client(server, o =>
        {
            o.TimeProvider = clock;
            o.Resilience.MaxRetries = 0;
            o.Resilience.AttemptTimeout = AttemptTimeout;
            o.Resilience.CircuitBreaker.FailureRatio = failureRatio;
            o.Resilience.CircuitBreaker.MinimumThroughput = minimumThroughput;
            o.Resilience.CircuitBreaker.BreakDuration = BreakDuration;
        });

    public enum Kind
    {
        Status,
        DroppedConnection,
        ConnectionRefused,
        AttemptTimeout,
        Redirect,
        CallerCancels,
    }

    /// <summary>Fails every request the same way (until switched); counts the requests that reached it.</summary>
    private sealed class Server(FakeClock clock, Kind kind, int status) : HttpMessageHandler
    {
        private Kind _kind = kind;
        private int _status = status;

        public int Requests { get; private set; }

        public CancellationTokenSource? Caller { get; set; }

        public void Switch(Kind kind, int status)
        {
            _kind = kind;
            _status = status;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            switch (_kind)
            {
                case Kind.DroppedConnection:
                    throw new HttpRequestException("The response ended prematurely.", new IOException("reset"));
                case Kind.ConnectionRefused:
                    throw new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused));
                case Kind.AttemptTimeout:
                    clock.Advance(AttemptTimeout);
                    cancellationToken.ThrowIfCancellationRequested();
                    throw new InvalidOperationException("The attempt timeout did not fire on the client's clock.");
                case Kind.CallerCancels:
                    Caller!.Cancel();
                    cancellationToken.ThrowIfCancellationRequested();
                    throw new InvalidOperationException("The caller's cancellation did not reach the attempt.");
                case Kind.Redirect:
                    var redirect = new HttpResponseMessage((HttpStatusCode)_status) { Content = new ByteArrayContent([]) };
                    redirect.Headers.Location = new Uri("https://elsewhere.example.test/v1/external/incident/handle");
                    return Task.FromResult(redirect);
                default:
                    return Task.FromResult(_status == 200
                        ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(CocBodies.Success, System.Text.Encoding.UTF8, "application/json") }
                        : new HttpResponseMessage((HttpStatusCode)_status) { Content = new ByteArrayContent([]) });
            }
        }
    }
}
