using System.Text.Json.Nodes;

namespace IncidentSdk.Tests.Coc;

/// <summary>The three request examples of the HandleCocIncident page, byte for byte on the wire.</summary>
public class WireFormatTests
{
    // The request examples exactly as the API page prints them.
    private const string SeedAccept = """
        {
          "incident_num" : "IM202403221515060171753781",
          "operator" : "7da46971b7e24eed90cf777cc2ff8b91",
          "operate_key" : "acceptedIncident1",
          "parameter" : { }
        }
        """;

    private const string SeedSolution = """
        {
          "incident_num" : "IM202403221515060171753781",
          "operator" : "7da46971b7e24eed90cf777cc2ff8b91",
          "operate_key" : "commitSolution1",
          "parameter" : {
            "mtm_type" : "inc_type_p_config_issues",
            "is_service_interrupt" : true,
            "cause" : "100001",
            "solution" : "20001"
          }
        }
        """;

    private const string SeedConfirm = """
        {
          "incident_num" : "IM202403221515060171753781",
          "operator" : "7da46971b7e24eed90cf777cc2ff8b91",
          "operate_key" : "confirm",
          "parameter" : {
            "virtual_confirm_result" : false,
            "virtual_confirm_comment" : "13"
          }
        }
        """;

    private MockHttpMessageHandler _mock = null!;
    private RequestLog _log = null!;
    private IncidentClient _client = null!;

    [SetUp]
    public void SetUp()
    {
        _mock = new MockHttpMessageHandler();
        _log = new RequestLog();
        _mock.Expect(HttpMethod.Post, CocTest.HandleUrl).With(_log.Capture).Respond("application/json", CocBodies.Success);
        _client = CocTest.Client(_mock);
    }

    [TearDown]
    public void TearDown()
    {
        _client.Dispose();
        _mock.Dispose();
    }

    [Test]
    public async Task Accept_sends_the_seed_body_with_an_empty_parameter_object()
    {
        await _client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        AssertSent(SeedAccept);
    }

    [Test]
    public async Task CommitSolution_sends_the_seed_body()
    {
        var solution = new SolutionParameter(IncidentCategory.ConfigIssues, isServiceInterrupted: true, cause: "100001", solution: "20001");

        await _client.CommitSolutionAsync(CocTest.IncidentNumber, CocTest.Operator, solution);

        AssertSent(SeedSolution);
    }

    [Test]
    public async Task Confirm_sends_the_seed_body()
    {
        await _client.ConfirmAsync(CocTest.IncidentNumber, CocTest.Operator, new VerificationParameter(confirmed: false, comment: "13"));

        AssertSent(SeedConfirm);
    }

    [Test]
    public async Task HandleAsync_with_a_raw_parameter_for_the_solution_sends_the_same_bytes_as_the_typed_one()
    {
        var raw = new RawIncidentParameter
        {
            ["mtm_type"] = "inc_type_p_config_issues",
            ["is_service_interrupt"] = true,
            ["cause"] = "100001",
            ["solution"] = "20001",
        };

        await _client.HandleAsync(new HandleIncidentRequest(CocTest.IncidentNumber, CocTest.Operator, "commitSolution1", raw));

        AssertSent(SeedSolution);
    }

    [Test]
    public async Task Optional_times_are_sent_after_the_documented_keys_when_set()
    {
        var solution = new SolutionParameter("tenant_custom_type", true, "c", "s") { StartTime = 1711091706000, FaultRecoveryTime = 1711095306000 };

        await _client.CommitSolutionAsync(CocTest.IncidentNumber, CocTest.Operator, solution);

        Assert.That(
            Encoding.UTF8.GetString(_log.Requests[0].Body),
            Is.EqualTo("""{"incident_num":"IM202403221515060171753781","operator":"7da46971b7e24eed90cf777cc2ff8b91","operate_key":"commitSolution1","parameter":{"mtm_type":"tenant_custom_type","is_service_interrupt":true,"cause":"c","solution":"s","start_time":1711091706000,"fault_recovery_time":1711095306000}}"""));
    }

    [Test]
    public async Task Non_ascii_text_and_characters_that_need_escaping_reach_the_wire_exactly()
    {
        const string cause = "数据库连接池耗尽 \"quoted\" \\ back\nnew line \u0001 😀";
        var solution = new SolutionParameter(IncidentCategory.MiddlewareIssues, false, cause, "扩容");

        await _client.CommitSolutionAsync(CocTest.IncidentNumber, CocTest.Operator, solution);

        var sent = Encoding.UTF8.GetString(_log.Requests[0].Body);
        Assert.That(sent, Does.Contain("数据库连接池耗尽 \\\"quoted\\\" \\\\ back\\nnew line \\u0001"), "CJK text raw, JSON escapes for quotes, backslash and controls");
        Assert.That(JsonNode.Parse(sent)!["parameter"]!["cause"]!.GetValue<string>(), Is.EqualTo(cause));
    }

    [Test]
    public async Task The_request_goes_to_the_handle_path_with_the_documented_content_type()
    {
        await _client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        var sent = _log.Requests[0];
        Assert.Multiple(() =>
        {
            Assert.That(sent.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(sent.Uri, Is.EqualTo("https://coc.example.test/v1/external/incident/handle"));
            Assert.That(sent.Header("Content-Type"), Is.EqualTo("application/json;charset=UTF-8"));
        });
    }

    [Test]
    public async Task An_endpoint_with_a_base_path_keeps_it()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, "https://gw.example.test/coc/v1/external/incident/handle").Respond("application/json", CocBodies.Success);
        using var client = CocTest.Client(mock, o => o.Endpoint = new Uri("https://gw.example.test/coc"));

        await client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        mock.VerifyNoOutstandingExpectation();
    }

    [Test]
    public async Task A_successful_response_gives_its_code_provider_and_request_id()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, CocTest.HandleUrl)
            .Respond(HttpStatusCode.OK, CocTest.Headers(("X-Request-Id", "req-42")), "application/json", CocBodies.Success);
        using var client = CocTest.Client(mock);

        var result = await client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        Assert.Multiple(() =>
        {
            Assert.That(result.ErrorCode, Is.EqualTo("GOM.00000000"));
            Assert.That(result.ProviderCode, Is.EqualTo("049"));
            Assert.That(result.RequestId, Is.EqualTo("req-42"));
            Assert.That(result.Data, Is.Null, "\"data\":null");
        });
    }

    private void AssertSent(string seed)
    {
        _mock.VerifyNoOutstandingExpectation();
        Assert.That(_log.Requests, Has.Count.EqualTo(1), "sent exactly once");
        var body = _log.Requests[0].Body;
        var compactSeed = JsonNode.Parse(seed)!.ToJsonString();
        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(seed)), Is.True, "same JSON as the seed example");
            Assert.That(body, Is.EqualTo(Encoding.UTF8.GetBytes(compactSeed)), "the seed example's bytes, compact, in the documented key order");
        });
    }
}
