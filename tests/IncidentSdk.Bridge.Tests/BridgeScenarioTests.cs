using IncidentSdk.JsonRpc;
using IncidentSdk.Samples.Bridge;
using IncidentSdk.Testing;

namespace IncidentSdk.Bridge.Tests;

/// <summary>
/// The scripted scenario (10 problems, a lost create answer, a crash between "opened" and "recorded", a restart, 9
/// tickets completed), run once; each test checks one of its promises against the fakes' own state and request logs.
/// </summary>
[TestFixture]
public sealed class BridgeScenarioTests
{
    private BridgeScenario _scenario = null!;
    private bool _passed;
    private string _report = string.Empty;

    [OneTimeSetUp]
    public async Task RunScenario()
    {
        _scenario = new BridgeScenario();
        using var output = new System.IO.StringWriter();
        _passed = await _scenario.RunAsync(output);
        _report = output.ToString();
    }

    [OneTimeTearDown]
    public void Dispose() => _scenario.Dispose();

    [Test]
    public void The_scenario_reports_every_expectation_held()
    {
        Assert.That(_passed, Is.True, _report);
        Assert.That(_report, Does.Not.Contain("FAILED"));
    }

    [Test]
    public void COC_holds_exactly_ten_tickets_one_per_problem_at_or_above_the_severity()
    {
        var markers = _scenario.Coc.Tickets.Select(t => t.Description![(t.Description!.LastIndexOf("[ref:", StringComparison.Ordinal) + 5)..^1]);
        Assert.That(markers, Is.EquivalentTo(_scenario.EventIds.Select(id => "zabbix-event-" + id)));
    }

    [Test]
    public void Ten_create_requests_reach_COC_and_the_one_whose_answer_was_lost_is_sent_once()
    {
        var creates = _scenario.Coc.Requests.Where(r => r.Path == FakeCocService.CreatePath).ToList();
        var lostMarker = "[ref:zabbix-event-" + _scenario.LostCreateEventId + "]";
        Assert.Multiple(() =>
        {
            Assert.That(creates, Has.Count.EqualTo(10));
            Assert.That(creates.Where(c => c.ResponseLost).Select(c => c.Body.Contains(lostMarker, StringComparison.Ordinal)), Is.EqualTo(new[] { true }));
            Assert.That(creates.Count(c => c.Body.Contains(lostMarker, StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }

    [Test]
    public void The_ticket_opened_just_before_the_crash_is_found_by_its_marker_and_not_opened_again()
    {
        var crashMarker = "[ref:zabbix-event-" + _scenario.CrashEventId + "]";
        Assert.Multiple(() =>
        {
            Assert.That(_scenario.Host1Crashed, Is.True);
            Assert.That(_scenario.Coc.Requests.Count(r => r.Path == FakeCocService.CreatePath && r.Body.Contains(crashMarker, StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(_scenario.Host2Cycles[0].FoundByMarker, Is.EqualTo(1));
            Assert.That(_scenario.Host2Cycles[0].Opened, Is.EqualTo(5));
        });
    }

    [Test]
    public void Each_problem_is_acknowledged_once_with_a_message_citing_its_own_ticket()
    {
        Assert.Multiple(() =>
        {
            foreach (var id in _scenario.EventIds)
            {
                var ticket = _scenario.TicketOf(id)!.IncidentNumber;
                var opened = _scenario.Zabbix.GetEvent(id)!.Acknowledges.Where(a => a.Message.Contains(" opened ", StringComparison.Ordinal)).ToList();
                Assert.That(opened.Select(a => (a.Message, a.Action)), Is.EqualTo(new[] { ($"COC ticket {ticket} opened for this problem.", EventAction.Acknowledge | EventAction.AddMessage) }), id);
            }
        });
    }

    [Test]
    public void Nine_problems_are_closed_once_with_the_completed_message_after_their_tickets_complete()
    {
        Assert.Multiple(() =>
        {
            foreach (var id in _scenario.EventIds.Where(id => id != _scenario.StillOpenEventId))
            {
                var ticket = _scenario.TicketOf(id)!;
                var zabbixEvent = _scenario.Zabbix.GetEvent(id)!;
                var completed = zabbixEvent.Acknowledges.Where(a => a.Message.Contains(" completed;", StringComparison.Ordinal)).ToList();
                Assert.That(ticket.Status, Is.EqualTo("INCIDENT_STATUS_COMPLETED"), id);
                Assert.That(completed.Select(a => (a.Message, a.Action)), Is.EqualTo(new[] { ($"COC ticket {ticket.IncidentNumber} completed; problem closed by the bridge.", EventAction.Close | EventAction.AddMessage) }), id);
                Assert.That(zabbixEvent.IsClosed, Is.True, id);
            }
        });
    }

    [Test]
    public void The_problem_whose_ticket_stays_open_is_not_closed()
    {
        var zabbixEvent = _scenario.Zabbix.GetEvent(_scenario.StillOpenEventId)!;
        Assert.Multiple(() =>
        {
            Assert.That(_scenario.TicketOf(_scenario.StillOpenEventId)!.Status, Is.EqualTo("INCIDENT_STATUS_TRIGGERED"));
            Assert.That(zabbixEvent.IsClosed, Is.False);
            Assert.That(zabbixEvent.Acknowledges, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void The_problems_below_the_severity_are_untouched()
    {
        Assert.Multiple(() =>
        {
            foreach (var id in _scenario.LowEventIds)
            {
                Assert.That(_scenario.Zabbix.GetEvent(id)!.Acknowledges, Is.Empty, id);
                Assert.That(_scenario.TicketOf(id), Is.Null, id);
                Assert.That(_scenario.Acknowledges.Where(a => a.EventIds.Contains(id)), Is.Empty, id);
            }
        });
    }

    [Test]
    public void No_message_is_sent_twice_to_an_event()
    {
        var sent = _scenario.Acknowledges.SelectMany(a => a.EventIds.Select(id => id + " " + a.Message)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sent, Is.Unique);
            Assert.That(sent, Has.Count.EqualTo(19), "10 opened and 9 completed messages");
        });
    }

    [Test]
    public void The_last_cycle_changes_nothing_and_sends_no_update()
    {
        var last = _scenario.Host2Cycles[^1];
        Assert.Multiple(() =>
        {
            Assert.That(last.ChangedSomething, Is.False);
            Assert.That((last.Problems, last.AlreadyDone, last.Waiting, last.Failed), Is.EqualTo((1, 0, 1, 0)), "the 9 closed problems are resolved and no longer listed");
        });
    }
}
