using System.Text.Json.Nodes;
using IncidentSdk.Testing;

namespace IncidentSdk.Tests.Testing;

/// <summary><see cref="FakeCocService"/>'s histories API, the v1 action sharing the v2 workflow, the console close and unknown tickets.</summary>
public class FakeCocHistoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task The_history_lists_the_steps_oldest_first_with_times_as_strings_or_newest_first_when_sorted_desc()
    {
        var clock = new VirtualTimeProvider(Now);
        var fake = new FakeCocService(timeProvider: clock);
        using var wire = new FakeCocWire(fake);
        var number = await wire.CreateTicketAsync();
        clock.Advance(TimeSpan.FromSeconds(5));
        await wire.StepAsync(number, "accepted");
        clock.Advance(TimeSpan.FromSeconds(5));
        await wire.StepAsync(number, "AddRemark", """{"note":"db pool"}""");

        var unsorted = await wire.HistoriesAsync(number, null);
        var empty = await wire.HistoriesAsync(number, "{}");
        var ascending = await wire.HistoriesAsync(number, """{"incident_id":"x","sort_filter":{"field":"start_time","operator":"asc","values":["start_time"]}}""");
        var descending = await wire.HistoriesAsync(number, """{"sort_filter":{"field":"start_time","operator":"desc","name":"start_time","values":["start_time"]}}""");

        const string Create = """{"action":"create_incident","action_name_zh":"\u521B\u5EFA\u4E8B\u4EF6\u5355","action_name_en":"create incident","operator":"c1","status":"INCIDENT_STATUS_TRIGGERED","start_time":"1772352000000","stop_time":"1772352000000","comment":null,"enum_data_list":[]}""";
        const string Accept = """{"action":"accepted","action_name_zh":"\u53D7\u7406","action_name_en":"accept","operator":"fake-operator","status":"INCIDENT_STATUS_ACKNOWLEDGED","start_time":"1772352005000","stop_time":"1772352005000","comment":null,"enum_data_list":[]}""";
        const string Remark = """{"action":"AddRemark","action_name_zh":"\u6DFB\u52A0\u5907\u6CE8","action_name_en":"add remark","operator":"fake-operator","status":"INCIDENT_STATUS_ACKNOWLEDGED","start_time":"1772352010000","stop_time":"1772352010000","comment":"db pool","enum_data_list":[]}""";
        Assert.Multiple(() =>
        {
            Assert.That(unsorted, Is.EqualTo((HttpStatusCode.OK, """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{"total":3,"info":[""" + Create + "," + Accept + "," + Remark + "]}}")));
            Assert.That((empty.Body, ascending.Body), Is.EqualTo((unsorted.Body, unsorted.Body)));
            Assert.That(descending.Body, Is.EqualTo("""{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{"total":3,"info":[""" + Remark + "," + Accept + "," + Create + "]}}"));
            Assert.That(fake.Requests[^1].Path, Is.EqualTo("/v2/incidents/" + number + "/histories"));
            Assert.That(fake.Requests[^1].IncidentNumber, Is.EqualTo(number));
        });
    }

    [TestCase("""{"sort_filter":{"field":"create_time","operator":"asc"}}""", "The field[sort_filter.field] value[create_time] invalid")]
    [TestCase("""{"sort_filter":{"field":"start_time","operator":"up"}}""", "The field[sort_filter.operator] value[up] invalid")]
    [TestCase("""{"string_filters":[{"field":"action","operator":"=","values":["accepted"]}]}""", "The fake does not filter histories; leave string_filters empty")]
    public async Task A_history_query_the_fake_cannot_answer_is_refused(string body, string message)
    {
        var fake = new FakeCocService();
        fake.AddTicket("IM1");
        using var wire = new FakeCocWire(fake);

        var (status, text) = await wire.HistoriesAsync("IM1", body);

        Assert.That((status, JsonNode.Parse(text)!["error_msg"]!.GetValue<string>()), Is.EqualTo((HttpStatusCode.BadRequest, message)));
    }

    [Test]
    public async Task A_v1_action_moves_the_task_and_writes_a_history_row_and_the_v2_workflow_continues_from_it()
    {
        var fake = new FakeCocService();
        using var wire = new FakeCocWire(fake);
        var number = await wire.CreateTicketAsync();
        var before = await wire.TaskIdAsync(number);

        var v1 = await wire.SendAsync(HttpMethod.Post, FakeCocService.HandlePath, "{\"incident_num\":\"" + number + "\",\"operator\":\"op7\",\"operate_key\":\"acceptedIncident1\",\"parameter\":{}}");
        var tasks = JsonNode.Parse((await wire.TasksAsync(number)).Body)!["data"]![0]!;
        var v2 = await wire.StepAsync(number, "commitSolution1", """{"solution":"s"}""");
        var v1Confirm = await wire.SendAsync(HttpMethod.Post, FakeCocService.HandlePath, "{\"incident_num\":\"" + number + "\",\"operator\":\"op7\",\"operate_key\":\"confirm\",\"parameter\":{\"virtual_confirm_result\":true,\"virtual_confirm_comment\":\"fine\"}}");

        Assert.Multiple(() =>
        {
            Assert.That((v1.Status, v2.Status, v1Confirm.Status), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK)));
            Assert.That(tasks["key"]!.GetValue<string>(), Is.EqualTo("userTaskHandle"));
            Assert.That(tasks["operations"]![0]!["task_id"]!.GetValue<string>(), Is.Not.EqualTo(before));
            Assert.That(fake.GetTicketState(number), Is.EqualTo(FakeTicketState.Confirmed));
            Assert.That(fake.GetHistory(number).Select(h => (h.Action, h.Operator, h.Status, h.Comment)), Is.EqualTo(new[]
            {
                ("create_incident", "c1", "INCIDENT_STATUS_TRIGGERED", null),
                ("acceptedIncident1", "op7", "INCIDENT_STATUS_ACKNOWLEDGED", null),
                ("commitSolution1", "fake-operator", "INCIDENT_STATUS_RESOLVED", "s"),
                ("confirm", "op7", "INCIDENT_STATUS_COMPLETED", (string?)"fine"),
            }));
            Assert.That(fake.Requests.Where(r => r.Path!.EndsWith("/actions", StringComparison.Ordinal)).Select(r => r.OperateKey), Is.EqualTo(new[] { "commitSolution1" }));
        });
    }

    [Test]
    public async Task CompleteTicket_closes_as_the_console_would_and_an_added_ticket_gets_the_node_of_its_state()
    {
        var clock = new VirtualTimeProvider(Now);
        var fake = new FakeCocService(timeProvider: clock);
        using var wire = new FakeCocWire(fake);
        fake.AddTicket("IM1", FakeTicketState.Accepted);
        var added = JsonNode.Parse((await wire.TasksAsync("IM1")).Body)!["data"]![0]!["key"]!.GetValue<string>();
        fake.AddTicket("IM1", FakeTicketState.Solved);
        var moved = JsonNode.Parse((await wire.TasksAsync("IM1")).Body)!["data"]![0]!["key"]!.GetValue<string>();
        clock.Advance(TimeSpan.FromMinutes(1));

        fake.CompleteTicket("IM1");
        fake.CompleteTicket("IM1");
        var tasks = await wire.TasksAsync("IM1");

        Assert.Multiple(() =>
        {
            Assert.That((added, moved), Is.EqualTo(("userTaskHandle", "userTaskConfirm")));
            Assert.That(fake.GetTicket("IM1")!.State, Is.EqualTo(FakeTicketState.Confirmed));
            Assert.That(fake.GetTicket("IM1")!.UpdateTime, Is.EqualTo(Now.AddMinutes(1)));
            Assert.That(JsonNode.Parse(tasks.Body)!["data"]!.AsArray(), Is.Empty);
            Assert.That(fake.GetHistory("IM1"), Is.EqualTo(new[] { new FakeHistoryEntry("close_incident", "关闭事件单", "close incident", "fake-operator", "INCIDENT_STATUS_COMPLETED", Now.AddMinutes(1), Now.AddMinutes(1), null) }), "one row: completing a completed ticket changes nothing");
            Assert.That(fake.GetHistory("IM404"), Is.Empty);
            Assert.Throws<ArgumentException>(() => fake.CompleteTicket("IM404"));
        });
    }

    [TestCase("GET", "tasks", null)]
    [TestCase("POST", "actions", """{"task_id":"10000000000000000000001","action":"accepted"}""")]
    [TestCase("POST", "histories", null)]
    [TestCase("POST", "histories", "{}")]
    public async Task An_unknown_ticket_on_a_per_ticket_route_is_HTTP_400_with_COC_00067003(string method, string route, string? body)
    {
        var fake = new FakeCocService();
        using var wire = new FakeCocWire(fake);

        var answer = await wire.SendAsync(new HttpMethod(method), FakeCocService.TicketPathPrefix + "IM404/" + route, body);

        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo((HttpStatusCode.BadRequest, """{"error_code":"COC.00067003","error_msg":"The incident IM404 does not exist","provider_code":"049","data":null}""")));
            Assert.That(fake.Requests.Single().IncidentNumber, Is.EqualTo("IM404"));
        });
    }

    [TestCase("POST", "v2/incidents/IM1/tasks")]
    [TestCase("GET", "v2/incidents/IM1/actions")]
    [TestCase("GET", "v2/incidents/IM1/histories")]
    [TestCase("POST", "v2/incidents/IM1/other")]
    [TestCase("POST", "v2/incidents/IM1/actions/x")]
    [TestCase("POST", "v2/incidents//actions")]
    [TestCase("GET", "v1/external/incident/create/x")]
    public async Task Other_methods_and_paths_near_the_new_routes_are_the_gateways_404(string method, string path)
    {
        var fake = new FakeCocService();
        fake.AddTicket("IM1");
        using var wire = new FakeCocWire(fake);

        var (status, _) = await wire.SendAsync(new HttpMethod(method), "/" + path, method == "POST" ? "{}" : null);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(fake.Requests.Single().ErrorCode, Is.EqualTo("APIG.0101"));
        });
    }

    [Test]
    public async Task Injected_failures_apply_to_the_new_routes_and_a_lost_action_response_still_moves_the_ticket()
    {
        var fake = new FakeCocService();
        using var wire = new FakeCocWire(fake);
        var number = await wire.CreateTicketAsync();
        var taskId = await wire.TaskIdAsync(number);
        fake.Failures.RespondNext(HttpStatusCode.ServiceUnavailable, "busy", contentType: "text/plain").LoseNextResponse();

        var busy = await wire.TasksAsync(number);
        Assert.ThrowsAsync<HttpRequestException>(() => wire.ActAsync(number, "{\"task_id\":\"" + taskId + "\",\"action\":\"accepted\"}"));

        Assert.Multiple(() =>
        {
            Assert.That(busy, Is.EqualTo((HttpStatusCode.ServiceUnavailable, "busy")));
            Assert.That(fake.GetTicketState(number), Is.EqualTo(FakeTicketState.Accepted));
            Assert.That(fake.Requests.Select(r => (r.StatusCode, r.ResponseLost)).TakeLast(2), Is.EqualTo(new[] { (503, false), (200, true) }));
        });
    }
}
