using System.Text.Json.Nodes;
using IncidentSdk.Authentication;
using IncidentSdk.Validation;

namespace IncidentSdk.Tests.Coc;

/// <summary><see cref="IncidentClient.CreateIncidentAsync"/>: the body on the wire, the number read back, and what a lost answer leads to.</summary>
public class CreateIncidentTests
{
    private const string CreateUrl = CocTest.Endpoint + "/v1/external/incident/create";
    private const string ListUrl = CocTest.Endpoint + "/v2/incidents/list";
    private const string Creator = "25819b46251b46218bf6ad238ddd860c";
    private const string Created = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{"incident_num":"IM202401121015200199403234"}}""";

    private static CreateIncidentRequest Request(string? marker = "zabbix-event-12345") => new("DB down", IncidentLevel.P2, IncidentCategory.SecurityIssues, "incident_source_alarm", Creator)
    {
        Assignee = Creator,
        Marker = marker,
    };

    private static string ListAnswer(params (string Number, string Description)[] tickets) =>
        """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{"total":""" + tickets.Length + ""","tickets":["""
        + string.Join(",", tickets.Select(t => new JsonObject { ["ticket_id"] = t.Number, ["description"] = t.Description }.ToJsonString()))
        + "]}}";

    [Test]
    public async Task Sends_every_field_as_documented_and_returns_the_number()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Expect(HttpMethod.Post, CreateUrl).With(log.Capture).Respond("application/json", Created);
        using var client = CocTest.Client(mock);
        var request = new CreateIncidentRequest("数据库连接失败", IncidentLevel.P1, IncidentCategory.SecurityIssues, "incident_source_manual", Creator)
        {
            IsServiceInterrupted = true,
            Description = "line \"one\"",
            AssigneeScene = "scene01",
            AssigneeRole = "role01",
            Region = "cn-north-4",
            EnterpriseProject = "0",
            Application = "app001",
            Ownership = "incident_ownership_300",
            StartTime = DateTimeOffset.FromUnixTimeMilliseconds(1751873060000),
            Marker = "zabbix-event-12345",
        };

        var created = await client.CreateIncidentAsync(request);

        var sent = log.Requests.Single();
        Assert.Multiple(async () =>
        {
            Assert.That(Encoding.UTF8.GetString(sent.Body), Is.EqualTo(
                """{"incident_level":"level_10","is_service_interrupt":true,"incident_type":"inc_type_p_security_issues","incident_title":"数据库连接失败","incident_source":"incident_source_manual","creator":"25819b46251b46218bf6ad238ddd860c","incident_description":"line \"one\"\n[ref:zabbix-event-12345]","assignee_scene":"scene01","assignee_role":"role01","region":["cn-north-4"],"enterprise_project":["0"],"current_cloud_service":["app001"],"incident_ownership":"incident_ownership_300","start_time":1751873060000}"""));
            Assert.That(sent.Header("Content-Type"), Is.EqualTo("application/json;charset=UTF-8"));
            Assert.That(await SignatureVerifier.VerifyAsync(sent, new AkSkCredentials(CocTest.AccessKey, CocTest.SecretKey)), Is.True);
            Assert.That(created.IncidentNumber, Is.EqualTo("IM202401121015200199403234"));
            Assert.That(created.Marker, Is.EqualTo("zabbix-event-12345"));
            Assert.That(created.FoundByReadBack, Is.False);
        });
    }

    [Test]
    public async Task Leaves_out_what_is_not_given_and_makes_a_marker_when_none_is_given()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.When(HttpMethod.Post, CreateUrl).With(log.Capture).Respond("application/json", Created);
        using var client = CocTest.Client(mock);

        var first = await client.CreateIncidentAsync(Request(marker: null));
        var second = await client.CreateIncidentAsync(Request(marker: null));

        Assert.Multiple(() =>
        {
            Assert.That(first.Marker, Does.Match("^isdk-[0-9a-f]{32}$"));
            Assert.That(second.Marker, Is.Not.EqualTo(first.Marker));
            Assert.That(Encoding.UTF8.GetString(log.Requests[0].Body), Is.EqualTo(
                """{"incident_level":"level_20","is_service_interrupt":false,"incident_type":"inc_type_p_security_issues","incident_title":"DB down","incident_source":"incident_source_alarm","creator":"25819b46251b46218bf6ad238ddd860c","incident_description":"[ref:""" + first.Marker + """]","incident_assignee":["25819b46251b46218bf6ad238ddd860c"]}"""));
        });
    }

    [Test]
    public async Task A_lost_answer_is_settled_by_the_marker_in_the_list_and_the_create_is_sent_once()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Expect(HttpMethod.Post, CreateUrl).With(log.Capture).Throw(new HttpRequestException("connection reset after the request was written"));
        mock.Expect(HttpMethod.Post, ListUrl).With(log.Capture).Respond("application/json", ListAnswer(
            ("IM1", "other\n[ref:zabbix-event-123456]"),
            ("IM2", "DB down\n[ref:zabbix-event-12345]")));
        using var client = CocTest.Client(mock, o => o.CreateReadBack.Delay = TimeSpan.Zero);

        var created = await client.CreateIncidentAsync(Request());

        Assert.Multiple(() =>
        {
            Assert.That((created.IncidentNumber, created.FoundByReadBack), Is.EqualTo(("IM2", true)));
            Assert.That(log.Requests.Count(r => r.Uri == CreateUrl), Is.EqualTo(1));
            Assert.That(Encoding.UTF8.GetString(log.Requests[1].Body), Is.EqualTo(
                """{"page":1,"per_page":200,"contain_total":true,"ticket_types":["incident"],"string_filters":[{"field":"create_time","operator":">=","values":["1711091406000"],"name":"create_time_start"}],"sort_filter":{"field":"create_time","operator":"asc","values":["create_time"],"name":"create_time"}}"""));
        });
        mock.VerifyNoOutstandingExpectation();
    }

    [Test]
    public async Task A_ticket_slow_to_reach_the_list_is_found_on_a_later_read()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, CreateUrl).Respond(HttpStatusCode.GatewayTimeout, "application/json", """{"error_code":"APIG.0201","error_msg":"Backend timeout"}""");
        mock.Expect(HttpMethod.Post, ListUrl).Respond("application/json", ListAnswer());
        mock.Expect(HttpMethod.Post, ListUrl).Respond("application/json", ListAnswer(("IM9", "[ref:zabbix-event-12345]")));
        using var client = CocTest.Client(mock, o => o.CreateReadBack.Delay = TimeSpan.Zero);

        var created = await client.CreateIncidentAsync(Request());

        Assert.That((created.IncidentNumber, created.FoundByReadBack), Is.EqualTo(("IM9", true)));
        mock.VerifyNoOutstandingExpectation();
    }

    [Test]
    public void Not_found_after_every_read_is_an_unknown_outcome_that_keeps_the_request_marker_and_code()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Expect(HttpMethod.Post, CreateUrl).With(log.Capture).Respond(HttpStatusCode.BadGateway, "application/json", """{"error_code":"APIG.0202","error_msg":"Backend unavailable"}""");
        mock.When(HttpMethod.Post, ListUrl).With(log.Capture).Respond("application/json", ListAnswer(("IM1", "[ref:zabbix-event-12345x]")));
        using var client = CocTest.Client(mock, o =>
        {
            o.CreateReadBack.Delay = TimeSpan.Zero;
            o.CreateReadBack.Attempts = 2;
        });
        var request = Request();

        var error = Assert.ThrowsAsync<IncidentCreationUnknownException>(() => client.CreateIncidentAsync(request));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Request, Is.SameAs(request));
            Assert.That(error.Marker, Is.EqualTo("zabbix-event-12345"));
            Assert.That(error.CreatedSince, Is.EqualTo(CocTest.SigningTime - TimeSpan.FromMinutes(5)));
            Assert.That(error.ErrorCode, Is.EqualTo("APIG.0202"));
            Assert.That(error.StatusCode, Is.EqualTo(502));
            Assert.That(error.ReadBackFailure, Is.Null);
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(log.Requests.Count(r => r.Uri == CreateUrl), Is.EqualTo(1));
            Assert.That(log.Requests.Count(r => r.Uri == ListUrl), Is.EqualTo(2));
        });
    }

    [Test]
    public void A_list_that_cannot_be_read_is_an_unknown_outcome_with_the_list_failure()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, CreateUrl).Throw(new TaskCanceledException("timed out"));
        mock.When(HttpMethod.Post, ListUrl).Respond(HttpStatusCode.Forbidden, "application/json", """{"error_code":"APIG.0302","error_msg":"no permission"}""");
        using var client = CocTest.Client(mock, o => o.CreateReadBack.Delay = TimeSpan.Zero);

        var error = Assert.ThrowsAsync<IncidentCreationUnknownException>(() => client.CreateIncidentAsync(Request()));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ReadBackFailure, Is.InstanceOf<ServiceException>());
            Assert.That(((ServiceException)error.ReadBackFailure!).ErrorCode, Is.EqualTo("APIG.0302"));
            Assert.That(error.OriginalFailure, Is.InstanceOf<TransportException>());
            Assert.That(error.Message, Does.Contain("could not be read"));
        });
    }

    [Test]
    public async Task With_resend_allowed_a_create_absent_from_every_read_is_sent_once_more_with_the_same_marker()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        var creates = 0;
        mock.When(HttpMethod.Post, CreateUrl).With(log.Capture).Respond(_ => Interlocked.Increment(ref creates) == 1
            ? new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("""{"error_code":"APIG.0202","error_msg":"Backend unavailable"}""", Encoding.UTF8, "application/json") }
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Created, Encoding.UTF8, "application/json") });
        mock.When(HttpMethod.Post, ListUrl).Respond("application/json", ListAnswer());
        using var client = CocTest.Client(mock, o =>
        {
            o.CreateReadBack.Delay = TimeSpan.Zero;
            o.CreateReadBack.ResendWhenAbsent = true;
            o.Resilience.MaxRetries = 0;
        });

        var created = await client.CreateIncidentAsync(Request());

        Assert.Multiple(() =>
        {
            Assert.That((created.IncidentNumber, created.FoundByReadBack), Is.EqualTo(("IM202401121015200199403234", false)));
            Assert.That(log.Requests.Select(r => Encoding.UTF8.GetString(r.Body)).Distinct().Count(), Is.EqualTo(1));
            Assert.That(log.Requests, Has.Count.EqualTo(2));
        });
    }

    [TestCase(HttpStatusCode.BadRequest, "GOM.00007256")]
    [TestCase(HttpStatusCode.Unauthorized, "APIG.0301")]
    [TestCase(HttpStatusCode.TooManyRequests, "APIG.0308")]
    [TestCase(HttpStatusCode.OK, "GOM.00007256")]
    [TestCase(HttpStatusCode.ServiceUnavailable, "APIG.0202")]
    public void A_refusal_is_thrown_as_is_without_a_read_back(HttpStatusCode status, string code)
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.When(HttpMethod.Post, CreateUrl).With(log.Capture).Respond(status, "application/json", """{"error_code":"CODE","error_msg":"refused","provider_code":"049"}""".Replace("CODE", code, StringComparison.Ordinal));
        mock.When(HttpMethod.Post, ListUrl).With(log.Capture).Respond("application/json", ListAnswer());
        using var client = CocTest.Client(mock, o =>
        {
            o.CreateReadBack.Delay = TimeSpan.Zero;
            o.Resilience.MaxRetries = 0;
        });

        var error = Assert.ThrowsAsync(Is.InstanceOf<ServiceException>(), () => client.CreateIncidentAsync(Request()));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Not.InstanceOf<IncidentCreationUnknownException>());
            Assert.That(((ServiceException)error!).ErrorCode, Is.EqualTo(code));
            Assert.That(log.Requests.Select(r => r.Uri), Is.EqualTo(new[] { CreateUrl }));
        });
    }

    [TestCase("""{"error_code":"GOM.00000000","data":{"incident_num":""}}""")]
    [TestCase("""{"error_code":"GOM.00000000","data":null}""")]
    [TestCase("""{"error_code":"GOM.00000000","data":{"incident_num":["IM1"]}}""")]
    public async Task A_success_without_a_readable_number_is_settled_through_the_list(string answer)
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, CreateUrl).Respond("application/json", answer);
        mock.Expect(HttpMethod.Post, ListUrl).Respond("application/json", ListAnswer(("IM7", "[ref:zabbix-event-12345]")));
        using var client = CocTest.Client(mock, o => o.CreateReadBack.Delay = TimeSpan.Zero);

        var created = await client.CreateIncidentAsync(Request());

        Assert.That((created.IncidentNumber, created.FoundByReadBack), Is.EqualTo(("IM7", true)));
        mock.VerifyNoOutstandingExpectation();
    }

    [Test]
    public async Task Finding_by_marker_reads_every_page_and_matches_the_whole_marker()
    {
        using var mock = new MockHttpMessageHandler();
        var page1 = Enumerable.Range(0, 200).Select(i => ("IMA" + i, i == 7 ? "x\n[ref:m-00000001]" : "[ref:m-000000010]")).ToArray();
        mock.Expect(HttpMethod.Post, ListUrl).WithPartialContent("\"page\":1,").Respond("application/json", ListAnswer(page1).Replace("\"total\":200", "\"total\":201", StringComparison.Ordinal));
        mock.Expect(HttpMethod.Post, ListUrl).WithPartialContent("\"page\":2,").Respond("application/json", ListAnswer(("IMB", "[ref:m-00000001]")));
        using var client = CocTest.Client(mock);

        var found = await client.FindIncidentsByMarkerAsync("m-00000001", DateTimeOffset.FromUnixTimeMilliseconds(1000));

        Assert.That(found.Select(t => t.Number), Is.EqualTo(new[] { "IMA7", "IMB" }));
        mock.VerifyNoOutstandingExpectation();
    }
}
