using System.Text.Json.Nodes;
using IncidentSdk.Authentication;
using IncidentSdk.Testing;

namespace IncidentSdk.Tests.Coc;

/// <summary>The client against <see cref="FakeCocService"/>: a ticket opened, worked through its workflow and closed; a lost create answer.</summary>
public class IncidentLifecycleFakeTests
{
    private const string User = "25819b46251b46218bf6ad238ddd860c";

    private static (FakeCocService Fake, IncidentClient Client) Start(Action<IncidentClientOptions>? configure = null)
    {
        var fake = new FakeCocService(new AkSkCredentials(CocTest.AccessKey, CocTest.SecretKey), new ManualTimeProvider(CocTest.SigningTime));
        var client = CocTest.Client(fake, o =>
        {
            o.CreateReadBack.Delay = TimeSpan.Zero;
            o.CreateReadBack.TaskPollInterval = TimeSpan.FromMilliseconds(1);
            configure?.Invoke(o);
        });
        return (fake, client);
    }

    private static CreateIncidentRequest Ticket(string marker) =>
        new("Disk full on db01", IncidentLevel.P3, IncidentCategory.ConfigIssues, "incident_source_alarm", User) { Assignee = User, Description = "from Zabbix", Marker = marker };

    [Test]
    public async Task A_ticket_is_opened_worked_through_and_completed_and_its_history_shows_each_step()
    {
        var (fake, client) = Start();
        using var _ = client;
        var timeout = TimeSpan.FromSeconds(10);

        var created = await client.CreateIncidentAsync(Ticket("zabbix-event-1"));
        var number = created.IncidentNumber;
        var opened = await client.GetIncidentAsync(number);
        await client.ExecuteIncidentActionAsync(new IncidentActionRequest(number, await client.WaitForIncidentActionAsync(number, "accepted", timeout)));
        var accepted = (await client.GetIncidentAsync(number)).Status;
        var solve = await client.WaitForIncidentActionAsync(number, "commitSolution1", timeout);
        await client.ExecuteIncidentActionAsync(new IncidentActionRequest(number, solve) { Parameters = new JsonObject { ["solution"] = "freed space", ["cause"] = "logs" } });
        var confirm = await client.WaitForIncidentActionAsync(number, "confirm", timeout);
        await client.ExecuteIncidentActionAsync(new IncidentActionRequest(number, confirm) { Parameters = new JsonObject { ["virtual_confirm_result"] = true, ["virtual_confirm_comment"] = "ok" } });
        var completed = await client.GetIncidentAsync(number);
        var history = await client.GetIncidentHistoryAsync(number);
        var tasksAfter = await client.GetIncidentTasksAsync(number);

        Assert.Multiple(() =>
        {
            Assert.That(created.FoundByReadBack, Is.False);
            Assert.That(number, Does.Match("^IM[0-9]{24}$"));
            Assert.That(opened.Status, Is.EqualTo(IncidentStatus.Triggered));
            Assert.That(opened.Description, Is.EqualTo("from Zabbix\n[ref:zabbix-event-1]"));
            Assert.That(opened.Assignees, Is.EqualTo(new[] { User }));
            Assert.That(accepted, Is.EqualTo(IncidentStatus.Acknowledged));
            Assert.That(solve.TaskId, Is.Not.EqualTo(confirm.TaskId), "task ids change as the workflow moves");
            Assert.That(completed.Status, Is.EqualTo(IncidentStatus.Completed));
            Assert.That(history.Select(h => (h.Action, h.Status?.Value)), Is.EqualTo(new[]
            {
                ("create_incident", (string?)"INCIDENT_STATUS_TRIGGERED"),
                ("accepted", "INCIDENT_STATUS_ACKNOWLEDGED"),
                ("commitSolution1", "INCIDENT_STATUS_RESOLVED"),
                ("confirm", "INCIDENT_STATUS_COMPLETED"),
            }));
            Assert.That(tasksAfter, Is.Empty);
            Assert.That(fake.Requests.Count(r => r.Path == FakeCocService.CreatePath), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_lost_create_answer_is_found_by_its_marker_and_only_one_ticket_exists()
    {
        var (fake, client) = Start();
        using var _ = client;
        await client.CreateIncidentAsync(Ticket("zabbix-event-2"));
        fake.Failures.LoseNextResponse();

        var created = await client.CreateIncidentAsync(Ticket("zabbix-event-3"));

        Assert.Multiple(() =>
        {
            Assert.That(created.FoundByReadBack, Is.True);
            Assert.That(fake.Tickets, Has.Count.EqualTo(2));
            Assert.That(fake.GetTicket(created.IncidentNumber)!.Description, Does.EndWith("[ref:zabbix-event-3]"));
            Assert.That(fake.Requests.Count(r => r.Path == FakeCocService.CreatePath), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task An_action_with_a_stale_task_id_is_refused_with_the_fakes_code_and_nothing_moves()
    {
        var (fake, client) = Start();
        using var _ = client;
        var number = (await client.CreateIncidentAsync(Ticket("zabbix-event-4"))).IncidentNumber;
        var accept = await client.WaitForIncidentActionAsync(number, "accepted", TimeSpan.FromSeconds(10));
        await client.ExecuteIncidentActionAsync(new IncidentActionRequest(number, accept));

        var error = Assert.ThrowsAsync<InvalidParameterException>(() => client.ExecuteIncidentActionAsync(new IncidentActionRequest(number, accept)));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(FakeCocService.InvalidParameterCode));
            Assert.That(error.ErrorMessage, Does.Contain("task_id"));
            Assert.That(fake.GetTicketState(number), Is.EqualTo(FakeTicketState.Accepted));
        });
    }

    [Test]
    public async Task A_v1_forward_keeps_the_state_hands_the_ticket_on_and_is_refused_once_solved()
    {
        var (fake, client) = Start();
        using var _ = client;
        fake.AddTicket(new FakeTicket("IM1") { Assignees = [User] });
        fake.AddTicket("IM2", FakeTicketState.Solved);

        await client.HandleAsync(new HandleIncidentRequest("IM1", CocTest.Operator, OperateKey.ForwardOther, new RawIncidentParameter { ["virtual_send_assignee"] = "u2" }));
        await client.HandleAsync(new HandleIncidentRequest("IM1", CocTest.Operator, OperateKey.ForwardOther));
        var refused = Assert.ThrowsAsync<InvalidParameterException>(() => client.HandleAsync(new HandleIncidentRequest("IM2", CocTest.Operator, OperateKey.ForwardOther)));

        Assert.Multiple(() =>
        {
            Assert.That(fake.GetTicketState("IM1"), Is.EqualTo(FakeTicketState.Triggered));
            Assert.That(fake.GetTicket("IM1")!.Assignees, Is.EqualTo(new[] { "u2" }));
            Assert.That(fake.GetHistory("IM1").Select(h => h.Action).Count(a => a == "forwardOther1"), Is.EqualTo(2));
            Assert.That(refused!.ErrorMessage, Is.EqualTo("The field[operate_key] value[forwardOther1] invalid"));
        });
    }

    [Test]
    public async Task Finding_by_marker_after_a_restart_sees_the_ticket_a_crashed_caller_opened()
    {
        var (fake, first) = Start();
        var number = (await first.CreateIncidentAsync(Ticket("zabbix-event-5"))).IncidentNumber;
        first.Dispose();
        var (_, second) = (fake, CocTest.Client(fake));
        using var __ = second;

        var found = await second.FindIncidentsByMarkerAsync("zabbix-event-5", CocTest.SigningTime.AddMinutes(-10));
        var none = await second.FindIncidentsByMarkerAsync("zabbix-event-6", CocTest.SigningTime.AddMinutes(-10));

        Assert.Multiple(() =>
        {
            Assert.That(found.Select(t => t.Number), Is.EqualTo(new[] { number }));
            Assert.That(none, Is.Empty);
        });
    }
}
