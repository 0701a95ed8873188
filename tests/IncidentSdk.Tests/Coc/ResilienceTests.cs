using System.Diagnostics;
using System.Net.Sockets;
using IncidentSdk.Authentication;

namespace IncidentSdk.Tests.Coc;

/// <summary>COC actions are not idempotent: retried only when COC cannot have acted on them.</summary>
public class ResilienceTests
{
    [Test]
    public async Task A_503_is_retried_and_then_succeeds()
    {
        using var mock = new MockHttpMessageHandler();
        var unavailable = mock.Expect("*").Respond(HttpStatusCode.ServiceUnavailable);
        var ok = mock.Expect("*").Respond("application/json", CocBodies.Success);
        using var client = CocTest.Client(mock);

        await client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        mock.VerifyNoOutstandingExpectation();
        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(unavailable), Is.EqualTo(1));
            Assert.That(mock.GetMatchCount(ok), Is.EqualTo(1));
        });
    }

    [Test]
    public void A_429_is_retried_up_to_the_limit_and_then_surfaces_as_throttled()
    {
        using var mock = new MockHttpMessageHandler();
        var throttled = mock.When("*").Respond((HttpStatusCode)429, "application/json", CocBodies.Gateway("APIG.0308", "throttled"));
        using var client = CocTest.Client(mock, o => o.Resilience.MaxRetries = 2);

        var error = Assert.ThrowsAsync<ThrottledException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(throttled), Is.EqualTo(3), "1 attempt + 2 retries");
            Assert.That(error!.ErrorCode, Is.EqualTo("APIG.0308"));
        });
    }

    [Test]
    public async Task Retry_after_is_honoured()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect("*").Respond((HttpStatusCode)429, CocTest.Headers(("Retry-After", "1")), "application/json", CocBodies.Gateway("APIG.0308", "throttled"));
        mock.Expect("*").Respond("application/json", CocBodies.Success);
        using var client = CocTest.Client(mock);
        var clock = Stopwatch.StartNew();

        await client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        mock.VerifyNoOutstandingExpectation();
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)), "waited for Retry-After although the base delay is zero");
    }

    [Test]
    public void A_retry_after_longer_than_the_cap_is_not_waited_for()
    {
        using var mock = new MockHttpMessageHandler();
        var throttled = mock.When("*").Respond((HttpStatusCode)429, CocTest.Headers(("Retry-After", "3600")), "application/json", CocBodies.Gateway("APIG.0308", "throttled"));
        using var client = CocTest.Client(mock);

        var error = Assert.ThrowsAsync<ThrottledException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(throttled), Is.EqualTo(1));
            Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromHours(1)));
        });
    }

    [Test]
    public async Task A_connection_refused_is_retried_because_nothing_was_sent()
    {
        using var mock = new MockHttpMessageHandler();
        var refused = mock.Expect("*").Throw(new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)));
        mock.Expect("*").Respond("application/json", CocBodies.Success);
        using var client = CocTest.Client(mock);

        await client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        mock.VerifyNoOutstandingExpectation();
        Assert.That(mock.GetMatchCount(refused), Is.EqualTo(1));
    }

    public static readonly object[] NotSentFailures =
    [
#if !LIBRARY_NETSTANDARD
        // HttpRequestError exists from .NET 8; the netstandard2.0 build reads the inner exceptions below instead.
        new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known"),
        new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"),
        new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established"),
#endif
        new HttpRequestException("The SSL connection could not be established", new System.Security.Authentication.AuthenticationException("certificate rejected")),
        new HttpRequestException("No such host is known", new SocketException((int)SocketError.HostNotFound)),
    ];

    [TestCaseSource(nameof(NotSentFailures))]
    public async Task Dns_connection_and_tls_failures_are_retried_because_nothing_was_sent(HttpRequestException failure)
    {
        using var mock = new MockHttpMessageHandler();
        var failed = mock.Expect("*").Throw(failure);
        mock.Expect("*").Respond("application/json", CocBodies.Success);
        using var client = CocTest.Client(mock);

        await client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        mock.VerifyNoOutstandingExpectation();
        Assert.That(mock.GetMatchCount(failed), Is.EqualTo(1));
    }

    [Test]
    public void A_failure_before_sending_that_persists_says_the_request_did_not_reach_the_server()
    {
        using var mock = new MockHttpMessageHandler();
        var failed = mock.When("*").Throw(new HttpRequestException("No such host is known", new SocketException((int)SocketError.HostNotFound)));
        using var client = CocTest.Client(mock, o => o.Resilience.MaxRetries = 2);

        var error = Assert.ThrowsAsync<TransportException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(failed), Is.EqualTo(3));
            Assert.That(error!.RequestMayHaveReachedServer, Is.False);
        });
    }

    [TestCase(HttpStatusCode.InternalServerError)]
    [TestCase(HttpStatusCode.BadGateway)]
    [TestCase(HttpStatusCode.GatewayTimeout)]
    public void A_server_error_after_sending_is_not_retried_for_a_ticket_action(HttpStatusCode status)
    {
        using var mock = new MockHttpMessageHandler();
        var failing = mock.When("*").Respond(status);
        using var client = CocTest.Client(mock);

        Assert.ThrowsAsync<ServiceUnavailableException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.That(mock.GetMatchCount(failing), Is.EqualTo(1));
    }

    [Test]
    public void A_dropped_connection_after_sending_is_not_retried()
    {
        using var mock = new MockHttpMessageHandler();
        var dropped = mock.When("*").Throw(new HttpRequestException("The response ended prematurely.", new System.IO.IOException("reset")));
        using var client = CocTest.Client(mock);

        Assert.ThrowsAsync<TransportException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.That(mock.GetMatchCount(dropped), Is.EqualTo(1));
    }

    [Test]
    public void An_accept_that_timed_out_after_sending_is_not_retried()
    {
        var slow = new DelayingHandler(TimeSpan.FromSeconds(30));
        using var client = CocTest.Client(slow, o => o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<RequestTimeoutException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(slow.Calls, Is.EqualTo(1), "sent exactly once");
            Assert.That(error!.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.Message, Does.Contain("timed out after 00:00:00.2"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "the attempt timeout stopped the call");
        });
    }

    [Test]
    public void No_retry_starts_past_the_total_budget_and_the_last_answer_surfaces()
    {
        using var mock = new MockHttpMessageHandler();
        var unavailable = mock.When("*").Respond(HttpStatusCode.ServiceUnavailable);
        using var client = CocTest.Client(mock, o =>
        {
            o.Resilience.MaxRetries = 100;
            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(100);
            o.Resilience.MaxDelay = TimeSpan.FromMilliseconds(100);
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            o.Resilience.TotalTimeout = TimeSpan.FromMilliseconds(500);
        });
        var clock = Stopwatch.StartNew();

        Assert.ThrowsAsync<ServiceUnavailableException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(unavailable), Is.InRange(3, 5), "100 ms apart within 500 ms");
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromMilliseconds(500)), "no delay runs past the budget");
        });
    }

    [Test]
    public void An_attempt_is_cut_short_where_the_total_budget_ends()
    {
        var transport = new ScriptedHandler(ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable), ScriptedHandler.Hang);
        using var client = CocTest.Client(transport, o =>
        {
            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(100);
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(450);
            o.Resilience.TotalTimeout = TimeSpan.FromMilliseconds(500);
        });
        var clock = Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<RequestTimeoutException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(transport.Total, Is.EqualTo(2), "the 503, then one attempt cut short");
            Assert.That(error!.Message, Does.Contain("timed out after 00:00:00.5"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        });
    }

    [Test]
    public async Task Every_attempt_is_signed_anew_with_its_own_time()
    {
        var log = new RequestLog();
        using var mock = UnavailableThenSuccess(log);
        using var client = CocTest.Client(mock, o =>
        {
            // The clock moves a minute at every reading; the circuit breaker's readings would move it further.
            o.TimeProvider = new ManualTimeProvider(CocTest.SigningTime, TimeSpan.FromMinutes(1));
            o.Resilience.CircuitBreaker.Enabled = false;
        });

        await client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        var credentials = new AkSkCredentials(CocTest.AccessKey, CocTest.SecretKey);
        Assert.That(log.Requests, Has.Count.EqualTo(2));
        Assert.Multiple(async () =>
        {
            Assert.That(log.Requests[0].Header("X-Sdk-Date"), Is.EqualTo("20240322T071506Z"));
            Assert.That(log.Requests[1].Header("X-Sdk-Date"), Is.EqualTo("20240322T071606Z"));
            Assert.That(log.Requests[1].Header("Authorization"), Is.Not.EqualTo(log.Requests[0].Header("Authorization")));
            Assert.That(await SignatureVerifier.VerifyAsync(log.Requests[0], credentials), Is.True);
            Assert.That(await SignatureVerifier.VerifyAsync(log.Requests[1], credentials), Is.True);
        });
    }

    [Test]
    public async Task Every_attempt_asks_the_token_provider_again()
    {
        var log = new RequestLog();
        using var mock = UnavailableThenSuccess(log);
        var provider = new CountingTokenProvider();
        using var client = CocTest.Client(mock, o =>
        {
            o.Credentials = null;
            o.AuthTokenProvider = provider;
        });

        await client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        Assert.Multiple(() =>
        {
            Assert.That(log.Requests[0].Header("X-Auth-Token"), Is.EqualTo("token-1"));
            Assert.That(log.Requests[1].Header("X-Auth-Token"), Is.EqualTo("token-2"));
            Assert.That(log.Requests[0].Headers.ContainsKey("authorization"), Is.False, "no signature with token auth");
        });
    }

    [Test]
    public void A_cancelled_token_stops_at_once_and_sends_nothing()
    {
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond("application/json", CocBodies.Success);
        using var client = CocTest.Client(mock);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.CatchAsync<OperationCanceledException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator, cts.Token));

        Assert.That(mock.GetMatchCount(any), Is.Zero);
    }

    [Test]
    public void Cancelling_during_a_slow_attempt_stops_promptly_and_is_not_retried()
    {
        var slow = new DelayingHandler(TimeSpan.FromSeconds(30));
        using var client = CocTest.Client(slow);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var clock = Stopwatch.StartNew();

        Assert.CatchAsync<OperationCanceledException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator, cts.Token));

        Assert.Multiple(() =>
        {
            Assert.That(slow.Calls, Is.EqualTo(1));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        });
    }

    [Test]
    public void Cancelling_during_a_retry_delay_stops_promptly()
    {
        using var mock = new MockHttpMessageHandler();
        var unavailable = mock.When("*").Respond(HttpStatusCode.ServiceUnavailable);
        using var client = CocTest.Client(mock, o => o.Resilience.BaseDelay = TimeSpan.FromSeconds(20));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        Assert.CatchAsync<OperationCanceledException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator, cts.Token));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(unavailable), Is.EqualTo(1));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        });
    }

    private sealed class CountingTokenProvider : IAuthTokenProvider
    {
        private int _count;

        public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) =>
            new("token-" + Interlocked.Increment(ref _count));
    }

    /// <summary>A transport that answers 503 and then a success, logging both requests in <paramref name="log"/>.</summary>
    private static MockHttpMessageHandler UnavailableThenSuccess(RequestLog log)
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect("*").With(log.Capture).Respond(HttpStatusCode.ServiceUnavailable);
        mock.Expect("*").With(log.Capture).Respond("application/json", CocBodies.Success);
        return mock;
    }
}
