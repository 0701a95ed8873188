using System.Security.Cryptography.X509Certificates;
using IncidentSdk.Authentication;
using IncidentSdk.Http;

namespace IncidentSdk.FaultTests.Coc;

/// <summary>
/// <see cref="IncidentClient"/> against real loopback servers that fail in one way each. COC actions are not
/// idempotent, so a failure after the request may have reached COC is never retried; failures before it was
/// sent, 429 and 503 are.
/// </summary>
public class CocFaultTests : ServiceFaultSuite<IncidentClient>
{
    internal const string IncidentNumber = "IM202403221515060171753781";
    internal const string Operator = "7da46971b7e24eed90cf777cc2ff8b91";
    internal const string RequestId = "coc-req-0001";
    internal const string SecretKey = "fault-test-secret-key-0123456789";
    internal static readonly AkSkCredentials Credentials = new("FAULTTESTAKFAULTTEST", SecretKey) { SecurityToken = "fault-test-security-token-0123456789" };

    private const string Accept1 = "acceptedIncident1";
    private const string Success = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null}""";

    private protected override string Operation => Accept1;

    private protected override string UnresolvableHost => "coc.fault-test.invalid";

    private protected override (string Name, string Value)[] AnswerHeaders => [(Faults.RequestIdHeader, RequestId)];

    private protected override string SuccessBodyWithPlaceholder => """{"error_code":"GOM.00000000","error_msg":"__","provider_code":"049","data":null}""";

    private protected override string? ThrottledBody => """{"error_code":"APIG.0308","error_msg":"The request is throttled.","request_id":"gw-429"}""";

    internal static IncidentClient Client(Uri endpoint, Action<IncidentClientOptions>? configure = null)
    {
        var options = new IncidentClientOptions { Endpoint = endpoint, Credentials = Credentials };
        options.Logging.LoggerFactory = SecretAudit.Factory;
        EdgeClients.Common(options.Resilience);
        configure?.Invoke(options);
        return new IncidentClient(options);
    }

    private protected override IncidentClient NewClient(Uri baseAddress, Action<ResilienceOptions>? resilience = null, int? maxResponseBodyBytes = null) =>
        Client(baseAddress, o =>
        {
            resilience?.Invoke(o.Resilience);
            o.MaxResponseBodyBytes = maxResponseBodyBytes ?? o.MaxResponseBodyBytes;
        });

    private protected override Task<FaultServer> StartAsync(Func<HttpContext, Task>? fault, X509Certificate2? certificate = null) =>
        FaultServer.StartAsync(fault ?? (c => Faults.RespondAsync(c, 200, Success)), certificate);

    private protected override Task CallAsync(IncidentClient client, CancellationToken cancellationToken = default) => Accept(client, cancellationToken);

    private protected override void AssertIdentifiesTheCall(ServiceException error)
    {
        Assert.That(error.RequestId, Is.EqualTo(RequestId));
        Assert.That(error.Error.Operation, Is.EqualTo(Operation));
    }

    private static Task<HandleIncidentResult> Accept(IncidentClient client, CancellationToken cancellationToken = default) =>
        client.AcceptAsync(IncidentNumber, Operator, cancellationToken);

    // ---- The connection breaks after the request went out: never retried for a ticket action. ----

    [Test]
    public Task Server_aborting_before_answering_is_not_retried() => ConnectionBreaksAfterSendingAsync(Faults.AbortAfterReadAsync, sends: 1);

    [Test]
    public Task Connection_reset_mid_body_is_not_retried() => ConnectionBreaksAfterSendingAsync(Faults.ResetMidBodyAsync, sends: 1);

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

    // ---- HTTP statuses ----

    [TestCase(500, "")]
    [TestCase(502, Faults.BadGatewayPage)]
    [TestCase(504, "")]
    public Task A_server_error_is_not_retried_for_a_ticket_action(int status, string html) => ServerErrorAsync(status, html, sends: 1);

    [Test]
    public async Task A_429_with_apig_0308_and_retry_after_is_retried_after_the_wait()
    {
        var error = await ThrottledIsRetriedAfterTheWaitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(error.ErrorCode, Is.EqualTo("APIG.0308"));
            Assert.That(error.ErrorMessage, Is.EqualTo("The request is throttled."));
            Assert.That(error.RequestId, Is.EqualTo(RequestId), "the header wins over the body's request_id");
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
    public Task A_200_with_a_body_that_is_not_the_envelope_is_an_invalid_response(string body) => NotTheExpectedAnswerAsync(body);

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
    public Task A_huge_body_stops_at_the_limit(bool declareLength) => HugeBodyStopsAtTheLimitAsync(declareLength);

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

        var error = await Expect.FailureOfAsync<IncidentSdkException>(() => Accept(client));

        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error, fault == "abort-after-read" ? Is.TypeOf<TransportException>() : Is.TypeOf<ServiceUnavailableException>());
            Assert.That(Volatile.Read(ref accepts), Is.EqualTo(1), "the server received the accept exactly once");
            Assert.That(server.DistinctConnectionIds, Is.EqualTo(1), "one connection, no second send");
        });
    }

    [Test]
    public Task Connection_refused_is_retried_with_backoff_until_the_server_comes_up() =>
        RetriedUntilTheServerComesUpAsync(
            client => Accept(client),
            port => FaultServer.StartAsync(c => Faults.RespondAsync(c, 200, Success), port: port),
            (_, server) => Assert.That(server.Requests, Is.EqualTo(1), "only the attempt after the server came up reached it"));

    [Test]
    public async Task Cancelling_during_a_retry_delay_stops_at_once_and_is_not_retried()
    {
        await using var server = await StartAsync(UnavailableForTenSecondsAsync);

        await CancellingDuringTheRetryDelayAsync(server, Accept, () => Assert.That(server.Requests, Is.EqualTo(1)));
    }

    /// <summary>The request path the client posts to, for servers that route.</summary>
    internal static bool IsHandlePath(HttpContext context) => context.Request.Path == IncidentClient.HandlePath;
}
