using IncidentSdk.Coc;
using IncidentSdk.JsonRpc;
using IncidentSdk.Samples.Bridge;
using IncidentSdk.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IncidentSdk.Bridge.Tests;

/// <summary>The edge cases of one cycle, against both fakes.</summary>
public sealed class BridgeCycleTests
{
    [Test]
    public async Task A_problem_gets_one_ticket_and_one_acknowledgement_citing_it_and_a_second_cycle_sends_nothing()
    {
        using var harness = new CycleHarness();
        var id = harness.AddProblem();
        var cycle = harness.Cycle();

        var first = await cycle.RunOnceAsync(CancellationToken.None);
        var requests = (harness.Coc.Requests.Count, harness.Zabbix.Requests.Count);
        var second = await cycle.RunOnceAsync(CancellationToken.None);

        var ticket = harness.TicketOf(id)!;
        Assert.Multiple(() =>
        {
            Assert.That((first.Opened, first.Acknowledged, first.Waiting), Is.EqualTo((1, 1, 1)));
            Assert.That((ticket.Title, ticket.Level, ticket.Category, ticket.Source, ticket.Creator), Is.EqualTo(("web-01: HTTP 5xx rate above 5%", "level_20", "inc_type_p_reliability_issues", "incident_source_alarm", CycleHarness.Creator)));
            Assert.That(harness.Acknowledges.Select(a => (a.EventIds.Single(), a.Action, a.Message)), Is.EqualTo(new[] { (id, 6, $"COC ticket {ticket.IncidentNumber} opened for this problem.") }));
            Assert.That((second.ChangedSomething, second.Waiting), Is.EqualTo((false, 1)));
            Assert.That(harness.Coc.Requests.Skip(requests.Item1).Select(r => r.Method + " " + r.Path), Is.EqualTo(new[] { "GET /v1/external/incident/" + ticket.IncidentNumber }), "only the ticket's status is read");
            Assert.That(harness.Zabbix.Requests.Skip(requests.Item2).Select(r => r.Method), Is.EqualTo(new[] { "problem.get", "event.get" }));
        });
    }

