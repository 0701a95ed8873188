using System.Diagnostics;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using IncidentSdk.Http;

namespace IncidentSdk.FaultTests.Support;

/// <summary>
/// The faults both services meet the same way, run once per service by the COC and Zabbix suites (each test runs under
/// the deriving fixture's name). A suite supplies its client, its call and how a server of its kind is started and
/// answers; the tests whose outcome differs by service keep their own names and call the shared bodies below.
/// </summary>
/// <typeparam name="TClient">The service's client.</typeparam>
public abstract class ServiceFaultSuite<TClient>
    where TClient : class, IDisposable
{
    /// <summary>The per-attempt timeout of the suite's clients (<see cref="EdgeClients.Common"/>).</summary>
    protected static readonly TimeSpan AttemptTimeout = EdgeClients.AttemptTimeout;

    /// <summary>The total budget of the suite's clients (<see cref="EdgeClients.Common"/>).</summary>
    protected static readonly TimeSpan TotalTimeout = EdgeClients.TotalTimeout;

    /// <summary>The operation name the client reports (errors, attempt counts).</summary>
    private protected abstract string Operation { get; }

    /// <summary>A host name that does not resolve, under the service's name.</summary>
    private protected abstract string UnresolvableHost { get; }

    /// <summary>Headers every fault answer of this service carries.</summary>
    private protected abstract (string Name, string Value)[] AnswerHeaders { get; }

    /// <summary>A successful answer of the service, with two <c>_</c> where the invalid UTF-8 goes.</summary>
    private protected abstract string SuccessBodyWithPlaceholder { get; }

    /// <summary>The body of a 429 answer (<see langword="null"/>: none).</summary>
    private protected abstract string? ThrottledBody { get; }

    /// <summary>A client of the suite's settings, changed by <paramref name="resilience"/> and <paramref name="maxResponseBodyBytes"/>.</summary>
    private protected abstract TClient NewClient(Uri baseAddress, Action<ResilienceOptions>? resilience = null, int? maxResponseBodyBytes = null);

    /// <summary>A server of the service whose calls of <see cref="Operation"/> go to <paramref name="fault"/> (<see langword="null"/>: answered normally).</summary>
    private protected abstract Task<FaultServer> StartAsync(Func<HttpContext, Task>? fault, X509Certificate2? certificate = null);

    /// <summary>A 503 asking to wait 10 s, for cancelling during the retry delay.</summary>
    private protected static Task UnavailableForTenSecondsAsync(HttpContext context) => Faults.RespondAsync(context, 503, (string?)null, headers: ("Retry-After", "10"));

    /// <summary>The call under test.</summary>
    private protected abstract Task CallAsync(TClient client, CancellationToken cancellationToken = default);

    /// <summary>Asserts that a service failure names the call it is about.</summary>
    private protected abstract void AssertIdentifiesTheCall(ServiceException error);

    // ---- Before the request is sent: retried, and the exception says the server never saw it. ----

    [Test]
    public async Task Connection_refused_is_retried_and_says_the_request_never_reached_the_server()
    {
        using var attempts = new AttemptRecorder();
        using var client = NewClient(new Uri($"http://127.0.0.1:{FaultServer.ReservePort()}/"));

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<TransportException>(() => CallAsync(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.False);
            Assert.That(error.Operation, Is.EqualTo(Operation));
            Assert.That(error.InnerException, Is.InstanceOf<HttpRequestException>());
            Assert.That(((HttpRequestException)error.InnerException!).HttpRequestError, Is.EqualTo(HttpRequestError.ConnectionError));
            Assert.That(attempts.Attempts(Operation), Is.EqualTo(new[] { 3 }), "nothing listens, so the server counts 0; the client made 1 + 2 retries");
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    [Test]
    public async Task Dns_failure_is_retried_and_says_the_request_never_reached_the_server()
    {
        using var attempts = new AttemptRecorder();
        using var client = NewClient(new Uri($"https://{UnresolvableHost}/"));

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<TransportException>(() => CallAsync(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.False);
            Assert.That(((HttpRequestException)error.InnerException!).HttpRequestError, Is.EqualTo(HttpRequestError.NameResolutionError));
            Assert.That(error.Message, Does.Contain(UnresolvableHost));
            Assert.That(attempts.Attempts(Operation), Is.EqualTo(new[] { 3 }));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    [Test]
    public async Task An_untrusted_certificate_is_refused_by_default_and_no_request_is_sent()
    {
        using var certificate = Certificates.SelfSigned();
        await using var server = await StartAsync(null, certificate);
        using var client = NewClient(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<TransportException>(() => CallAsync(client));

        Assert.Multiple(() =>
        {
            Assert.That(server.BaseAddress.Scheme, Is.EqualTo("https"));
            Assert.That(error.RequestMayHaveReachedServer, Is.False);
            Assert.That(((HttpRequestException)error.InnerException!).HttpRequestError, Is.EqualTo(HttpRequestError.SecureConnectionError));
            Assert.That(error.InnerException!.InnerException, Is.InstanceOf<AuthenticationException>());
            Assert.That(server.Requests, Is.Zero, "no HTTP request got through the handshake");
            Assert.That(server.Connections, Is.EqualTo(3), "one handshake per attempt: 1 + 2 retries");
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    // ---- Timeouts and statuses that both services treat alike ----

    [Test]
    public async Task A_body_dripped_past_the_total_timeout_ends_at_the_budget()
    {
        var body = Encoding.UTF8.GetBytes(SuccessBodyWithPlaceholder.PadRight(400));
        await using var server = await StartAsync(c => Faults.DripAsync(c, body, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10)));
        using var client = NewClient(server.BaseAddress, r => r.AttemptTimeout = r.TotalTimeout);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<RequestTimeoutException>(() => CallAsync(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.Message, Does.Contain("timed out after 00:00:02"));
            Assert.That(server.Requests, Is.EqualTo(1), "the whole budget went on one attempt");
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    [Test]
    public async Task A_503_without_retry_after_is_retried_with_growing_backoff()
    {
        await using var server = await StartAsync(c => Faults.RespondAsync(c, 503, (string?)null, headers: AnswerHeaders));
        using var client = NewClient(server.BaseAddress, r => r.BaseDelay = TimeSpan.FromMilliseconds(100));

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<ServiceUnavailableException>(() => CallAsync(client));

        var gaps = server.Gaps;
        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(503));
            Assert.That(error.RetryAfter, Is.Null);
            AssertIdentifiesTheCall(error);
            Assert.That(server.Requests, Is.EqualTo(3), "1 + 2 retries");
            Assert.That(gaps[0], Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(95)), "base delay");
            Assert.That(gaps[1], Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(195)), "doubled");
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    [TestCase(false, TestName = "{m}_in_seconds_is_honoured")]
    [TestCase(true, TestName = "{m}_as_an_http_date_is_honoured")]
    public async Task A_503_with_retry_after(bool httpDate)
    {
        var budget = TimeSpan.FromSeconds(httpDate ? 4 : 3);
        await using var server = await StartAsync(c => Faults.RespondAsync(c, 503, (string?)null, headers: [("Retry-After", httpDate ? Faults.HttpDate(TimeSpan.FromSeconds(2)) : "1"), .. AnswerHeaders]));
        using var client = NewClient(server.BaseAddress, r => (r.MaxRetries, r.TotalTimeout) = (1, budget));

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<ServiceUnavailableException>(() => CallAsync(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(503));
            AssertIdentifiesTheCall(error);
            Assert.That(server.Requests, Is.EqualTo(2));

            // An HTTP date has whole seconds, so "now + 2 s" is 1 to 2 s away.
            Assert.That(error.RetryAfter, httpDate ? Is.Not.Null.And.InRange(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2)) : Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(server.Gaps.Single(), Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(httpDate ? 950 : 980)), "waited Retry-After, not the 50 ms backoff");
            Expect.WithinBudget(elapsed, budget);
        });
    }

    [Test]
    public async Task A_retry_after_beyond_the_cap_is_not_waited_for()
    {
        await using var server = await StartAsync(c => Faults.RespondAsync(c, 429, ThrottledBody, headers: ("Retry-After", "5")));
        using var client = NewClient(server.BaseAddress, r => r.MaxRetryAfter = TimeSpan.FromSeconds(1));

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<ThrottledException>(() => CallAsync(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(server.Requests, Is.EqualTo(1));
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "surfaced at once instead of waiting 5 s");
        });
    }

    // ---- Bodies ----

    [Test]
    public async Task Invalid_utf8_in_the_body_is_an_invalid_response()
    {
        var body = Encoding.ASCII.GetBytes(SuccessBodyWithPlaceholder);
        var at = Array.IndexOf(body, (byte)'_');
        body[at] = 0xC3;
        body[at + 1] = 0x28;
        await using var server = await StartAsync(c => Faults.RespondAsync(c, 200, body, headers: AnswerHeaders));
        using var client = NewClient(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<InvalidResponseException>(() => CallAsync(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(200));
            AssertIdentifiesTheCall(error);
            Assert.That(error.ResponseBodyExcerpt, Does.Contain("\uFFFD("), "the excerpt shows the bad byte replaced");
            Assert.That(server.Requests, Is.EqualTo(1));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    // ---- Shared bodies of the tests each suite names for its own outcome ----

    /// <summary>The connection breaks after the request went out (<paramref name="fault"/>): the call is sent <paramref name="sends"/> times.</summary>
    private protected async Task ConnectionBreaksAfterSendingAsync(Func<HttpContext, Task> fault, int sends)
    {
        await using var server = await StartAsync(fault);
        using var client = NewClient(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<TransportException>(() => CallAsync(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.Operation, Is.EqualTo(Operation));
            Assert.That(server.Requests, Is.EqualTo(sends));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    /// <summary>A 5xx answer with <paramref name="html"/>: a <see cref="ServiceUnavailableException"/> after <paramref name="sends"/> sends.</summary>
    private protected async Task ServerErrorAsync(int status, string html, int sends)
    {
        await using var server = await StartAsync(c => Faults.RespondAsync(c, status, html.Length == 0 ? null : html, "text/html", AnswerHeaders));
        using var client = NewClient(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<ServiceUnavailableException>(() => CallAsync(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(status));
            Assert.That(error.ErrorCode, Is.Null);
            AssertIdentifiesTheCall(error);
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.RetryAfter, Is.Null);
            Assert.That(error.ResponseBodyExcerpt, Is.EqualTo(html));
            Assert.That(server.Requests, Is.EqualTo(sends));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    /// <summary>A 429 with <c>Retry-After: 1</c> and <see cref="ThrottledBody"/> is sent again once after the wait.</summary>
    private protected async Task<ThrottledException> ThrottledIsRetriedAfterTheWaitAsync()
    {
        await using var server = await StartAsync(c => Faults.RespondAsync(c, 429, ThrottledBody, headers: [("Retry-After", "1"), .. AnswerHeaders]));
        using var client = NewClient(server.BaseAddress, r => (r.MaxRetries, r.TotalTimeout) = (1, TimeSpan.FromSeconds(3)));

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<ThrottledException>(() => CallAsync(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(429));
            Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)));
            AssertIdentifiesTheCall(error);
            Assert.That(server.Requests, Is.EqualTo(2));
            Assert.That(server.Gaps.Single(), Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(980)));
            Expect.WithinBudget(elapsed, TimeSpan.FromSeconds(3));
        });
        return error;
    }

    /// <summary>A 200 whose <paramref name="body"/> is not the service's answer is an <see cref="InvalidResponseException"/>, sent once.</summary>
    private protected async Task NotTheExpectedAnswerAsync(string body)
    {
        await using var server = await StartAsync(c => Faults.RespondAsync(c, 200, body, headers: AnswerHeaders));
        using var client = NewClient(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<InvalidResponseException>(() => CallAsync(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(200));
            Assert.That(error.ErrorCode, Is.Null);
            AssertIdentifiesTheCall(error);
            Assert.That(error.ResponseBodyExcerpt, Is.EqualTo(body));
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(server.Requests, Is.EqualTo(1));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    /// <summary>A 50 MB body (chunked, or with its length declared) stops at a 64 KiB <c>MaxResponseBodyBytes</c>.</summary>
    private protected async Task HugeBodyStopsAtTheLimitAsync(bool declareLength)
    {
        const long total = 50L * 1024 * 1024;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(c => Faults.HugeBodyAsync(c, total, declareLength, done));
        using var client = NewClient(server.BaseAddress, maxResponseBodyBytes: 64 * 1024);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<InvalidResponseException>(() => CallAsync(client));
        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await TestContext.Out.WriteLineAsync($"server wrote {server.BytesWritten} of {total} bytes");

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(200));
            Assert.That(error.Message, Does.Contain("65536-byte limit (MaxResponseBodyBytes)"));
            Assert.That(server.Requests, Is.EqualTo(1));
            Assert.That(server.BytesWritten, Is.LessThan(total / 2), "the client closed the connection instead of reading 50 MB (bytes counted at the server's socket)");
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    /// <summary>
    /// Connection refused until a server comes up on the port (started by <paramref name="start"/>): <paramref name="call"/>
    /// is retried with backoff and completes once the server listens; <paramref name="assert"/> checks the service's side.
    /// </summary>
    private protected async Task RetriedUntilTheServerComesUpAsync<T>(Func<TClient, Task<T>> call, Func<int, Task<FaultServer>> start, Action<T, FaultServer> assert)
    {
        var port = FaultServer.ReservePort();
        using var attempts = new AttemptRecorder();
        using var client = NewClient(new Uri($"http://127.0.0.1:{port}/"), r =>
        {
            r.MaxRetries = 6;
            r.BaseDelay = TimeSpan.FromMilliseconds(200);
            r.MaxDelay = TimeSpan.FromMilliseconds(400);
            r.TotalTimeout = TimeSpan.FromSeconds(5);
        });
        var clock = Stopwatch.StartNew();
        var pending = call(client);
        await Task.Delay(100);
        Assert.That(pending.IsCompleted, Is.False, "still waiting to retry");
        await using var server = await start(port);

        var result = await pending;

        Assert.Multiple(() =>
        {
            assert(result, server);
            Assert.That(attempts.Attempts(Operation).Single(), Is.GreaterThanOrEqualTo(2));
            Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190)), "waited the backoff");
            Expect.WithinBudget(clock.Elapsed, TimeSpan.FromSeconds(5));
        });
    }

    /// <summary>
    /// Cancelling <paramref name="call"/> while it waits out <paramref name="server"/>'s 10 s Retry-After (see
    /// <see cref="UnavailableForTenSecondsAsync"/>) stops at once and sends nothing more; <paramref name="assert"/> checks the service's side.
    /// </summary>
    private protected async Task CancellingDuringTheRetryDelayAsync(FaultServer server, Func<TClient, CancellationToken, Task> call, Action assert)
    {
        using var client = NewClient(server.BaseAddress, r => (r.TotalTimeout, r.MaxRetryAfter) = (TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<TaskCanceledException>(() => call(client, cancel.Token));

        Assert.Multiple(() =>
        {
            Assert.That(error.CancellationToken, Is.EqualTo(cancel.Token));
            assert();
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "did not sit out the 10 s Retry-After");
        });
        await Task.Delay(200);
        Assert.That(server.Requests, Is.EqualTo(1), "nothing was sent after the cancellation");
    }
}
