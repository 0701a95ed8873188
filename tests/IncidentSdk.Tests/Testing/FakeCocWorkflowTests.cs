using System.Text.Json.Nodes;
using IncidentSdk.Testing;

namespace IncidentSdk.Tests.Testing;

/// <summary><see cref="FakeCocService"/>'s v2 workflow on the raw wire: tasks, actions and their transitions, and the delay before tasks appear.</summary>
public class FakeCocWorkflowTests
{
    private const string Ok = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049"}""";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Each_state_offers_its_node_with_one_task_id_shared_by_its_operations()
    {
        var fake = new FakeCocService();
        using var wire = new FakeCocWire(fake);
        var number = await wire.CreateTicketAsync();

        var triggered = await wire.TasksAsync(number);
        await wire.StepAsync(number, "accepted");
        var accepted = await wire.TasksAsync(number);
        await wire.StepAsync(number, "commitSolution1", """{"solution":"s"}""");
        var solved = await wire.TasksAsync(number);
        await wire.StepAsync(number, "confirm", """{"virtual_confirm_result":true}""");
        var confirmed = await wire.TasksAsync(number);
        var other = await wire.CreateTicketAsync();
        await wire.StepAsync(other, "rejected", """{"virtual_confirm_comment":"not ours"}""");
        var rejected = await wire.TasksAsync(other);

        Assert.Multiple(() =>
        {
            Assert.That(triggered, Is.EqualTo((HttpStatusCode.OK, """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":[{"type":"OperateNode","key":"userTaskAccept","name":"\u53D7\u7406","state":"running","operations":[{"task_id":"10000000000000000000001","key":"accepted","name_en":"Accept"},{"task_id":"10000000000000000000001","key":"rejected","name_en":"Reject"},{"task_id":"10000000000000000000001","key":"unAcceptedForward","name_en":"Forward"}]}]}""")));
            Assert.That(accepted.Body, Is.EqualTo("""{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":[{"type":"OperateNode","key":"userTaskHandle","name":"\u5904\u7406","state":"running","operations":[{"task_id":"10000000000000000000002","key":"commitSolution1","name_en":"Submit Solution"},{"task_id":"10000000000000000000002","key":"forwardOther1","name_en":"Forward"},{"task_id":"10000000000000000000002","key":"AddRemark","name_en":"Add Remark"},{"task_id":"10000000000000000000002","key":"incidentChangeLevel1","name_en":"Change Level"},{"task_id":"10000000000000000000002","key":"incidentPause","name_en":"Pause"}]}]}"""));
            Assert.That(solved.Body, Is.EqualTo("""{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":[{"type":"OperateNode","key":"userTaskConfirm","name":"\u9A8C\u8BC1","state":"running","operations":[{"task_id":"10000000000000000000003","key":"confirm","name_en":"Verify"}]}]}"""));
            Assert.That(confirmed.Body, Is.EqualTo("""{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":[]}"""));
            Assert.That(rejected.Body, Is.EqualTo("""{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":[{"type":"OperateNode","key":"userTaskRejected","name":"\u9A73\u56DE","state":"running","operations":[{"task_id":"10000000000000000000006","key":"ReOpen","name_en":"Reopen"},{"task_id":"10000000000000000000006","key":"agreed","name_en":"Close"}]}]}"""));
            Assert.That(fake.Requests.Where(r => r.Path!.EndsWith("/tasks", StringComparison.Ordinal)).Select(r => (r.Method, r.IncidentNumber)).First(), Is.EqualTo(("GET", number)));
        });
    }

