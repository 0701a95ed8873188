using System.Security.Cryptography.X509Certificates;
using IncidentSdk.Http;

namespace IncidentSdk.FaultTests.JsonRpc;

/// <summary>
/// <see cref="JsonRpcEventClient"/> against a real loopback Zabbix fake that fails in one way each. Closing an event
/// is idempotent, so it is retried after any transient failure; adding a message is not, so an ambiguous failure is
/// settled by reading the events back.
/// </summary>
public class ZabbixFaultTests : ServiceFaultSuite<JsonRpcEventClient>
{
    private const string Acknowledge = "event.acknowledge";

    private protected override string Operation => Acknowledge;

    private protected override string UnresolvableHost => "zabbix.fault-test.invalid";

    private protected override (string Name, string Value)[] AnswerHeaders => [];

    private protected override string SuccessBodyWithPlaceholder => """{"jsonrpc":"2.0","result":{"eventids":["__"]},"id":1}""";

    private protected override string? ThrottledBody => null;

    internal static JsonRpcEventClient Client(Uri url, Action<JsonRpcEventClientOptions>? configure = null)
    {
        var options = new JsonRpcEventClientOptions { Url = new Uri(url, "api_jsonrpc.php"), ApiToken = FakeZabbix.ApiToken, ServerVersion = FakeZabbix.Version };
        options.Logging.LoggerFactory = SecretAudit.Factory;
        EdgeClients.Common(options.Resilience);
        configure?.Invoke(options);
        return new JsonRpcEventClient(options);
    }

    private protected override JsonRpcEventClient NewClient(Uri baseAddress, Action<ResilienceOptions>? resilience = null, int? maxResponseBodyBytes = null) =>
        Client(baseAddress, o =>
        {
            resilience?.Invoke(o.Resilience);
            o.MaxResponseBodyBytes = maxResponseBodyBytes ?? o.MaxResponseBodyBytes;
        });

    private protected override async Task<FaultServer> StartAsync(Func<HttpContext, Task>? fault, X509Certificate2? certificate = null) =>
        (await StartWithZabbixAsync(fault, certificate)).Server;

    private protected override Task CallAsync(JsonRpcEventClient client, CancellationToken cancellationToken = default) =>
        client.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1001"]), cancellationToken);

    private protected override void AssertIdentifiesTheCall(ServiceException error)
    {
        Assert.That(error.RequestId, Is.EqualTo("1"), "the JSON-RPC id of the call");
        Assert.That(error.Error.Operation, Is.EqualTo(Operation));
        Assert.That(error.Error.Targets, Is.EqualTo(new[] { "1001" }));
    }

    /// <summary>A fake Zabbix whose <c>event.acknowledge</c> calls go to <paramref name="fault"/>.</summary>
    private static async Task<(FaultServer Server, FakeZabbix Zabbix)> StartWithZabbixAsync(Func<HttpContext, Task>? fault, X509Certificate2? certificate = null)
    {
        var zabbix = new FakeZabbix();
        if (fault is not null)
        {
            zabbix.Fault = async (call, context) =>
            {
                if (call.Method != Acknowledge)
                {
                    return false;
                }

                await fault(context);
                return true;
            };
        }

        return (await FaultServer.StartAsync(zabbix.HandleAsync, certificate), zabbix);
    }

    // ---- The connection breaks after the request went out: an idempotent close is retried. ----

    [Test]
    public Task Server_aborting_before_answering_is_retried_for_an_idempotent_close() => ConnectionBreaksAfterSendingAsync(Faults.AbortAfterReadAsync, sends: 3);

    [Test]
    public Task Connection_reset_mid_body_is_retried_for_an_idempotent_close() => ConnectionBreaksAfterSendingAsync(Faults.ResetMidBodyAsync, sends: 3);

