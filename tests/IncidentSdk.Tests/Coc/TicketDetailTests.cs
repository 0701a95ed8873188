using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using IncidentSdk.Authentication;
using IncidentSdk.Coc;
using IncidentSdk.Tests.Support;
using IncidentSdk.Validation;
using NUnit.Framework;
using RichardSzalay.MockHttp;

namespace IncidentSdk.Tests.Coc;

/// <summary><see cref="IncidentClient.GetIncidentAsync"/>: the GET on the wire, the ticket read from <c>data</c>, not-found, and the path rules.</summary>
public class TicketDetailTests
{
    private const string DetailUrl = CocTest.Endpoint + "/v1/external/incident/" + CocTest.IncidentNumber;

    // The fields of IncidentTicketInfoResponseData (coc-incident-lifecycle.md §2) with the documented example values.
    private const string DetailBody = """
        {"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{
          "incident_num":"IM202403221515060171753781","region":["cn-north-4"],"enterprise_project":["0"],
          "current_cloud_service":["6476f89204a797573e827e2d"],"incident_level":"level_20","is_service_interrupt":true,
          "start_time":1705025700000,"fault_recovery_time":1705029300000,"fault_delineation_time":1705027500000,
          "incident_ownership":"incident_ownership_300","incident_type":"inc_type_p_security_issues",
          "incident_title":"数据库连接失败","incident_description":"desc","incident_source":"incident_source_manual",
          "incident_assignee":["25819b46251b46218bf6ad238ddd860c"],"assignee_scene":"scene1","assignee_role":"role1",
          "warroom_id":"WR202401131003108420100910","handle_time":1705026000000,"status":"INCIDENT_STATUS_ACKNOWLEDGED",
          "create_time":1705025720537,"creator":"7da46971b7e24eed90cf777cc2ff8b91",
          "enum_data_list":[{"filed_key":"current_cloud_service_id","enum_key":"6476f89204a797573e827e2d","name_zh":"COC-CIM","name_en":"COC-CIM"}],
          "some_future_field":{"nested":[1,2,3]}}}
        """;

    [Test]
    public async Task Sends_a_signed_GET_with_an_empty_body_and_reads_every_documented_field()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Expect(HttpMethod.Get, DetailUrl).With(log.Capture).Respond("application/json", DetailBody);
        using var client = CocTest.Client(mock);

        var ticket = await client.GetIncidentAsync(CocTest.IncidentNumber);