    [Test]
    public async Task Tasks_appear_only_TaskDelay_after_the_create_and_after_each_action()
    {
        var clock = new VirtualTimeProvider(Now);
        var fake = new FakeCocService(timeProvider: clock) { TaskDelay = TimeSpan.FromSeconds(10) };
        using var wire = new FakeCocWire(fake);
        var number = await wire.CreateTicketAsync();

        var atCreate = await wire.TaskIdAsync(number);
        var guessed = await wire.ActAsync(number, """{"task_id":"10000000000000000000001","action":"accepted"}""");
        clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        var justBefore = await wire.TaskIdAsync(number);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var first = await wire.TaskIdAsync(number);
        var accept = await wire.StepAsync(number, "accepted");
        var afterAction = await wire.TaskIdAsync(number);
        clock.Advance(TimeSpan.FromSeconds(10));
        var second = await wire.TaskIdAsync(number);

        Assert.Multiple(() =>
        {
            Assert.That((atCreate, justBefore, afterAction), Is.EqualTo(((string?)null, (string?)null, (string?)null)));
            Assert.That(guessed.Body, Is.EqualTo("""{"error_code":"GOM.00007256","error_msg":"The field[task_id] value[10000000000000000000001] invalid","provider_code":"049","data":null}"""), "a task that has not appeared yet cannot be acted on");
            Assert.That((first, accept.Body, second), Is.EqualTo(("10000000000000000000001", Ok, "10000000000000000000002")));
            Assert.That(fake.TaskDelay, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.Throws<ArgumentOutOfRangeException>(() => fake.TaskDelay = TimeSpan.FromTicks(-1));
        });
    }

    [Test]
    public async Task Accept_handle_solve_refuse_solve_and_confirm_move_the_ticket_and_same_state_actions_renew_the_task()
    {
        var clock = new VirtualTimeProvider(Now);
        var fake = new FakeCocService(timeProvider: clock);
        using var wire = new FakeCocWire(fake);
        var number = await wire.CreateTicketAsync();
        var steps = new List<(string Answer, FakeTicketState? State, string? TaskId)>();

        async Task Step(string action, string? parameters = null)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            var (_, body) = await wire.StepAsync(number, action, parameters);
            steps.Add((body, fake.GetTicketState(number), await wire.TaskIdAsync(number)));
        }

        await Step("accepted");
        await Step("AddRemark", """{"note":"looking"}""");
        await Step("forwardOther1", """{"virtual_send_assignee":"u2","virtual_send_comment":"yours"}""");
        await Step("incidentChangeLevel1", """{"virtual_target_level":"level_10"}""");
        await Step("incidentPause", """{"pause_reason":"waiting"}""");
        await Step("commitSolution1", """{"solution":"restarted","is_service_interrupt":"false"}""");
        var solvedAt = fake.GetTicket(number)!.HandleTime;
        await Step("confirm", """{"virtual_confirm_result":"false","virtual_confirm_comment":"still down"}""");
        await Step("commitSolution1", """{"solution":"replaced"}""");
        await Step("confirm", """{"virtual_confirm_result":true}""");

        Assert.Multiple(() =>
        {
            Assert.That(steps.Select(s => s.Answer), Is.All.EqualTo(Ok), "a bare BaseResponse, no data");
            Assert.That(steps.Select(s => s.State), Is.EqualTo(new FakeTicketState?[]
            {
                FakeTicketState.Accepted, FakeTicketState.Accepted, FakeTicketState.Accepted, FakeTicketState.Accepted, FakeTicketState.Accepted,
                FakeTicketState.Solved, FakeTicketState.Accepted, FakeTicketState.Solved, FakeTicketState.Confirmed,
            }));
            Assert.That(steps.Select(s => s.TaskId).Take(8), Is.Unique, "every step gives a new task id");
            Assert.That(steps[^1].TaskId, Is.Null);
            Assert.That(solvedAt, Is.EqualTo(Now.AddMinutes(6)));
            Assert.That(fake.GetTicket(number)!.HandleTime, Is.EqualTo(Now.AddMinutes(8)));
            Assert.That(fake.GetTicket(number)!.UpdateTime, Is.EqualTo(Now.AddMinutes(9)));
            Assert.That(fake.GetTicket(number)!.Assignees, Is.EqualTo(new[] { "u2" }));
            Assert.That(fake.GetTicket(number)!.Level, Is.EqualTo("level_50"), "the fake does not apply a level change");
            Assert.That(fake.GetHistory(number).Select(h => (h.Action, h.Status, h.Comment, h.Operator)), Is.EqualTo(new[]
            {
                ("create_incident", "INCIDENT_STATUS_TRIGGERED", null, "c1"),
                ("accepted", "INCIDENT_STATUS_ACKNOWLEDGED", null, "fake-operator"),
                ("AddRemark", "INCIDENT_STATUS_ACKNOWLEDGED", "looking", "fake-operator"),
                ("forwardOther1", "INCIDENT_STATUS_ACKNOWLEDGED", "yours", "fake-operator"),
                ("incidentChangeLevel1", "INCIDENT_STATUS_ACKNOWLEDGED", null, "fake-operator"),
                ("incidentPause", "INCIDENT_STATUS_ACKNOWLEDGED", "waiting", "fake-operator"),
                ("commitSolution1", "INCIDENT_STATUS_RESOLVED", "restarted", "fake-operator"),
                ("confirm", "INCIDENT_STATUS_ACKNOWLEDGED", "still down", "fake-operator"),
                ("commitSolution1", "INCIDENT_STATUS_RESOLVED", "replaced", "fake-operator"),
                ("confirm", "INCIDENT_STATUS_COMPLETED", (string?)null, "fake-operator"),
            }));
        });
    }

