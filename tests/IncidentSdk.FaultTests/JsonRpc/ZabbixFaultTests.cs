using System;
using System.Linq;
using System.Net.Http;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.FaultTests.Support;
using IncidentSdk.JsonRpc;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;

namespace IncidentSdk.FaultTests.JsonRpc;

/// <summary>
/// <see cref="JsonRpcEventClient"/> against a real loopback Zabbix fake that fails in one way each. Closing an event
/// is idempotent, so it is retried after any transient failure; adding a message is not, so an ambiguous failure is
/// settled by reading the events back.
/// </summary>
public class ZabbixFaultTests
{
    private const string Operation = "event.acknowledge";
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(2);

    internal static JsonRpcEventClient Client(Uri url, Action<JsonRpcEventClientOptions>? configure = null)
    {
        var options = new JsonRpcEventClientOptions { Url = new Uri(url, "api_jsonrpc.php"), ApiToken = FakeZabbix.ApiToken, ServerVersion = FakeZabbix.Version };
        options.Logging.LoggerFactory = SecretAudit.Factory;
        options.Resilience.MaxRetries = 2;
        options.Resilience.BaseDelay = TimeSpan.FromMilliseconds(50);
        options.Resilience.MaxDelay = TimeSpan.FromMilliseconds(200);
        options.Resilience.UseJitter = false;
        options.Resilience.AttemptTimeout = AttemptTimeout;
        options.Resilience.TotalTimeout = TotalTimeout;
        configure?.Invoke(options);
        return new JsonRpcEventClient(options);
    }

    /// <summary>A fake Zabbix whose <c>event.acknowledge</c> calls go to <paramref name="fault"/>.</summary>
    private static async Task<(FaultServer Server, FakeZabbix Zabbix)> StartAsync(Func<HttpContext, Task>? fault, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var zabbix = new FakeZabbix();
        if (fault is not null)
        {
            zabbix.Fault = async (call, context) =>
            {
                if (call.Method != Operation)
                {
                    return false;
                }

                await fault(context);
                return true;
            };
        }

        return (await FaultServer.StartAsync(zabbix.HandleAsync, certificate), zabbix);
    }

    private static Task<AcknowledgeEventResult> Close(JsonRpcEventClient client, CancellationToken cancellationToken = default) =>
        client.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1001"]), cancellationToken);

    private static void IsTargeted(ServiceException error)
    {
        Assert.That(error.RequestId, Is.EqualTo("1"), "the JSON-RPC id of the call");
        Assert.That(error.Error.Operation, Is.EqualTo(Operation));
        Assert.That(error.Error.Targets, Is.EqualTo(new[] { "1001" }));
    }

    // ---- Before the request is sent ----