        var sent = log.Requests.Single();
        Assert.Multiple(async () =>
        {
            Assert.That(sent.Method, Is.EqualTo(HttpMethod.Get));
            Assert.That(sent.Uri, Is.EqualTo(DetailUrl));
            Assert.That(sent.Body, Is.Empty);
            Assert.That(sent.Header("Content-Type"), Is.EqualTo("application/json"));
            Assert.That(await SignatureVerifier.VerifyAsync(sent, new AkSkCredentials(CocTest.AccessKey, CocTest.SecretKey)), Is.True);
            Assert.That(ticket.Number, Is.EqualTo(CocTest.IncidentNumber));
            Assert.That(ticket.Title, Is.EqualTo("数据库连接失败"));
            Assert.That(ticket.Description, Is.EqualTo("desc"));
            Assert.That(ticket.Level, Is.EqualTo(IncidentLevel.P2));
            Assert.That(ticket.Status, Is.EqualTo(IncidentStatus.Acknowledged));
            Assert.That(ticket.Category, Is.EqualTo(IncidentCategory.SecurityIssues));
            Assert.That(ticket.Source, Is.EqualTo("incident_source_manual"));
            Assert.That(ticket.Ownership, Is.EqualTo("incident_ownership_300"));
            Assert.That(ticket.IsServiceInterrupted, Is.True);
            Assert.That(ticket.Creator, Is.EqualTo("7da46971b7e24eed90cf777cc2ff8b91"));
            Assert.That(ticket.Assignees, Is.EqualTo(new[] { "25819b46251b46218bf6ad238ddd860c" }));
            Assert.That((ticket.AssigneeScene, ticket.AssigneeRole), Is.EqualTo(("scene1", "role1")));
            Assert.That(ticket.Regions, Is.EqualTo(new[] { "cn-north-4" }));
            Assert.That(ticket.EnterpriseProjects, Is.EqualTo(new[] { "0" }));
            Assert.That(ticket.CloudServices, Is.EqualTo(new[] { "6476f89204a797573e827e2d" }));
            Assert.That(ticket.WarRoomId, Is.EqualTo("WR202401131003108420100910"));
            Assert.That(ticket.CreateTime, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1705025720537)));
            Assert.That(ticket.CreateTime!.Value.Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(ticket.StartTime, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1705025700000)));
            Assert.That(ticket.HandleTime, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1705026000000)));
            Assert.That(ticket.FaultRecoveryTime, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1705029300000)));
            Assert.That(ticket.FaultDelineationTime, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1705027500000)));
            Assert.That(ticket.UpdateTime, Is.Null);
            Assert.That(ticket.EnumValues.Select(v => (v.Field, v.Key, v.NameZh, v.NameEn)), Is.EqualTo(new[] { ("current_cloud_service_id", "6476f89204a797573e827e2d", "COC-CIM", "COC-CIM") }));
        });
        mock.VerifyNoOutstandingExpectation();
    }

    [Test]
    public async Task Reads_times_and_booleans_written_as_strings_and_unknown_status_keys()
    {
        using var client = Answering("""{"incident_num":"IM1","is_service_interrupt":"false","create_time":"1705025720537","start_time":"","handle_time":null,"status":"resolved","incident_level":"level_4","region":"cn-north-4"}""");

        var ticket = await client.GetIncidentAsync("IM1");

        Assert.Multiple(() =>
        {
            Assert.That(ticket.IsServiceInterrupted, Is.False);
            Assert.That(ticket.CreateTime, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1705025720537)));
            Assert.That(ticket.StartTime, Is.Null);
            Assert.That(ticket.HandleTime, Is.Null);
            Assert.That(ticket.Status!.Value.Value, Is.EqualTo("resolved"));
            Assert.That(ticket.Status, Is.Not.EqualTo(IncidentStatus.Resolved), "status keys compare case-sensitively");
            Assert.That(ticket.Level!.Value.Value, Is.EqualTo("level_4"));
            Assert.That(ticket.Regions, Is.EqualTo(new[] { "cn-north-4" }));
            Assert.That(ticket.Assignees, Is.Empty);
        });
    }

    [Test]
    public async Task A_ticket_without_its_number_keeps_the_number_asked_for()
    {
        using var client = Answering("""{"incident_title":"t"}""");

        var ticket = await client.GetIncidentAsync("IM7");

        Assert.That((ticket.Number, ticket.Title), Is.EqualTo(("IM7", "t")));
    }

    [TestCase("""{"create_time":"yesterday"}""")]
    [TestCase("""{"create_time":1.5}""")]
    [TestCase("""{"create_time":true}""")]
    [TestCase("""{"create_time":999999999999999999}""")]
    [TestCase("""{"is_service_interrupt":"yes"}""")]
    [TestCase("""{"is_service_interrupt":2}""")]
    [TestCase("""{"status":5}""")]
    [TestCase("""{"incident_title":{"zh":"t"}}""")]
    [TestCase("""{"incident_assignee":[{"id":"u"}]}""")]
    [TestCase("""{"enum_data_list":{"filed_key":"x"}}""")]
    public void A_value_of_the_wrong_type_is_an_invalid_response(string data)
    {
        using var client = Answering(data);

        var error = Assert.ThrowsAsync<InvalidResponseException>(() => client.GetIncidentAsync(CocTest.IncidentNumber));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo("GOM.00000000"));
            Assert.That(error.Message, Does.Contain("cannot be read"));
            Assert.That(error.InnerException, Is.InstanceOf<System.Text.Json.JsonException>());
        });
    }

    [TestCase("null")]
    [TestCase("[]")]
    [TestCase("\"IM1\"")]
    public void A_success_without_a_data_object_is_an_invalid_response(string data)
    {
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond("application/json", $$"""{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{{data}}}""");
        using var client = CocTest.Client(mock);

        Assert.ThrowsAsync<InvalidResponseException>(() => client.GetIncidentAsync(CocTest.IncidentNumber));
    }

    [Test]
    public void COC_00067003_on_HTTP_400_is_a_not_found()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Get, DetailUrl).Respond(
            HttpStatusCode.BadRequest,
            CocTest.Headers(("X-Request-Id", "req-404")),
            "application/json",
            """{"error_code":"COC.00067003","error_msg":"incident not found","provider_code":"049","data":null}""");
        using var client = CocTest.Client(mock);

        var error = Assert.ThrowsAsync<ResourceNotFoundException>(() => client.GetIncidentAsync(CocTest.IncidentNumber));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo("COC.00067003"));
            Assert.That(error.StatusCode, Is.EqualTo(400));
            Assert.That(error.RequestId, Is.EqualTo("req-404"));
            Assert.That(error.Error.Operation, Is.EqualTo("ShowCocIncidentDetail"));
        });
        mock.VerifyNoOutstandingExpectation();
    }

    [Test]
    public async Task A_read_is_retried_after_a_502_because_it_is_idempotent()
    {
        using var mock = new MockHttpMessageHandler();
        var failed = mock.Expect(HttpMethod.Get, DetailUrl).Respond(HttpStatusCode.BadGateway);
        var answered = mock.Expect(HttpMethod.Get, DetailUrl).Respond("application/json", DetailBody);
        using var client = CocTest.Client(mock);

        var ticket = await client.GetIncidentAsync(CocTest.IncidentNumber);

        Assert.Multiple(() =>
        {
            Assert.That(ticket.Number, Is.EqualTo(CocTest.IncidentNumber));
            Assert.That(mock.GetMatchCount(failed) + mock.GetMatchCount(answered), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task The_number_is_escaped_into_one_path_segment_and_signed_as_sent()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.When("*").With(log.Capture).Respond("application/json", DetailBody);
        using var client = CocTest.Client(mock);

        await client.GetIncidentAsync("IM 1+é;a=b");

        var sent = log.Requests.Single();
        Assert.Multiple(async () =>
        {
            Assert.That(sent.Uri, Is.EqualTo(CocTest.Endpoint + "/v1/external/incident/IM%201%2B%C3%A9%3Ba%3Db"));
            Assert.That(await SignatureVerifier.VerifyAsync(sent, new AkSkCredentials(CocTest.AccessKey, CocTest.SecretKey)), Is.True);
        });
    }

    [TestCase(null, ValidationRules.Required)]
    [TestCase("", ValidationRules.Required)]
    [TestCase("   ", ValidationRules.Required)]
    [TestCase("IM1/../handle", ValidationRules.Format)]
    [TestCase("IM1\\x", ValidationRules.Format)]
    [TestCase("IM1%2F", ValidationRules.Format)]
    [TestCase("IM1?x=1", ValidationRules.Format)]
    [TestCase("IM1#x", ValidationRules.Format)]
    [TestCase("IM1\nx", ValidationRules.Format)]
    [TestCase(".", ValidationRules.Format)]
    [TestCase("..", ValidationRules.Format)]
    public void A_number_that_would_change_the_path_is_refused_before_sending(string? number, string rule)
    {
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond("application/json", DetailBody);
        using var client = CocTest.Client(mock);

        var error = Assert.ThrowsAsync<RequestValidationException>(() => client.GetIncidentAsync(number!));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Errors.Select(e => (e.Path, e.Rule)), Is.EqualTo(new[] { ("incident_num", rule) }));
            Assert.That(error.RequestMayHaveReachedServer, Is.False);
            Assert.That(mock.GetMatchCount(any), Is.Zero);
        });
    }

    [Test]
    public async Task The_number_may_be_255_characters_but_not_256()
    {
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond("application/json", DetailBody);
        using var client = CocTest.Client(mock);

        await client.GetIncidentAsync(new string('7', 255));
        var error = Assert.ThrowsAsync<RequestValidationException>(() => client.GetIncidentAsync(new string('7', 256)));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Errors.Select(e => (e.Path, e.Rule)), Is.EqualTo(new[] { ("incident_num", ValidationRules.MaxLength) }));
            Assert.That(mock.GetMatchCount(any), Is.EqualTo(1));
        });
    }

    private static IncidentClient Answering(string data)
    {
        var mock = new MockHttpMessageHandler();
        mock.When("*").Respond("application/json", $$"""{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{{data}}}""");
        return CocTest.Client(mock);
    }
}