    [Test]
    public async Task A_create_whose_outcome_is_unknown_skips_the_problem_and_the_next_cycle_finds_the_ticket_by_its_marker()
    {
        using var harness = new CycleHarness();
        var id = harness.AddProblem();
        // COC opens the ticket but the answer is lost, and the list cannot be read back: the outcome is unknown.
        harness.BeforeCoc(FakeCocService.CreatePath, 1, () => harness.Coc.Failures.LoseNextResponse().RespondNext(HttpStatusCode.BadRequest, CycleHarness.RefusedBody, times: 3));
        var cycle = harness.Cycle();

        var first = await cycle.RunOnceAsync(CancellationToken.None);
        var acknowledgesAfterFirst = harness.Acknowledges.Count;
        var second = await cycle.RunOnceAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((first.CreationUnknown, first.Acknowledged, first.Failed), Is.EqualTo((1, 0, 0)));
            Assert.That(acknowledgesAfterFirst, Is.Zero, "nothing is recorded for a ticket that may not exist");
            Assert.That((second.FoundByMarker, second.Opened, second.Acknowledged), Is.EqualTo((1, 0, 1)));
            Assert.That(harness.Creates, Has.Count.EqualTo(1), "never created blindly");
            Assert.That(harness.Coc.Tickets, Has.Count.EqualTo(1));
            Assert.That(harness.Acknowledges.Single().Message, Is.EqualTo($"COC ticket {harness.TicketOf(id)!.IncidentNumber} opened for this problem."));
        });
    }

    [Test]
    public async Task A_create_that_certainly_opened_nothing_is_skipped_and_opened_by_the_next_cycle()
    {
        using var harness = new CycleHarness();
        harness.AddProblem();
        harness.BeforeCoc(FakeCocService.CreatePath, 1, () => harness.Coc.Failures.RespondNext(HttpStatusCode.BadGateway, "<html>502</html>", contentType: "text/html"));
        var cycle = harness.Cycle();

        var first = await cycle.RunOnceAsync(CancellationToken.None);
        var second = await cycle.RunOnceAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((first.CreationUnknown, first.Acknowledged), Is.EqualTo((1, 0)), "a 502 may come from a gateway whose backend acted: unknown, read back, not found");
            Assert.That((second.FoundByMarker, second.Opened, second.Acknowledged), Is.EqualTo((0, 1, 1)));
            Assert.That(harness.Coc.Tickets, Has.Count.EqualTo(1));
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_completed_ticket_closes_its_problem_with_the_completed_message_once(bool closeResolves)
    {
        using var harness = new CycleHarness();
        harness.Zabbix.ResolveOnClose = closeResolves;
        var id = harness.AddProblem();
        var cycle = harness.Cycle();
        await cycle.RunOnceAsync(CancellationToken.None);
        var ticket = harness.TicketOf(id)!.IncidentNumber;
        harness.Coc.CompleteTicket(ticket);

        var closing = await cycle.RunOnceAsync(CancellationToken.None);
        var after = await cycle.RunOnceAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((closing.Closed, closing.MessagedOnly), Is.EqualTo((1, 0)));
            Assert.That(harness.Acknowledges.Select(a => (a.Action, a.Message)).Last(), Is.EqualTo((5, $"COC ticket {ticket} completed; problem closed by the bridge.")));
            Assert.That(harness.Zabbix.GetEvent(id)!.IsClosed, Is.True);
            Assert.That(harness.Zabbix.GetEvent(id)!.IsResolved, Is.EqualTo(closeResolves));
            // Resolved, the problem is no longer listed; recorded only (a server without its daemon), its completed message says it is done.
            Assert.That((after.Problems, after.AlreadyDone, after.ChangedSomething), Is.EqualTo(closeResolves ? (0, 0, false) : (1, 1, false)));
            Assert.That(harness.Acknowledges, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task A_close_the_trigger_does_not_allow_sends_the_completed_message_only_and_once()
    {
        using var harness = new CycleHarness();
        var id = harness.AddProblem(manualCloseAllowed: false);
        var cycle = harness.Cycle();
        await cycle.RunOnceAsync(CancellationToken.None);
        var ticket = harness.TicketOf(id)!.IncidentNumber;
        harness.Coc.CompleteTicket(ticket);

        var closing = await cycle.RunOnceAsync(CancellationToken.None);
        var after = await cycle.RunOnceAsync(CancellationToken.None);

        var completed = $"COC ticket {ticket} completed; problem closed by the bridge.";
        var requests = harness.Zabbix.Requests.Where(r => r.Method == "event.acknowledge").ToList();
        Assert.Multiple(() =>
        {
            Assert.That((closing.Closed, closing.MessagedOnly, closing.Failed), Is.EqualTo((0, 1, 0)));
            Assert.That(requests.Skip(1).Select(r => (ZabbixCall.Parse(r.Body).Action, ZabbixCall.Parse(r.Body).Message, r.ErrorCode)), Is.EqualTo(new[] { (5, completed, (int?)-32500), (4, completed, null) }), "close refused, then the message alone");
            Assert.That(harness.Zabbix.GetEvent(id)!.Acknowledges.Count(a => a.Message == completed), Is.EqualTo(1));
            Assert.That(harness.Zabbix.GetEvent(id)!.IsClosed, Is.False);
            Assert.That(harness.Zabbix.GetEvent(id)!.IsResolved, Is.False);
            Assert.That((after.AlreadyDone, after.ChangedSomething), Is.EqualTo((1, false)));
        });
    }

    [Test]
    public async Task A_problem_that_fails_does_not_stop_the_others()
    {
        using var harness = new CycleHarness();
        var ids = new[] { harness.AddProblem(), harness.AddProblem(), harness.AddProblem() };
        harness.BeforeCoc(FakeCocService.CreatePath, 2, () => harness.Coc.Failures.RespondNext(HttpStatusCode.BadRequest, CycleHarness.RefusedBody));
        var cycle = harness.Cycle();

        var first = await cycle.RunOnceAsync(CancellationToken.None);
        var second = await cycle.RunOnceAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((first.Opened, first.Acknowledged, first.Failed), Is.EqualTo((2, 2, 1)));
            Assert.That(harness.TicketOf(ids[0]), Is.Not.Null);
            Assert.That(harness.TicketOf(ids[2]), Is.Not.Null);
            Assert.That((second.Opened, second.Acknowledged, second.Failed), Is.EqualTo((1, 1, 0)));
            Assert.That(harness.Coc.Tickets, Has.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task A_lost_acknowledge_answer_records_the_ticket_once()
    {
        using var harness = new CycleHarness();
        var id = harness.AddProblem();
        var lost = false;
        harness.ZabbixScript.BeforeSend = (_, body, _) =>
        {
            if (!lost && ZabbixCall.Parse(body).Method == "event.acknowledge")
            {
                lost = true;
                harness.Zabbix.Failures.LoseNextResponse();
            }

            return Task.CompletedTask;
        };
        var cycle = harness.Cycle();

        var first = await cycle.RunOnceAsync(CancellationToken.None);
        var second = await cycle.RunOnceAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((first.Acknowledged, first.Unconfirmed, first.Failed), Is.EqualTo((1, 0, 0)), "the SDK read the message back");
            Assert.That(harness.Zabbix.GetEvent(id)!.Acknowledges.Count(a => a.Message.EndsWith(" opened for this problem.", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That((second.Opened, second.Acknowledged, second.ChangedSomething), Is.EqualTo((0, 0, false)));
            Assert.That(harness.Creates, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Problems_below_the_severity_or_without_the_tag_are_left_alone()
    {
        using var harness = new CycleHarness();
        harness.Options.ProblemTag = "service=checkout";
        var tagged = harness.Zabbix.AddProblem(new FakeProblem { Severity = EventSeverity.High, Tags = [new("service", "checkout")] });
        var otherTag = harness.Zabbix.AddProblem(new FakeProblem { Severity = EventSeverity.Disaster, Tags = [new("service", "billing")] });
        var low = harness.Zabbix.AddProblem(new FakeProblem { Severity = EventSeverity.Average, Tags = [new("service", "checkout")] });

        var result = await harness.Cycle().RunOnceAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((result.Problems, result.Opened), Is.EqualTo((1, 1)));
            Assert.That(harness.TicketOf(tagged), Is.Not.Null);
            Assert.That(harness.TicketOf(otherTag), Is.Null);
            Assert.That(harness.TicketOf(low), Is.Null);
            Assert.That(harness.Zabbix.Requests.First(r => r.Method == "problem.get").Body, Does.Contain("\"severities\":[4,5]").And.Contain("\"tags\":[{\"tag\":\"service\",\"value\":\"checkout\",\"operator\":1}]"));
        });
    }

    [Test]
    public async Task A_throwing_logger_stops_neither_the_cycle_nor_a_failing_one()
    {
        using var harness = new CycleHarness();
        var ids = new[] { harness.AddProblem(), harness.AddProblem() };
        harness.BeforeCoc(FakeCocService.CreatePath, 1, () => harness.Coc.Failures.RespondNext(HttpStatusCode.BadRequest, CycleHarness.RefusedBody));
        var logger = new ThrowingLogger<BridgeCycle>();

        var result = await harness.Cycle(logger).RunOnceAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((result.Failed, result.Opened, result.Acknowledged), Is.EqualTo((1, 1, 1)));
            Assert.That(harness.TicketOf(ids[1]), Is.Not.Null);
            Assert.That(logger.Calls, Is.GreaterThanOrEqualTo(3), "the failure, the opened ticket and the acknowledgement were logged (and threw)");
        });
    }

    [Test]
    public async Task The_ticket_cuts_the_title_to_200_maps_the_level_and_keeps_the_description_within_600_with_the_marker()
    {
        using var harness = new CycleHarness();
        harness.Options.Levels["Disaster"] = "level_20";
        var name = new string('x', 199) + "\U0001F525" + new string('y', 50);
        harness.Zabbix.AddProblem(new FakeProblem { Severity = EventSeverity.Disaster, Name = name, OperationalData = new string('d', 700) });
        var problem = harness.ZabbixClient.GetProblemsAsync(new ProblemQuery()).ToBlockingEnumerable().Single();

        var request = harness.Cycle().TicketFor(problem);

        Assert.Multiple(() =>
        {
            Assert.That(request.Title, Is.EqualTo(new string('x', 199)), "never half a surrogate pair");
            Assert.That(request.Level, Is.EqualTo(new IncidentLevel("level_20")));
            Assert.That(request.Marker, Is.EqualTo("zabbix-event-" + problem.EventId));
            Assert.That(request.Description!.Length + "\n[ref:]".Length + request.Marker!.Length, Is.EqualTo(600));
            Assert.That(request.Description, Does.StartWith($"Zabbix problem event {problem.EventId}, trigger {problem.ObjectId}, severity Disaster, started "));
            Assert.That((request.Assignee, request.StartTime), Is.EqualTo((CycleHarness.Creator, (DateTimeOffset?)problem.Time)));
        });

        // COC's limits hold with the reference line: the create is accepted and stores 600 characters.
        var created = await harness.CocClient.CreateIncidentAsync(request);
        Assert.That(harness.Coc.GetTicket(created.IncidentNumber)!.Description, Has.Length.EqualTo(600));
    }
}