    [Test]
    public async Task Connection_refused_is_retried_and_says_the_request_never_reached_the_server()
    {
        using var attempts = new AttemptRecorder();
        using var client = Client(new Uri($"http://127.0.0.1:{FaultServer.ReservePort()}/"));

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<TransportException>(() => Close(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.False);
            Assert.That(error.Operation, Is.EqualTo(Operation));
            Assert.That(((HttpRequestException)error.InnerException!).HttpRequestError, Is.EqualTo(HttpRequestError.ConnectionError));
            Assert.That(attempts.Attempts(Operation), Is.EqualTo(new[] { 3 }), "nothing listens; the client made 1 + 2 retries");
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    [Test]
    public async Task Dns_failure_is_retried_and_says_the_request_never_reached_the_server()
    {
        using var attempts = new AttemptRecorder();
        using var client = Client(new Uri("https://zabbix.fault-test.invalid/"));

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<TransportException>(() => Close(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.False);
            Assert.That(((HttpRequestException)error.InnerException!).HttpRequestError, Is.EqualTo(HttpRequestError.NameResolutionError));
            Assert.That(error.Message, Does.Contain("zabbix.fault-test.invalid"));
            Assert.That(attempts.Attempts(Operation), Is.EqualTo(new[] { 3 }));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    [Test]
    public async Task An_untrusted_certificate_is_refused_by_default_and_no_request_is_sent()
    {
        using var certificate = Certificates.SelfSigned();
        var (server, _) = await StartAsync(null, certificate);
        await using var _1 = server;
        using var client = Client(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<TransportException>(() => Close(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.False);
            Assert.That(((HttpRequestException)error.InnerException!).HttpRequestError, Is.EqualTo(HttpRequestError.SecureConnectionError));
            Assert.That(error.InnerException!.InnerException, Is.InstanceOf<AuthenticationException>());
            Assert.That(server.Requests, Is.Zero);
            Assert.That(server.Connections, Is.EqualTo(3), "one handshake per attempt");
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    // ---- The connection breaks after the request went out: an idempotent close is retried. ----

    [Test]
    public async Task Server_aborting_before_answering_is_retried_for_an_idempotent_close()
    {
        var (server, _) = await StartAsync(Faults.AbortAfterReadAsync);
        await using var _1 = server;
        using var client = Client(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<TransportException>(() => Close(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.Operation, Is.EqualTo(Operation));
            Assert.That(server.Requests, Is.EqualTo(3), "1 + 2 retries");
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    [Test]
    public async Task Connection_reset_mid_body_is_retried_for_an_idempotent_close()
    {
        var (server, _) = await StartAsync(Faults.ResetMidBodyAsync);
        await using var _1 = server;
        using var client = Client(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<TransportException>(() => Close(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(server.Requests, Is.EqualTo(3));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    [Test]
    public async Task Headers_then_a_stall_are_retried_until_the_total_budget()
    {
        var (server, _) = await StartAsync(c => Faults.HeadersThenStallAsync(c, TimeSpan.FromSeconds(10)));
        await using var _1 = server;
        using var client = Client(server.BaseAddress, o =>
        {
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            o.Resilience.TotalTimeout = TimeSpan.FromMilliseconds(1500);
        });

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<RequestTimeoutException>(() => Close(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.Operation, Is.EqualTo(Operation));
            Assert.That(server.Requests, Is.EqualTo(3), "two full 500 ms attempts and one cut to what was left of 1.5 s");
            Assert.That(elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1450)));
            Expect.WithinBudget(elapsed, TimeSpan.FromMilliseconds(1500));
        });
    }

    [Test]
    public async Task A_body_dripped_past_the_total_timeout_ends_at_the_budget()
    {
        var body = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","result":{"eventids":["1001"]},"id":1}""".PadRight(400));
        var (server, _) = await StartAsync(c => Faults.DripAsync(c, body, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10)));
        await using var _1 = server;
        using var client = Client(server.BaseAddress, o => o.Resilience.AttemptTimeout = o.Resilience.TotalTimeout);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<RequestTimeoutException>(() => Close(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.Message, Does.Contain("timed out after 00:00:02"));
            Assert.That(server.Requests, Is.EqualTo(1), "the whole budget went on one attempt");
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    // ---- HTTP statuses ----

    [TestCase(500, "")]
    [TestCase(502, Faults.BadGatewayPage)]
    [TestCase(504, "")]
    public async Task A_server_error_is_retried_for_an_idempotent_close(int status, string html)
    {
        var (server, _) = await StartAsync(c => Faults.RespondAsync(c, status, html.Length == 0 ? null : html, "text/html"));
        await using var _1 = server;
        using var client = Client(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<ServiceUnavailableException>(() => Close(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(status));
            Assert.That(error.ErrorCode, Is.Null);
            IsTargeted(error);
            Assert.That(error.ResponseBodyExcerpt, Is.EqualTo(html));
            Assert.That(error.RetryAfter, Is.Null);
            Assert.That(server.Requests, Is.EqualTo(3), "1 + 2 retries");
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    [Test]
    public async Task A_503_without_retry_after_is_retried_with_growing_backoff()
    {
        var (server, _) = await StartAsync(c => Faults.RespondAsync(c, 503, (string?)null));
        await using var _1 = server;
        using var client = Client(server.BaseAddress, o => o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(100));

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<ServiceUnavailableException>(() => Close(client));

        var gaps = server.Gaps;
        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(503));
            Assert.That(error.RetryAfter, Is.Null);
            IsTargeted(error);
            Assert.That(server.Requests, Is.EqualTo(3));
            Assert.That(gaps[0], Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(95)));
            Assert.That(gaps[1], Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(195)));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    [Test]
    public async Task A_503_with_retry_after_in_seconds_is_honoured()
    {
        var (server, _) = await StartAsync(c => Faults.RespondAsync(c, 503, (string?)null, headers: ("Retry-After", "1")));
        await using var _1 = server;
        using var client = Client(server.BaseAddress, o =>
        {
            o.Resilience.MaxRetries = 1;
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(3);
        });

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<ServiceUnavailableException>(() => Close(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(server.Requests, Is.EqualTo(2));
            Assert.That(server.Gaps.Single(), Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(980)));
            Expect.WithinBudget(elapsed, TimeSpan.FromSeconds(3));
        });
    }

    [Test]
    public async Task A_503_with_retry_after_as_an_http_date_is_honoured()
    {
        var (server, _) = await StartAsync(c => Faults.RespondAsync(c, 503, (string?)null, headers: ("Retry-After", Faults.HttpDate(TimeSpan.FromSeconds(2)))));
        await using var _1 = server;
        using var client = Client(server.BaseAddress, o =>
        {
            o.Resilience.MaxRetries = 1;
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(4);
        });

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<ServiceUnavailableException>(() => Close(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RetryAfter, Is.Not.Null.And.InRange(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2)));
            Assert.That(server.Requests, Is.EqualTo(2));
            Assert.That(server.Gaps.Single(), Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950)));
            Expect.WithinBudget(elapsed, TimeSpan.FromSeconds(4));
        });
    }

    [Test]
    public async Task A_429_with_retry_after_is_retried_after_the_wait()
    {
        var (server, _) = await StartAsync(c => Faults.RespondAsync(c, 429, (string?)null, headers: ("Retry-After", "1")));
        await using var _1 = server;
        using var client = Client(server.BaseAddress, o =>
        {
            o.Resilience.MaxRetries = 1;
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(3);
        });

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<ThrottledException>(() => Close(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(429));
            Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)));
            IsTargeted(error);
            Assert.That(server.Requests, Is.EqualTo(2));
            Assert.That(server.Gaps.Single(), Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(980)));
            Expect.WithinBudget(elapsed, TimeSpan.FromSeconds(3));
        });
    }

    [Test]
    public async Task A_412_for_the_content_type_is_an_invalid_response_and_not_retried()
    {
        string? contentType = null;

        // Zabbix's api_jsonrpc.php answers 412 with an empty body when the Content-Type is not one it accepts;
        // this server accepts none, as if a proxy had rewritten the header.
        var (server, _) = await StartAsync(async c =>
        {
            contentType = c.Request.ContentType;
            await Faults.RespondAsync(c, 412, (string?)null);
        });
        await using var _1 = server;
        using var client = Client(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<InvalidResponseException>(() => Close(client));

        Assert.Multiple(() =>
        {
            Assert.That(contentType, Is.EqualTo("application/json-rpc"));
            Assert.That(error.StatusCode, Is.EqualTo(412));
            Assert.That(error.Message, Does.Contain("412 Precondition Failed"));
            IsTargeted(error);
            Assert.That(server.Requests, Is.EqualTo(1));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    // ---- Bodies ----

    [TestCase("", TestName = "Zabbix empty body")]
    [TestCase("""{"jsonrpc":"2.0","result":{"eventids":["10""", TestName = "Zabbix truncated JSON")]
    [TestCase("""{"jsonrpc":"2.0","result":"ok","id":1}""", TestName = "Zabbix result of the wrong type")]
    [TestCase("""{"jsonrpc":"2.0","result":{"updated":true},"id":1}""", TestName = "Zabbix result object without eventids")]
    [TestCase("""{"jsonrpc":"2.0","result":{"eventids":["1001"]},"id":999}""", TestName = "Zabbix response with another id")]
    [TestCase("""[{"jsonrpc":"2.0","result":{"eventids":["1001"]},"id":1}]""", TestName = "Zabbix batch array instead of one response")]
    public async Task A_200_with_a_body_that_is_not_the_expected_response_is_an_invalid_response(string body)
    {
        var (server, _) = await StartAsync(c => Faults.RespondAsync(c, 200, body));
        await using var _1 = server;
        using var client = Client(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<InvalidResponseException>(() => Close(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(200));
            Assert.That(error.ErrorCode, Is.Null);
            IsTargeted(error);
            Assert.That(error.ResponseBodyExcerpt, Is.EqualTo(body));
            Assert.That(server.Requests, Is.EqualTo(1));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    [TestCase(false, TestName = "Zabbix 50 MB chunked body stops at MaxResponseBodyBytes")]
    [TestCase(true, TestName = "Zabbix 50 MB declared body stops at MaxResponseBodyBytes")]
    public async Task A_huge_body_stops_at_the_limit(bool declareLength)
    {
        const long total = 50L * 1024 * 1024;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (server, _) = await StartAsync(c => Faults.HugeBodyAsync(c, total, declareLength, done));
        await using var _1 = server;
        using var client = Client(server.BaseAddress, o => o.MaxResponseBodyBytes = 64 * 1024);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<InvalidResponseException>(() => Close(client));
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
        var body = Encoding.ASCII.GetBytes("""{"jsonrpc":"2.0","result":{"eventids":["__"]},"id":1}""");
        var at = Array.IndexOf(body, (byte)'_');
        body[at] = 0xC3;
        body[at + 1] = 0x28;
        var (server, _) = await StartAsync(c => Faults.RespondAsync(c, 200, body));
        await using var _1 = server;
        using var client = Client(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<InvalidResponseException>(() => Close(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(200));
            IsTargeted(error);
            Assert.That(error.ResponseBodyExcerpt, Does.Contain("\uFFFD("));
            Assert.That(server.Requests, Is.EqualTo(1));
            Expect.WithinBudget(elapsed, TotalTimeout);
        });
    }

    // ---- Retry rules ----

    [TestCase("record-then-abort", 1, TestName = "A message recorded before the connection dropped is not resent")]
    [TestCase("record-then-502", 1, TestName = "A message recorded before a 502 is not resent")]
    [TestCase("abort-before-recording", 2, TestName = "A message lost with the connection is resent once after the check")]
    public async Task A_message_is_not_resent_blindly(string fault, int expectedAcknowledges)
    {
        var zabbix = new FakeZabbix();
        zabbix.Fault = async (call, context) =>
        {
            if (call.Method != Operation || call.Index > 1)
            {
                return false;
            }

            if (fault != "abort-before-recording")
            {
                zabbix.Process(call);
            }

            if (fault == "record-then-502")
            {
                await Faults.RespondAsync(context, 502, Faults.BadGatewayPage, "text/html");
            }
            else
            {
                context.Abort();
            }

            return true;
        };
        await using var server = await FaultServer.StartAsync(zabbix.HandleAsync);
        using var client = Client(server.BaseAddress);

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1001"], "disk replaced"));

        Assert.Multiple(() =>
        {
            Assert.That(result.EventIds, Is.EqualTo(new[] { "1001" }));
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.True);
            Assert.That(zabbix.Calls("event.get"), Is.EqualTo(1), "read back once");
            Assert.That(zabbix.Calls(Operation), Is.EqualTo(expectedAcknowledges));
            Assert.That(zabbix.Messages("1001"), Is.EqualTo(new[] { "disk replaced" }), "the message is recorded exactly once");
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
        var call = client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1001"], "on it"));
        await Task.Delay(100);
        Assert.That(call.IsCompleted, Is.False, "still waiting to retry");
        var zabbix = new FakeZabbix();
        await using var server = await FaultServer.StartAsync(zabbix.HandleAsync, port: port);

        var result = await call;

        Assert.Multiple(() =>
        {
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.False, "refused before sending: resent directly, no check");
            Assert.That(zabbix.Calls(Operation), Is.EqualTo(1));
            Assert.That(zabbix.Calls("event.get"), Is.Zero);
            Assert.That(zabbix.Messages("1001"), Is.EqualTo(new[] { "on it" }));
            Assert.That(attempts.Attempts(Operation).Single(), Is.GreaterThanOrEqualTo(2));
            Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190)));
            Expect.WithinBudget(clock.Elapsed, TimeSpan.FromSeconds(5));
        });
    }

    [Test]
    public async Task A_retry_after_beyond_the_cap_is_not_waited_for()
    {
        var (server, _) = await StartAsync(c => Faults.RespondAsync(c, 429, (string?)null, headers: ("Retry-After", "5")));
        await using var _1 = server;
        using var client = Client(server.BaseAddress, o => o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(1));

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<ThrottledException>(() => Close(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(server.Requests, Is.EqualTo(1));
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
        });
    }

    [Test]
    public async Task Cancelling_during_a_retry_delay_stops_at_once_and_is_neither_retried_nor_checked()
    {
        var (server, zabbix) = await StartAsync(c => Faults.RespondAsync(c, 503, (string?)null, headers: ("Retry-After", "10")));
        await using var _1 = server;
        using var client = Client(server.BaseAddress, o =>
        {
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(30);
            o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(30);
        });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<TaskCanceledException>(
            () => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1001"], "m"), cancel.Token));

        Assert.Multiple(() =>
        {
            Assert.That(error.CancellationToken, Is.EqualTo(cancel.Token));
            Assert.That(zabbix.Calls(Operation), Is.EqualTo(1));
            Assert.That(zabbix.Calls("event.get"), Is.Zero);
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
        });
        await Task.Delay(200);
        Assert.That(server.Requests, Is.EqualTo(1), "nothing was sent after the cancellation");
    }
}