    [Test]
    public async Task Forward_reject_reopen_and_close_while_unaccepted()
    {
        var fake = new FakeCocService();
        using var wire = new FakeCocWire(fake);
        var number = await wire.CreateTicketAsync();

        var forward = await wire.StepAsync(number, "unAcceptedForward", """{"virtual_send_assignee":"u3"}""");
        var afterForward = fake.GetTicket(number)!;
        var reject = await wire.StepAsync(number, "rejected", """{"virtual_confirm_comment":"duplicate"}""");
        var rejectedDetail = await wire.SendAsync(HttpMethod.Get, FakeCocService.DetailPathPrefix + number, null);
        var reopen = await wire.StepAsync(number, "ReOpen");
        var afterReopen = fake.GetTicketState(number);
        await wire.StepAsync(number, "rejected");
        var close = await wire.StepAsync(number, "agreed", """{"note":"closing"}""");

        Assert.Multiple(() =>
        {
            Assert.That((forward.Body, reject.Body, reopen.Body, close.Body), Is.EqualTo((Ok, Ok, Ok, Ok)));
            Assert.That((afterForward.State, afterForward.Assignees.Single()), Is.EqualTo((FakeTicketState.Triggered, "u3")));
            Assert.That(JsonNode.Parse(rejectedDetail.Body)!["data"]!["status"]!.GetValue<string>(), Is.EqualTo("INCIDENT_STATUS_REJECTED"));
            Assert.That(afterReopen, Is.EqualTo(FakeTicketState.Triggered));
            Assert.That(fake.GetTicketState(number), Is.EqualTo(FakeTicketState.Confirmed));
            Assert.That(fake.GetHistory(number).Select(h => h.Status), Is.EqualTo(new[]
            {
                "INCIDENT_STATUS_TRIGGERED", "INCIDENT_STATUS_TRIGGERED", "INCIDENT_STATUS_REJECTED", "INCIDENT_STATUS_TRIGGERED", "INCIDENT_STATUS_REJECTED", "INCIDENT_STATUS_COMPLETED",
            }));
        });
    }

