using System.Text.Json.Nodes;
using IncidentSdk.Testing;

namespace IncidentSdk.Tests.Testing;

/// <summary><see cref="FakeCocService"/>'s create API (<c>POST /v1/external/incident/create</c>) on the raw wire.</summary>
public class FakeCocCreateTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, 123, TimeSpan.Zero);

    [Test]
    public async Task A_create_answers_the_new_number_and_the_detail_list_and_history_show_every_field()
    {
        var fake = new FakeCocService(timeProvider: new VirtualTimeProvider(Now));
        using var wire = new FakeCocWire(fake);
        const string body = """{"incident_level":"level_20","is_service_interrupt":true,"incident_type":"inc_type_p_config_issues","incident_title":"DB down","incident_source":"incident_source_alarm","creator":"c1","region":["cn-north-4"],"enterprise_project":["0"],"current_cloud_service":["app1"],"incident_description":"pool exhausted [marker-42]","incident_assignee":["u1"],"incident_ownership":"incident_ownership_300","start_time":1772351000000}""";

        var created = await wire.CreateAsync(body);
        var second = await wire.CreateTicketAsync();
        var detail = await wire.SendAsync(HttpMethod.Get, "/v1/external/incident/IM202603010800001230000001", null);
        var list = await wire.SendAsync(HttpMethod.Post, FakeCocService.ListPath, """{"string_filters":[{"field":"description","operator":"like","values":["[marker-42]"]},{"field":"create_time","operator":">=","values":["1772352000123"]}]}""");

        Assert.Multiple(() =>
        {
            Assert.That(created, Is.EqualTo((HttpStatusCode.OK, """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{"incident_num":"IM202603010800001230000001"}}""")));
            Assert.That(second, Is.EqualTo("IM202603010800001230000002"), "\"IM\", the clock to the millisecond, a 7-digit sequence");
            Assert.That(detail.Body, Is.EqualTo("""{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{"incident_num":"IM202603010800001230000001","region":["cn-north-4"],"enterprise_project":["0"],"current_cloud_service":["app1"],"incident_level":"level_20","is_service_interrupt":true,"start_time":1772351000000,"incident_type":"inc_type_p_config_issues","incident_title":"DB down","incident_description":"pool exhausted [marker-42]","incident_source":"incident_source_alarm","incident_assignee":["u1"],"incident_ownership":"incident_ownership_300","status":"INCIDENT_STATUS_TRIGGERED","create_time":1772352000123,"creator":"c1","enum_data_list":[]}}"""));
            Assert.That(JsonNode.Parse(list.Body)!["data"]!["tickets"]!.AsArray().Select(t => t!["ticket_id"]!.GetValue<string>()), Is.EqualTo(new[] { "IM202603010800001230000001" }));
            Assert.That(JsonNode.Parse(list.Body)!["data"]!["tickets"]![0]!["description"]!.GetValue<string>(), Is.EqualTo("pool exhausted [marker-42]"));
            Assert.That(fake.Tickets, Has.Count.EqualTo(2));
            Assert.That(fake.GetTicket("IM202603010800001230000001")!.State, Is.EqualTo(FakeTicketState.Triggered));
            Assert.That(fake.GetHistory("IM202603010800001230000001"), Is.EqualTo(new[] { new FakeHistoryEntry("create_incident", "创建事件单", "create incident", "c1", "INCIDENT_STATUS_TRIGGERED", Now, Now, null) }));
            Assert.That(fake.Requests.Select(r => (r.Method, r.Path)).Take(2), Is.EqualTo(new[] { ("POST", FakeCocService.CreatePath), ("POST", FakeCocService.CreatePath) }));
        });
    }

    [Test]
    public async Task Scene_and_role_instead_of_an_owner_are_kept_and_empty_optional_values_are_accepted()
    {
        var fake = new FakeCocService();
        using var wire = new FakeCocWire(fake);

        var number = await wire.CreateTicketAsync("""{"incident_assignee":null,"assignee_scene":"s1","assignee_role":"r1","region":[],"incident_description":""}""");
        var withEmptySceneAndRole = await wire.CreateTicketAsync("""{"assignee_scene":"","assignee_role":""}""");

        var ticket = fake.GetTicket(number)!;
        Assert.Multiple(() =>
        {
            Assert.That((ticket.AssigneeScene, ticket.AssigneeRole, ticket.Assignees.Count, ticket.Regions.Count), Is.EqualTo(("s1", "r1", 0, 0)));
            Assert.That(fake.GetTicket(withEmptySceneAndRole)!.Assignees, Is.EqualTo(new[] { "u1" }), "the documented example sends empty scene and role with an owner");
        });
    }

    [TestCase("incident_level", 255)]
    [TestCase("incident_type", 255)]
    [TestCase("incident_title", 200)]
    [TestCase("incident_source", 255)]
    [TestCase("creator", 255)]
    [TestCase("incident_description", 600)]
    [TestCase("incident_ownership", 50)]
    public async Task A_text_is_accepted_at_its_maximum_length_and_refused_one_over_naming_the_field(string field, int max)
    {
        var fake = new FakeCocService();
        using var wire = new FakeCocWire(fake);

        var atMax = await wire.CreateAsync(FakeCocWire.Merge(FakeCocWire.CreateBody, new JsonObject { [field] = new string('a', max) }.ToJsonString()));
        var over = await wire.CreateAsync(FakeCocWire.Merge(FakeCocWire.CreateBody, new JsonObject { [field] = new string('a', max + 1) }.ToJsonString()));
        var shown = max + 1 > 64 ? new string('a', 64) + "..." : new string('a', max + 1);

        Assert.Multiple(() =>
        {
            Assert.That(atMax.Status, Is.EqualTo(HttpStatusCode.OK), atMax.Body);
            Assert.That(over, Is.EqualTo((HttpStatusCode.BadRequest, "{\"error_code\":\"GOM.00007256\",\"error_msg\":\"The field[" + field + "] value[" + shown + "] invalid\",\"provider_code\":\"049\",\"data\":null}")));
            Assert.That(fake.Tickets, Has.Count.EqualTo(1), "a refused create makes no ticket");
        });
    }

    [TestCase("assignee_scene")]
    [TestCase("assignee_role")]
    public async Task A_scene_or_role_is_accepted_at_255_and_refused_at_256(string field)
    {
        using var wire = new FakeCocWire(new FakeCocService());
        var sceneAndRole = """{"incident_assignee":null,"assignee_scene":"s","assignee_role":"r"}""";

        var atMax = await wire.CreateAsync(FakeCocWire.Merge(FakeCocWire.Merge(FakeCocWire.CreateBody, sceneAndRole), new JsonObject { [field] = new string('b', 255) }.ToJsonString()));
        var over = await wire.CreateAsync(FakeCocWire.Merge(FakeCocWire.Merge(FakeCocWire.CreateBody, sceneAndRole), new JsonObject { [field] = new string('b', 256) }.ToJsonString()));

        Assert.Multiple(() =>
        {
            Assert.That(atMax.Status, Is.EqualTo(HttpStatusCode.OK), atMax.Body);
            Assert.That(over.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(JsonNode.Parse(over.Body)!["error_msg"]!.GetValue<string>(), Is.EqualTo("The field[" + field + "] value[" + new string('b', 64) + "...] invalid"));
        });
    }

    [TestCase("region")]
    [TestCase("enterprise_project")]
    [TestCase("current_cloud_service")]
    [TestCase("incident_assignee")]
    public async Task A_list_holds_one_item_of_at_most_255_characters(string field)
    {
        var fake = new FakeCocService();
        using var wire = new FakeCocWire(fake);

        var atMax = await wire.CreateAsync(FakeCocWire.Merge(FakeCocWire.CreateBody, new JsonObject { [field] = new JsonArray(new string('c', 255)) }.ToJsonString()));
        var longItem = await wire.CreateAsync(FakeCocWire.Merge(FakeCocWire.CreateBody, new JsonObject { [field] = new JsonArray(new string('c', 256)) }.ToJsonString()));
        var twoItems = await wire.CreateAsync(FakeCocWire.Merge(FakeCocWire.CreateBody, new JsonObject { [field] = new JsonArray("x", "y") }.ToJsonString()));

        Assert.Multiple(() =>
        {
            Assert.That(atMax.Status, Is.EqualTo(HttpStatusCode.OK), atMax.Body);
            Assert.That(JsonNode.Parse(longItem.Body)!["error_msg"]!.GetValue<string>(), Is.EqualTo("The field[" + field + "] value[" + new string('c', 64) + "...] invalid"));
            Assert.That(JsonNode.Parse(twoItems.Body)!["error_msg"]!.GetValue<string>(), Is.EqualTo("The field[" + field + "] value[[\"x\",\"y\"]] invalid"));
            Assert.That((longItem.Status, twoItems.Status), Is.EqualTo((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest)));
            Assert.That(fake.Tickets, Has.Count.EqualTo(1));
        });
    }

    [TestCase("""{"start_time":0}""")]
    [TestCase("""{"start_time":9999999999999}""")]
    [TestCase("""{"is_service_interrupt":true}""")]
    [TestCase("""{"is_service_interrupt":"true"}""")]
    [TestCase("""{"is_service_interrupt":"false"}""")]
    [TestCase("""{"incident_ownership":"o"}""")]
    [TestCase("""{"incident_description":null,"region":null}""")]
    public async Task Values_at_the_documented_limits_are_accepted(string overrides)
    {
        var fake = new FakeCocService();
        using var wire = new FakeCocWire(fake);

        var (status, body) = await wire.CreateAsync(FakeCocWire.Merge(FakeCocWire.CreateBody, overrides));

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
            Assert.That(fake.Tickets, Has.Count.EqualTo(1));
        });
    }

    [TestCase("""{"start_time":10000000000000}""", "The field[start_time] value[10000000000000] invalid")]
    [TestCase("""{"start_time":-1}""", "The field[start_time] value[-1] invalid")]
    [TestCase("""{"start_time":"1"}""", "The field[start_time] value[\"1\"] invalid")]
    [TestCase("""{"is_service_interrupt":"yes"}""", "The field[is_service_interrupt] value[yes] invalid")]
    [TestCase("""{"is_service_interrupt":1}""", "The field[is_service_interrupt] value[1] invalid")]
    [TestCase("""{"is_service_interrupt":null}""", "The field[is_service_interrupt] value[] invalid")]
    [TestCase("""{"incident_level":null}""", "The field[incident_level] value[] invalid")]
    [TestCase("""{"incident_type":null}""", "The field[incident_type] value[] invalid")]
    [TestCase("""{"incident_title":""}""", "The field[incident_title] value[] invalid")]
    [TestCase("""{"incident_source":null}""", "The field[incident_source] value[] invalid")]
    [TestCase("""{"creator":null}""", "The field[creator] value[] invalid")]
    [TestCase("""{"creator":7}""", "The field[creator] value[7] invalid")]
    [TestCase("""{"incident_ownership":""}""", "The field[incident_ownership] value[] invalid")]
    [TestCase("""{"region":"cn-north-4"}""", "The field[region] value[\"cn-north-4\"] invalid")]
    [TestCase("""{"incident_assignee":null}""", "The field[incident_assignee] value[] invalid")]
    [TestCase("""{"incident_assignee":[""]}""", "The field[incident_assignee] value[] invalid")]
    [TestCase("""{"assignee_scene":"s"}""", "The field[assignee_scene] value[s] invalid")]
    [TestCase("""{"assignee_role":"r"}""", "The field[assignee_role] value[r] invalid")]
    [TestCase("""{"incident_assignee":null,"assignee_scene":"s"}""", "The field[assignee_role] value[] invalid")]
    [TestCase("""{"incident_assignee":null,"assignee_role":"r"}""", "The field[assignee_scene] value[] invalid")]
    public async Task Refused_bodies_are_GOM_00007256_naming_the_field_and_create_nothing(string overrides, string message)
    {
        var fake = new FakeCocService();
        using var wire = new FakeCocWire(fake);

        var (status, body) = await wire.CreateAsync(FakeCocWire.Merge(FakeCocWire.CreateBody, overrides));

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body, Is.EqualTo("{\"error_code\":\"GOM.00007256\",\"error_msg\":" + JsonValue.Create(message).ToJsonString() + ",\"provider_code\":\"049\",\"data\":null}"));
            Assert.That(fake.Tickets, Is.Empty);
            Assert.That(fake.Requests.Single().ErrorCode, Is.EqualTo("GOM.00007256"));
        });
    }

    [Test]
    public async Task A_create_whose_response_is_lost_leaves_exactly_one_ticket()
    {
        var fake = new FakeCocService();
        using var wire = new FakeCocWire(fake);
        fake.Failures.LoseNextResponse();

        Assert.ThrowsAsync<HttpRequestException>(() => wire.CreateAsync(FakeCocWire.CreateBody));

        Assert.Multiple(() =>
        {
            Assert.That(fake.Tickets, Has.Count.EqualTo(1));
            Assert.That(fake.Tickets.Single().State, Is.EqualTo(FakeTicketState.Triggered));
            Assert.That(fake.Requests.Single(), Is.EqualTo(new FakeCocRequest(null, null, FakeCocWire.CreateBody, 200, "GOM.00000000") { ResponseLost = true, Method = "POST", Path = FakeCocService.CreatePath, RequestId = fake.Requests.Single().RequestId }));
        });
    }
}