    [Test]
    public async Task Headers_then_a_stall_are_retried_until_the_total_budget()
    {
        await using var server = await StartAsync(c => Faults.HeadersThenStallAsync(c, TimeSpan.FromSeconds(10)));
        using var client = Client(server.BaseAddress, o =>
        {
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            o.Resilience.TotalTimeout = TimeSpan.FromMilliseconds(1500);
        });

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<RequestTimeoutException>(() => CallAsync(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.Operation, Is.EqualTo(Operation));
            Assert.That(server.Requests, Is.EqualTo(3), "two full 500 ms attempts and one cut to what was left of 1.5 s");
            Assert.That(elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1450)));
            Expect.WithinBudget(elapsed, TimeSpan.FromMilliseconds(1500));
        });
    }

    // ---- HTTP statuses ----

    [TestCase(500, "")]
    [TestCase(502, Faults.BadGatewayPage)]
    [TestCase(504, "")]
    public Task A_server_error_is_retried_for_an_idempotent_close(int status, string html) => ServerErrorAsync(status, html, sends: 3);

    [Test]
    public Task A_429_with_retry_after_is_retried_after_the_wait() => ThrottledIsRetriedAfterTheWaitAsync();

    [Test]
    public async Task A_412_for_the_content_type_is_an_invalid_response_and_not_retried()
    {
        string? contentType = null;

        // Zabbix's api_jsonrpc.php answers 412 with an empty body when the Content-Type is not one it accepts;
        // this server accepts none, as if a proxy had rewritten the header.
        await using var server = await StartAsync(async c =>
        {
            contentType = c.Request.ContentType;
            await Faults.RespondAsync(c, 412, (string?)null);
        });
        using var client = Client(server.BaseAddress);

        var (error, elapsed) = await Expect.ThrowsExactlyAsync<InvalidResponseException>(() => CallAsync(client));

        Assert.Multiple(() =>
        {
            Assert.That(contentType, Is.EqualTo("application/json-rpc"));
            Assert.That(error.StatusCode, Is.EqualTo(412));
            Assert.That(error.Message, Does.Contain("412 Precondition Failed"));
            AssertIdentifiesTheCall(error);
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
    public Task A_200_with_a_body_that_is_not_the_expected_response_is_an_invalid_response(string body) => NotTheExpectedAnswerAsync(body);

    [TestCase(false, TestName = "Zabbix 50 MB chunked body stops at MaxResponseBodyBytes")]
    [TestCase(true, TestName = "Zabbix 50 MB declared body stops at MaxResponseBodyBytes")]
    public Task A_huge_body_stops_at_the_limit(bool declareLength) => HugeBodyStopsAtTheLimitAsync(declareLength);

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
    public Task Connection_refused_is_retried_with_backoff_until_the_server_comes_up()
    {
        var zabbix = new FakeZabbix();
        return RetriedUntilTheServerComesUpAsync(
            client => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1001"], "on it")),
            port => FaultServer.StartAsync(zabbix.HandleAsync, port: port),
            (result, _) =>
            {
                Assert.That(result.VerifiedAfterAmbiguousFailure, Is.False, "refused before sending: resent directly, no check");
                Assert.That(zabbix.Calls(Operation), Is.EqualTo(1));
                Assert.That(zabbix.Calls("event.get"), Is.Zero);
                Assert.That(zabbix.Messages("1001"), Is.EqualTo(new[] { "on it" }));
            });
    }

    [Test]
    public async Task Cancelling_during_a_retry_delay_stops_at_once_and_is_neither_retried_nor_checked()
    {
        var (server, zabbix) = await StartWithZabbixAsync(UnavailableForTenSecondsAsync);
        await using var _ = server;

        await CancellingDuringTheRetryDelayAsync(
            server,
            (client, token) => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1001"], "m"), token),
            () =>
            {
                Assert.That(zabbix.Calls(Operation), Is.EqualTo(1));
                Assert.That(zabbix.Calls("event.get"), Is.Zero);
            });
    }
}
