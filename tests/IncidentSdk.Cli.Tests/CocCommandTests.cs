namespace IncidentSdk.Cli.Tests;

/// <summary>The COC commands against a recording transport: the bytes sent, the output, and how each failure maps to an exit code.</summary>
public sealed class CocCommandTests
{
    private const string Success = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null}""";

    private CliHarness _cli = null!;
    private StubTransport _transport = null!;
    private Func<HttpRequestMessage, string, HttpResponseMessage> _respond = null!;

    [SetUp]
    public void SetUp()
    {
        _respond = (_, _) => StubTransport.Json(HttpStatusCode.OK, Success, "req-ok-1");
        _transport = new StubTransport((request, body) => _respond(request, body));
        _cli = new CliHarness { Transport = _transport }.WithCocEnvironment();

        // No retries, so each failure is one request.
        _cli.WriteFile("incident.json", """{ "Coc": { "Resilience": { "MaxRetries": 0 } } }""");
    }

    [TearDown]
    public void TearDown()
    {
        _cli.Dispose();
        _transport.Dispose();
    }

    [Test]
    public async Task AcceptSendsTheSignedRequestAndPrintsTheResult()
    {
        var run = await _cli.RunAsync("coc", "accept", "IM202403221515060171753781", "op-1");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0));
            Assert.That(run.Error, Is.Empty);
            Assert.That(run.Out, Is.EqualTo("Accepted ticket IM202403221515060171753781: GOM.00000000 (request id req-ok-1)." + Environment.NewLine));
            Assert.That(_transport.Requests, Has.Count.EqualTo(1));
        });
        var (request, body) = _transport.Requests[0];
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(request.RequestUri, Is.EqualTo(new Uri("https://coc.test.invalid/v1/external/incident/handle")));
            Assert.That(body, Is.EqualTo("""{"incident_num":"IM202403221515060171753781","operator":"op-1","operate_key":"acceptedIncident1","parameter":{}}"""));
            Assert.That(request.Headers.GetValues("Authorization").Single(), Does.StartWith("SDK-HMAC-SHA256 Access=" + CliHarness.AccessKey + ","));
        });
    }

    [Test]
    public async Task SolveSendsTheSolutionParameter()
    {
        var run = await _cli.RunAsync(
            "coc", "solve", "IM1", "op", "--category", "config", "--interrupted", "true",
            "--cause", "pool too small", "--solution", "raised to 200", "--start-time", "1711090000000", "--recovery-time", "1711093600000", "--json");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(_transport.Requests[0].Body, Is.EqualTo(
            """{"incident_num":"IM1","operator":"op","operate_key":"commitSolution1","parameter":{"mtm_type":"inc_type_p_config_issues","is_service_interrupt":true,"cause":"pool too small","solution":"raised to 200","start_time":1711090000000,"fault_recovery_time":1711093600000}}"""));
        Assert.That(run.Out, Is.EqualTo(
            """{"ok":true,"service":"coc","operate_key":"commitSolution1","incident_num":"IM1","operator":"op","error_code":"GOM.00000000","provider_code":"049","request_id":"req-ok-1","offline":false}""" + Environment.NewLine));
    }

    [Test]
    public async Task ConfirmSendsTheVerificationParameter()
    {
        var run = await _cli.RunAsync("coc", "confirm", "IM1", "op", "--confirmed", "false", "--comment", "错误率仍然很高");

        AssertSentAndPrinted(
            run,
            """{"incident_num":"IM1","operator":"op","operate_key":"confirm","parameter":{"virtual_confirm_result":false,"virtual_confirm_comment":"错误率仍然很高"}}""",
            "Rejected the result of ticket IM1: GOM.00000000");
    }

    [Test]
    public async Task HandleSendsStringAndJsonParameters()
    {
        var run = await _cli.RunAsync("coc", "handle", "IM1", "op", "--key", "forwardOther1", "--param", "target_user=u-2", "--param", "reason=a=b", "--param", "level:=3", "--param", "urgent:=true");

        AssertSentAndPrinted(
            run,
            """{"incident_num":"IM1","operator":"op","operate_key":"forwardOther1","parameter":{"target_user":"u-2","reason":"a=b","level":3,"urgent":true}}""",
            "Applied forwardOther1 to ticket IM1: GOM.00000000");
    }

    [Test]
    public async Task ATooLongCommentExitsWith3WithOneLineAndNothingSent()
    {
        var run = await _cli.RunAsync("coc", "confirm", "IM1", "op", "--confirmed", "true", "--comment", new string('x', 301));

        Assert.Multiple(() =>
        {
            run.AssertOneErrorLine(3, Does.StartWith("incident: invalid request (exit 3): "), Does.Contain("parameter.virtual_confirm_comment"), Does.Contain("[max-length]"));
            Assert.That(run.Out, Is.Empty);
            Assert.That(_transport.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task AValidationErrorWithJsonListsEveryBrokenRule()
    {
        var run = await _cli.RunAsync("coc", "solve", "IM1", "op", "--category", "config", "--interrupted", "false", "--cause", new string('c', 10001), "--solution", "", "--json");

        Assert.That(run.ExitCode, Is.EqualTo(3));
        Assert.That(_transport.Requests, Is.Empty);
        var error = run.Json().GetProperty("error");
        var rules = error.GetProperty("validation_errors").EnumerateArray()
            .Select(e => e.GetProperty("path").GetString() + " " + e.GetProperty("rule").GetString())
            .ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(error.GetProperty("type").GetString(), Is.EqualTo("RequestValidationException"));
            Assert.That(error.GetProperty("may_have_reached_server").GetBoolean(), Is.False);
            Assert.That(rules, Does.Contain("parameter.cause max-length"));
            Assert.That(rules, Does.Contain("parameter.solution required"));
        });
    }

    [TestCase(HttpStatusCode.Unauthorized, """{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail","request_id":"req-401"}""", 4, "APIG.0301")]
    [TestCase(HttpStatusCode.Forbidden, """{"error_code":"APIG.0302","error_msg":"The IAM user is forbidden in the currently selected region","request_id":"req-403"}""", 4, "APIG.0302")]
    [TestCase(HttpStatusCode.NotFound, """{"error_code":"APIG.0101","error_msg":"The API does not exist or has not been published in the environment","request_id":"req-404"}""", 5, "APIG.0101")]
    [TestCase(HttpStatusCode.TooManyRequests, """{"error_code":"APIG.0308","error_msg":"The throttling threshold has been reached","request_id":"req-429"}""", 6, "APIG.0308")]
    [TestCase(HttpStatusCode.BadGateway, """{"error_code":"APIG.0202","error_msg":"Backend unavailable","request_id":"req-502"}""", 7, "APIG.0202")]
    [TestCase(HttpStatusCode.BadRequest, """{"error_code":"GOM.00007256","error_msg":"The field[operate_key] value[acceptedIncident1] invalid","provider_code":"049","data":null}""", 7, "GOM.00007256")]
    [TestCase(HttpStatusCode.OK, """{"error_code":"GOM.00001234","error_msg":"ticket is closed","provider_code":"049","data":null}""", 7, "GOM.00001234")]
    public async Task ServiceErrorsMapToExitCodesWithTheCodeAndRequestIdOnOneLine(HttpStatusCode status, string body, int exitCode, string code)
    {
        _respond = (_, _) => StubTransport.Json(status, body, "req-hdr-9");

        var run = await _cli.RunAsync("coc", "accept", "IM1", "op");

        Assert.Multiple(() =>
        {
            run.AssertOneErrorLine(exitCode, Does.StartWith($"incident: ").And.Contain($"(exit {exitCode}): "), Does.Contain(code), Does.Contain("req-hdr-9"));
            Assert.That(run.Out, Is.Empty);
            Assert.That(run.Error, Does.Not.Contain(CliHarness.SecretKey));
            Assert.That(_transport.Requests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task AServiceErrorWithJsonKeepsTheCodeAndRequestId()
    {
        _respond = (_, _) => StubTransport.Json(HttpStatusCode.NotFound, """{"error_code":"APIG.0101","error_msg":"The API does not exist","request_id":"req-body"}""", "req-hdr");

        var run = await _cli.RunAsync("coc", "accept", "IM1", "op", "--json");

        Assert.That(run.ExitCode, Is.EqualTo(5));
        var json = run.Json();
        var error = json.GetProperty("error");
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("ok").GetBoolean(), Is.False);
            Assert.That(json.GetProperty("exit_code").GetInt32(), Is.EqualTo(5));
            Assert.That(error.GetProperty("kind").GetString(), Is.EqualTo("not found"));
            Assert.That(error.GetProperty("type").GetString(), Is.EqualTo("ResourceNotFoundException"));
            Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("APIG.0101"));
            Assert.That(error.GetProperty("service_message").GetString(), Is.EqualTo("The API does not exist"));
            Assert.That(error.GetProperty("request_id").GetString(), Is.EqualTo("req-hdr"));
            Assert.That(error.GetProperty("http_status").GetInt32(), Is.EqualTo(404));
        });
    }

    [Test]
    public async Task AnHtmlPageIsAnInvalidResponse()
    {
        _respond = (_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html><body>portal</body></html>", System.Text.Encoding.UTF8, "text/html") };

        var run = await _cli.RunAsync("coc", "accept", "IM1", "op");

        run.AssertOneErrorLine(7, Does.StartWith("incident: invalid response (exit 7): "));
    }

    [Test]
    public async Task AConnectionFailureExitsWith8()
    {
        _respond = (_, _) => throw new HttpRequestException("Connection refused (coc.test.invalid:443)", new System.Net.Sockets.SocketException(111));

        var run = await _cli.RunAsync("coc", "accept", "IM1", "op");

        run.AssertOneErrorLine(8, Does.StartWith("incident: transport error (exit 8): "));
    }

    [Test]
    public async Task RegionOptionOverridesTheEndpointFromTheEnvironment()
    {
        var run = await _cli.RunAsync("coc", "accept", "IM1", "op", "--region", "eu-west-101");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(_transport.Requests[0].Request.RequestUri, Is.EqualTo(new Uri("https://coc-eu-west-101-open-api.myhuaweicloud.eu/v1/external/incident/handle")));
    }

    [Test]
    public async Task EndpointOptionOverridesTheEnvironment()
    {
        var run = await _cli.RunAsync("coc", "accept", "IM1", "op", "--endpoint", "https://coc.other.invalid/base/");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(_transport.Requests[0].Request.RequestUri, Is.EqualTo(new Uri("https://coc.other.invalid/base/v1/external/incident/handle")));
    }

    [Test]
    public async Task TheConfigFileSuppliesSettingsTheEnvironmentLacks()
    {
        _cli.Environment.Remove("COC_ENDPOINT");
        _cli.WriteFile("settings.json", """{ "Coc": { "Region": "ap-southeast-3", "ProjectId": "proj-7", "Resilience": { "MaxRetries": 0 } } }""");

        var run = await _cli.RunAsync("coc", "accept", "IM1", "op", "--config", "settings.json");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        var request = _transport.Requests[0].Request;
        Assert.Multiple(() =>
        {
            Assert.That(request.RequestUri, Is.EqualTo(new Uri("https://coc-intl.myhuaweicloud.com/v1/external/incident/handle")));
            Assert.That(request.Headers.GetValues("X-Project-Id").Single(), Is.EqualTo("proj-7"));
        });
    }

    /// <summary>The run succeeded, its first request carried <paramref name="body"/>, and its output starts with <paramref name="printed"/>.</summary>
    private void AssertSentAndPrinted(CliRun run, string body, string printed)
    {
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(_transport.Requests[0].Body, Is.EqualTo(body));
            Assert.That(run.Out, Does.StartWith(printed));
        });
    }
}
