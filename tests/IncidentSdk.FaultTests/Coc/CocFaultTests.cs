using System;
using System.Linq;
using System.Net.Http;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Authentication;
using IncidentSdk.Coc;
using IncidentSdk.FaultTests.Support;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;

namespace IncidentSdk.FaultTests.Coc;

/// <summary>
/// <see cref="IncidentClient"/> against real loopback servers that fail in one way each. COC actions are not
/// idempotent, so a failure after the request may have reached COC is never retried; failures before it was
/// sent, 429 and 503 are.
/// </summary>
public class CocFaultTests
{
    internal const string IncidentNumber = "IM202403221515060171753781";
    internal const string Operator = "7da46971b7e24eed90cf777cc2ff8b91";
    internal const string Operation = "acceptedIncident1";
    internal const string RequestId = "coc-req-0001";
    internal const string SecretKey = "fault-test-secret-key-0123456789";
    internal static readonly AkSkCredentials Credentials = new("FAULTTESTAKFAULTTEST", SecretKey) { SecurityToken = "fault-test-security-token-0123456789" };

    private const string Success = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null}""";
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(2);

    internal static IncidentClient Client(Uri endpoint, Action<IncidentClientOptions>? configure = null)
    {
        var options = new IncidentClientOptions { Endpoint = endpoint, Credentials = Credentials };
        options.Logging.LoggerFactory = SecretAudit.Factory;
        options.Resilience.MaxRetries = 2;
        options.Resilience.BaseDelay = TimeSpan.FromMilliseconds(50);
        options.Resilience.MaxDelay = TimeSpan.FromMilliseconds(200);
        options.Resilience.UseJitter = false;
        options.Resilience.AttemptTimeout = AttemptTimeout;
        options.Resilience.TotalTimeout = TotalTimeout;
        configure?.Invoke(options);
        return new IncidentClient(options);
    }

    private static Task<HandleIncidentResult> Accept(IncidentClient client, CancellationToken cancellationToken = default) =>
        client.AcceptAsync(IncidentNumber, Operator, cancellationToken);

    // ---- Before the request is sent: retried, and the exception says COC never saw it. ----

    [Test]
    public async Task Connection_refused_is_retried_and_says_the_request_never_reached_the_server()
    {
        using var attempts = new AttemptRecorder();
        using var client = Client(new Uri($"http://127.0.0.1:{FaultServer.ReservePort()}/"));

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<TransportException>(() => Accept(client));

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
        using var client = Client(new Uri("https://coc.fault-test.invalid/"));

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<TransportException>(() => Accept(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.False);
            Assert.That(((HttpRequestException)error.InnerException!).HttpRequestError, Is.EqualTo(HttpRequestError.NameResolutionError));
            Assert.That(error.Message, Does.Contain("coc.fault-test.invalid"));
            Assert.That(attempts.Attempts(Operation), Is.EqualTo(new[] { 3 }));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    [Test]
    public async Task An_untrusted_certificate_is_refused_by_default_and_no_request_is_sent()
    {
        using var certificate = Certificates.SelfSigned();
        await using var server = await FaultServer.StartAsync(c => Faults.RespondAsync(c, 200, Success), certificate);
        using var client = Client(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<TransportException>(() => Accept(client));

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

    // ---- The connection breaks after the request went out: never retried for a ticket action. ----

    [Test]
    public async Task Server_aborting_before_answering_is_not_retried()
    {
        await using var server = await FaultServer.StartAsync(Faults.AbortAfterReadAsync);
        using var client = Client(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<TransportException>(() => Accept(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.Operation, Is.EqualTo(Operation));
            Assert.That(server.Requests, Is.EqualTo(1));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    [Test]
    public async Task Connection_reset_mid_body_is_not_retried()
    {
        await using var server = await FaultServer.StartAsync(Faults.ResetMidBodyAsync);
        using var client = Client(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<TransportException>(() => Accept(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(server.Requests, Is.EqualTo(1));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    [Test]
    public async Task Headers_then_a_stall_end_at_the_attempt_timeout_without_a_retry()
    {
        await using var server = await FaultServer.StartAsync(c => Faults.HeadersThenStallAsync(c, TimeSpan.FromSeconds(10)));
        using var client = Client(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<RequestTimeoutException>(() => Accept(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.Operation, Is.EqualTo(Operation));
            Assert.That(error.Message, Does.Contain("timed out after 00:00:01"));
            Assert.That(server.Requests, Is.EqualTo(1));
            Assert.That(elapsed, Is.GreaterThanOrEqualTo(AttemptTimeout - TimeSpan.FromMilliseconds(50)));
            Expect.WithinBudget(elapsed, AttemptTimeout);
        });
    }

    [Test]
    public async Task A_body_dripped_past_the_total_timeout_ends_at_the_budget()
    {
        var body = Encoding.UTF8.GetBytes(Success.PadRight(400));
        await using var server = await FaultServer.StartAsync(c => Faults.DripAsync(c, body, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10)));
        using var client = Client(server.BaseAddress, o => o.Resilience.AttemptTimeout = o.Resilience.TotalTimeout);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<RequestTimeoutException>(() => Accept(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.Message, Does.Contain("timed out after 00:00:02"));
            Assert.That(server.Requests, Is.EqualTo(1));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    // ---- HTTP statuses ----

    [TestCase(500, "")]
    [TestCase(502, Faults.BadGatewayPage)]
    [TestCase(504, "")]
    public async Task A_server_error_is_not_retried_for_a_ticket_action(int status, string html)
    {
        await using var server = await FaultServer.StartAsync(c => Faults.RespondAsync(c, status, html.Length == 0 ? null : html, "text/html", (Faults.RequestIdHeader, RequestId)));
        using var client = Client(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<ServiceUnavailableException>(() => Accept(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(status));
            Assert.That(error.ErrorCode, Is.Null);
            Assert.That(error.RequestId, Is.EqualTo(RequestId));
            Assert.That(error.Error.Operation, Is.EqualTo(Operation));
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.RetryAfter, Is.Null);
            Assert.That(error.ResponseBodyExcerpt, Is.EqualTo(html));
            Assert.That(server.Requests, Is.EqualTo(1), "sent once: COC may have acted on it");
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    [Test]
    public async Task A_503_without_retry_after_is_retried_with_growing_backoff()
    {
        await using var server = await FaultServer.StartAsync(c => Faults.RespondAsync(c, 503, (string?)null, headers: (Faults.RequestIdHeader, RequestId)));
        using var client = Client(server.BaseAddress, o => o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(100));

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<ServiceUnavailableException>(() => Accept(client));

        var gaps = server.Gaps;
        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(503));
            Assert.That(error.RetryAfter, Is.Null);
            Assert.That(error.RequestId, Is.EqualTo(RequestId));
            Assert.That(server.Requests, Is.EqualTo(3), "1 + 2 retries");
            Assert.That(gaps[0], Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(95)), "base delay");
            Assert.That(gaps[1], Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(195)), "doubled");
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    [Test]
    public async Task A_503_with_retry_after_in_seconds_is_honoured()
    {
        await using var server = await FaultServer.StartAsync(c => Faults.RespondAsync(c, 503, (string?)null, headers: ("Retry-After", "1")));
        using var client = Client(server.BaseAddress, o =>
        {
            o.Resilience.MaxRetries = 1;
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(3);
        });

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<ServiceUnavailableException>(() => Accept(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(503));
            Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(server.Requests, Is.EqualTo(2));
            Assert.That(server.Gaps.Single(), Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(980)), "waited Retry-After, not the 50 ms backoff");
            Expect.WithinBudget(elapsed, TimeSpan.FromSeconds(3));
        });
    }

    [Test]
    public async Task A_503_with_retry_after_as_an_http_date_is_honoured()
    {
        await using var server = await FaultServer.StartAsync(c => Faults.RespondAsync(c, 503, (string?)null, headers: ("Retry-After", Faults.HttpDate(TimeSpan.FromSeconds(2)))));
        using var client = Client(server.BaseAddress, o =>
        {
            o.Resilience.MaxRetries = 1;
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(4);
        });

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<ServiceUnavailableException>(() => Accept(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(503));
            Assert.That(error.RetryAfter, Is.Not.Null.And.InRange(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2)));
            Assert.That(server.Requests, Is.EqualTo(2));

            // The date has whole seconds, so "now + 2 s" is 1 to 2 s away.
            Assert.That(server.Gaps.Single(), Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950)));
            Expect.WithinBudget(elapsed, TimeSpan.FromSeconds(4));
        });
    }

    [Test]
    public async Task A_429_with_apig_0308_and_retry_after_is_retried_after_the_wait()
    {
        const string body = """{"error_code":"APIG.0308","error_msg":"The request is throttled.","request_id":"gw-429"}""";
        await using var server = await FaultServer.StartAsync(c => Faults.RespondAsync(c, 429, body, headers: [("Retry-After", "1"), (Faults.RequestIdHeader, RequestId)]));
        using var client = Client(server.BaseAddress, o =>
        {
            o.Resilience.MaxRetries = 1;
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(3);
        });

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<ThrottledException>(() => Accept(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(429));
            Assert.That(error.ErrorCode, Is.EqualTo("APIG.0308"));
            Assert.That(error.ErrorMessage, Is.EqualTo("The request is throttled."));
            Assert.That(error.RequestId, Is.EqualTo(RequestId), "the header wins over the body's request_id");
            Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(server.Requests, Is.EqualTo(2));
            Assert.That(server.Gaps.Single(), Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(980)));
            Expect.WithinBudget(elapsed, TimeSpan.FromSeconds(3));
        });
    }

    [Test]
    public async Task A_401_with_apig_0301_is_an_authentication_failure_and_not_retried()
    {
        const string body = """{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail","request_id":"gw-401"}""";
        await using var server = await FaultServer.StartAsync(c => Faults.RespondAsync(c, 401, body));
        using var client = Client(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<AuthenticationFailedException>(() => Accept(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(401));
            Assert.That(error.ErrorCode, Is.EqualTo("APIG.0301"));
            Assert.That(error.RequestId, Is.EqualTo("gw-401"), "the body's request_id when there is no header");
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(server.Requests, Is.EqualTo(1));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    // ---- Bodies ----

    [TestCase("", TestName = "Empty body")]
    [TestCase("""{"error_code":"GOM.00000000","error_msg":nu""", TestName = "Truncated JSON")]
    [TestCase("""{"code":0,"message":"ok","result":{"accepted":true}}""", TestName = "Valid JSON of the wrong shape")]
    [TestCase("""[{"error_code":"GOM.00000000"}]""", TestName = "A JSON array instead of the envelope")]
    public async Task A_200_with_a_body_that_is_not_the_envelope_is_an_invalid_response(string body)
    {
        await using var server = await FaultServer.StartAsync(c => Faults.RespondAsync(c, 200, body, headers: (Faults.RequestIdHeader, RequestId)));
        using var client = Client(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<InvalidResponseException>(() => Accept(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(200));
            Assert.That(error.ErrorCode, Is.Null);
            Assert.That(error.RequestId, Is.EqualTo(RequestId));
            Assert.That(error.ResponseBodyExcerpt, Is.EqualTo(body));
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(server.Requests, Is.EqualTo(1));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    [Test]
    public async Task A_200_with_gom_00007256_is_an_invalid_parameter_failure()
    {
        const string body = """{"error_code":"GOM.00007256","error_msg":"参数错误","provider_code":"049","data":null}""";
        await using var server = await FaultServer.StartAsync(c => Faults.RespondAsync(c, 200, body, headers: (Faults.RequestIdHeader, RequestId)));
        using var client = Client(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<InvalidParameterException>(() => Accept(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(200));
            Assert.That(error.ErrorCode, Is.EqualTo("GOM.00007256"));
            Assert.That(error.ErrorMessage, Is.EqualTo("参数错误"));
            Assert.That(error.Error.ProviderCode, Is.EqualTo("049"));
            Assert.That(error.RequestId, Is.EqualTo(RequestId));
            Assert.That(server.Requests, Is.EqualTo(1));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    [TestCase(false, TestName = "A 50 MB chunked body stops at MaxResponseBodyBytes")]
    [TestCase(true, TestName = "A 50 MB declared body stops at MaxResponseBodyBytes")]
    public async Task A_huge_body_stops_at_the_limit(bool declareLength)
    {
        const long total = 50L * 1024 * 1024;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FaultServer.StartAsync(c => Faults.HugeBodyAsync(c, total, declareLength, done));
        using var client = Client(server.BaseAddress, o => o.MaxResponseBodyBytes = 64 * 1024);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<InvalidResponseException>(() => Accept(client));
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

    [Test]
    public async Task Invalid_utf8_in_the_body_is_an_invalid_response()
    {
        var body = Encoding.ASCII.GetBytes("""{"error_code":"GOM.00000000","error_msg":"__","provider_code":"049","data":null}""");
        var at = Array.IndexOf(body, (byte)'_');
        body[at] = 0xC3;
        body[at + 1] = 0x28;
        await using var server = await FaultServer.StartAsync(c => Faults.RespondAsync(c, 200, body));
        using var client = Client(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<InvalidResponseException>(() => Accept(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(200));
            Assert.That(error.ResponseBodyExcerpt, Does.Contain("\uFFFD("), "the excerpt shows the bad byte replaced");
            Assert.That(server.Requests, Is.EqualTo(1));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    // ---- Retry rules ----

    [TestCase("500", false)]
    [TestCase("502", false)]
    [TestCase("504", false)]
    [TestCase("abort-after-read", false)]
    [TestCase("500", true)]
    [TestCase("abort-after-read", true)]
    public async Task An_accept_that_reached_the_server_is_never_sent_twice(string fault, bool overReusedConnection)
    {
        var accepts = 0;
        await using var server = await FaultServer.StartAsync(async c =>
        {
            var body = Encoding.UTF8.GetString(await FaultServer.ReadBodyAsync(c));
            if (body.Contains("\"warm-up\"", StringComparison.Ordinal))
            {
                await Faults.RespondAsync(c, 200, Success);
                return;
            }

            Interlocked.Increment(ref accepts);
            if (fault == "abort-after-read")
            {
                c.Abort();
                return;
            }

            await Faults.RespondAsync(c, int.Parse(fault, System.Globalization.CultureInfo.InvariantCulture), (string?)null);
        });
        using var client = Client(server.BaseAddress);
        if (overReusedConnection)
        {
            // A first call leaves a kept-alive connection in the pool, which the accept then reuses.
            await client.HandleAsync(new HandleIncidentRequest("warm-up", Operator, OperateKey.AcceptedIncident));
        }

        var error = await ThrowsSdkExceptionAsync(() => Accept(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error, fault == "abort-after-read" ? Is.TypeOf<TransportException>() : Is.TypeOf<ServiceUnavailableException>());
            Assert.That(Volatile.Read(ref accepts), Is.EqualTo(1), "the server received the accept exactly once");
            Assert.That(server.DistinctConnectionIds, Is.EqualTo(1), "one connection, no second send");
        });
    }

    [Test]
    public async Task Connection_refused_is_retried_with_backoff_until_the_server_comes_up()
    {
        var port = FaultServer.ReservePort();
        using var attempts = new AttemptRecorder();
        using var client = Client(new Uri($"http://127.0.0.1:{port}/"), o =>
        {
            o.Resilience.MaxRetries = 6;
            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(200);
            o.Resilience.MaxDelay = TimeSpan.FromMilliseconds(400);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(5);
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var call = Accept(client);
        await Task.Delay(100);
        Assert.That(call.IsCompleted, Is.False, "still waiting to retry");
        await using var server = await FaultServer.StartAsync(c => Faults.RespondAsync(c, 200, Success), port: port);

        await call;

        Assert.Multiple(() =>
        {
            Assert.That(server.Requests, Is.EqualTo(1), "only the attempt after the server came up reached it");
            Assert.That(attempts.Attempts(Operation).Single(), Is.GreaterThanOrEqualTo(2));
            Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190)), "waited the backoff");
            Expect.WithinBudget(clock.Elapsed, TimeSpan.FromSeconds(5));
        });
    }

    [Test]
    public async Task A_retry_after_beyond_the_cap_is_not_waited_for()
    {
        const string body = """{"error_code":"APIG.0308","error_msg":"The request is throttled."}""";
        await using var server = await FaultServer.StartAsync(c => Faults.RespondAsync(c, 429, body, headers: ("Retry-After", "5")));
        using var client = Client(server.BaseAddress, o => o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(1));

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<ThrottledException>(() => Accept(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(server.Requests, Is.EqualTo(1));
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "surfaced at once instead of waiting 5 s");
        });
    }

    [Test]
    public async Task Cancelling_during_a_retry_delay_stops_at_once_and_is_not_retried()
    {
        await using var server = await FaultServer.StartAsync(c => Faults.RespondAsync(c, 503, (string?)null, headers: ("Retry-After", "10")));
        using var client = Client(server.BaseAddress, o =>
        {
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(30);
            o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(30);
        });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<TaskCanceledException>(() => Accept(client, cancel.Token));

        Assert.Multiple(() =>
        {
            Assert.That(error.CancellationToken, Is.EqualTo(cancel.Token));
            Assert.That(server.Requests, Is.EqualTo(1));
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "did not sit out the 10 s Retry-After");
        });
        await Task.Delay(200);
        Assert.That(server.Requests, Is.EqualTo(1), "nothing was sent after the cancellation");
    }

    private static async Task<IncidentSdkException> ThrowsSdkExceptionAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (IncidentSdkException ex)
        {
            return ex;
        }

        Assert.Fail("expected an IncidentSdkException");
        throw new System.Diagnostics.UnreachableException();
    }

    /// <summary>The request path the client posts to, for servers that route.</summary>
    internal static bool IsHandlePath(HttpContext context) => context.Request.Path == IncidentClient.HandlePath;
}