    [TestCase("""{"task_id":"99999999999999999999999","action":"accepted"}""", "The field[task_id] value[99999999999999999999999] invalid")]
    [TestCase("""{"task_id":"10000000000000000000001","action":"confirm"}""", "The field[action] value[confirm] invalid")]
    [TestCase("""{"task_id":"10000000000000000000001","action":"commitSolution1"}""", "The field[action] value[commitSolution1] invalid")]
    [TestCase("""{"action":"accepted"}""", "The field[task_id] value[] invalid")]
    [TestCase("""{"task_id":"10000000000000000000001"}""", "The field[action] value[] invalid")]
    [TestCase("""{"task_id":10000000000000000000001,"action":"accepted"}""", "The field[task_id] value[10000000000000000000001] invalid")]
    [TestCase("""{"task_id":"10000000000000000000001","action":"accepted","params":"x"}""", "The field[params] value[\"x\"] invalid")]
    [TestCase("""{"task_id":"10000000000000000000001","action":"accepted","params":{"is_service_interrupt":"yes"}}""", "The field[params.is_service_interrupt] value[yes] invalid")]
    public async Task Refused_actions_name_the_field_and_change_nothing(string body, string message)
    {
        var fake = new FakeCocService();
        using var wire = new FakeCocWire(fake);
        var number = await wire.CreateTicketAsync();

        var refused = await wire.ActAsync(number, body);

        Assert.Multiple(async () =>
        {
            Assert.That(refused, Is.EqualTo((HttpStatusCode.BadRequest, "{\"error_code\":\"GOM.00007256\",\"error_msg\":" + JsonValue.Create(message).ToJsonString() + ",\"provider_code\":\"049\",\"data\":null}")));
            Assert.That(fake.GetTicketState(number), Is.EqualTo(FakeTicketState.Triggered));
            Assert.That(await wire.TaskIdAsync(number), Is.EqualTo("10000000000000000000001"));
            Assert.That(fake.GetHistory(number), Has.Count.EqualTo(1));
        });
    }

    [TestCase(null, "The field[params.virtual_confirm_result] value[] invalid")]
    [TestCase("""{"virtual_confirm_comment":"ok"}""", "The field[params.virtual_confirm_result] value[] invalid")]
    [TestCase("""{"virtual_confirm_result":"yes"}""", "The field[params.virtual_confirm_result] value[yes] invalid")]
    [TestCase("""{"virtual_confirm_result":1}""", "The field[params.virtual_confirm_result] value[1] invalid")]
    public async Task A_confirm_needs_virtual_confirm_result(string? parameters, string message)
    {
        var fake = new FakeCocService();
        fake.AddTicket("IM1", FakeTicketState.Solved);
        using var wire = new FakeCocWire(fake);

        var refused = await wire.StepAsync("IM1", "confirm", parameters);

        Assert.Multiple(() =>
        {
            Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(JsonNode.Parse(refused.Body)!["error_msg"]!.GetValue<string>(), Is.EqualTo(message));
            Assert.That(fake.GetTicketState("IM1"), Is.EqualTo(FakeTicketState.Solved));
        });
    }

    [Test]
    public async Task An_old_task_id_and_any_action_on_a_completed_ticket_are_refused()
    {
        var fake = new FakeCocService();
        using var wire = new FakeCocWire(fake);
        var number = await wire.CreateTicketAsync();
        var old = await wire.TaskIdAsync(number);
        await wire.StepAsync(number, "accepted");

        var stale = await wire.ActAsync(number, "{\"task_id\":\"" + old + "\",\"action\":\"accepted\"}");
        fake.CompleteTicket(number);
        var completed = await wire.ActAsync(number, "{\"task_id\":\"" + old + "\",\"action\":\"agreed\"}");

        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.Parse(stale.Body)!["error_msg"]!.GetValue<string>(), Is.EqualTo("The field[task_id] value[10000000000000000000001] invalid"));
            Assert.That(JsonNode.Parse(completed.Body)!["error_msg"]!.GetValue<string>(), Is.EqualTo("The field[task_id] value[10000000000000000000001] invalid"));
            Assert.That(fake.GetTicketState(number), Is.EqualTo(FakeTicketState.Confirmed));
        });
    }
}
