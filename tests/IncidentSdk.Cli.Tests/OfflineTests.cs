using IncidentSdk.JsonRpc;
using IncidentSdk.Testing;

namespace IncidentSdk.Cli.Tests;

/// <summary><c>--offline</c> runs against the fakes of IncidentSdk.Testing, seeded so the command can succeed, with no credentials.</summary>
public sealed class OfflineTests
{
    private const string Ticket = "IM202403221515060171753781";

    private CliHarness _cli = null!;

    [SetUp]
    public void SetUp() => _cli = new CliHarness();

    [TearDown]
    public void TearDown()
    {
        _cli.Dispose();
        _cli.Coc?.Dispose();
        _cli.Zabbix?.Dispose();
    }

    [Test]
    public async Task AcceptSolveConfirmWalkTheTicketThroughItsStates()
    {
        _cli.Coc = new FakeCocService();

        var accept = await _cli.RunAsync("coc", "accept", Ticket, "op-1", "--offline", "--json");
        Assert.That(accept.ExitCode, Is.EqualTo(0), accept.Error);
        AssertCocJson(accept, "acceptedIncident1", "Accepted");

        var solve = await _cli.RunAsync("coc", "solve", Ticket, "op-1", "--category", "middleware", "--interrupted", "false", "--cause", "c", "--solution", "s", "--offline", "--json");
        Assert.That(solve.ExitCode, Is.EqualTo(0), solve.Error);
        AssertCocJson(solve, "commitSolution1", "Solved");

        var confirm = await _cli.RunAsync("coc", "confirm", Ticket, "op-1", "--confirmed", "true", "--comment", "verified", "--offline", "--json");
        Assert.That(confirm.ExitCode, Is.EqualTo(0), confirm.Error);
        AssertCocJson(confirm, "confirm", "Confirmed");

        Assert.Multiple(() =>
        {
            Assert.That(_cli.Coc.GetTicketState(Ticket), Is.EqualTo(FakeTicketState.Confirmed));
            Assert.That(_cli.Coc.Requests.Select(r => r.OperateKey), Is.EqualTo(new[] { "acceptedIncident1", "commitSolution1", "confirm" }));
            Assert.That(_cli.Coc.Requests.Select(r => r.StatusCode), Is.All.EqualTo(200));
        });
    }

    [TestCase("coc", "accept", Ticket, "op-1", "--region", "nowhere", TestName = "offline ignores an unknown --region")]
    [TestCase("coc", "accept", Ticket, "op-1", "--endpoint", "not a url", TestName = "offline ignores a malformed --endpoint")]
    [TestCase("coc", "accept", Ticket, "op-1", "--config", "/nonexistent/incident.json", TestName = "offline ignores a missing --config file")]
    [TestCase("zabbix", "ack", "1", "--url", "not a url", TestName = "offline ignores a malformed --url")]
    [TestCase("zabbix", "ack", "1", "--config", "/nonexistent/incident.json", TestName = "offline ignores a missing --config file for Zabbix")]
    public async Task Offline_ignores_the_connection_options_it_does_not_use(params string[] args)
    {
        var run = await _cli.RunAsync([.. args, "--offline"]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(run.Error, Is.Empty);
            Assert.That(run.Out, Does.StartWith("offline: "));
        });
    }

    [TestCase(new[] { "accept" }, "Accepted")]
    [TestCase(new[] { "solve", "--category", "config", "--interrupted", "true", "--cause", "c", "--solution", "s", "--start-time", "1711090000000", "--recovery-time", "1711093600000" }, "Solved")]
    [TestCase(new[] { "confirm", "--confirmed", "true", "--comment", "ok" }, "Confirmed")]
    public async Task EachCommandSucceedsOnItsOwnWithAFreshFake(string[] command, string expectedState)
    {
        var run = await _cli.RunAsync(["coc", command[0], Ticket, "op-1", .. command[1..], "--offline"]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(run.Error, Is.Empty);
            Assert.That(run.Out, Does.StartWith("offline: "));
            Assert.That(run.Out, Does.Contain($"ticket {Ticket} is now {expectedState}."));
        });
    }

    [Test]
    public async Task AValidationErrorOfflineSendsNothingToTheFake()
    {
        _cli.Coc = new FakeCocService();

        var run = await _cli.RunAsync("coc", "confirm", Ticket, "op-1", "--confirmed", "true", "--comment", new string('x', 301), "--offline");

        Assert.Multiple(() =>
        {
            run.AssertOneErrorLine(3);
            Assert.That(_cli.Coc.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task ZabbixAckWithJsonUpdatesAProblemTheFakeHas()
    {
        _cli.Zabbix = new FakeZabbixService();
        var id = _cli.Zabbix.AddProblem(EventSeverity.High, "Disk full");

        var run = await _cli.RunAsync("zabbix", "ack", id, "-m", "on it", "--offline", "--json");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Out, Is.EqualTo(
            $$"""{"ok":true,"service":"zabbix","method":"event.acknowledge","action":6,"eventids":["{{id}}"],"verified_after_ambiguous_failure":false,"offline":true}""" + System.Environment.NewLine));
        var fakeEvent = _cli.Zabbix.GetEvent(id)!;
        Assert.Multiple(() =>
        {
            Assert.That(fakeEvent.IsAcknowledged, Is.True);
            Assert.That(fakeEvent.Acknowledges.Select(a => a.Message), Is.EqualTo(new[] { "on it" }));
        });
    }

    [Test]
    public async Task ZabbixAckWithJsonReportsTheGivenIdsForEventsTheFakeLacks()
    {
        _cli.Zabbix = new FakeZabbixService();

        var run = await _cli.RunAsync("zabbix", "ack", "20427", "20428", "--offline", "--json");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("ok").GetBoolean(), Is.True);
            Assert.That(json.RootElement.GetProperty("offline").GetBoolean(), Is.True);
            Assert.That(json.RootElement.GetProperty("eventids").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "20427", "20428" }));
            Assert.That(_cli.Zabbix.Requests.Count(c => c.Method == "event.acknowledge"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ZabbixValidationOfflineNamesTheGivenIdsAndSendsNothing()
    {
        _cli.Zabbix = new FakeZabbixService();

        var run = await _cli.RunAsync("zabbix", "close", "20427", "20427", "--offline");

        Assert.Multiple(() =>
        {
            run.AssertOneErrorLine(3, Does.Contain("eventids[1]: '20427' is listed twice."));
            Assert.That(_cli.Zabbix.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task ZabbixSeverityAndSuppressOffline()
    {
        _cli.Zabbix = new FakeZabbixService();
        var id = _cli.Zabbix.AddProblem();

        var severity = await _cli.RunAsync("zabbix", "severity", id, "--severity", "disaster", "--offline");
        var suppress = await _cli.RunAsync("zabbix", "suppress", id, "--until", "indefinitely", "--offline");

        Assert.Multiple(() =>
        {
            Assert.That(severity.ExitCode, Is.EqualTo(0), severity.Error);
            Assert.That(suppress.ExitCode, Is.EqualTo(0), suppress.Error);
            Assert.That(severity.Out, Does.StartWith("offline: in-memory Zabbix "));
            Assert.That(_cli.Zabbix.GetEvent(id)!.Severity, Is.EqualTo(EventSeverity.Disaster));
            Assert.That(_cli.Zabbix.GetEvent(id)!.SuppressedUntil, Is.EqualTo(System.DateTimeOffset.MaxValue));
        });
    }

    [Test]
    public async Task ZabbixVersionOffline()
    {
        _cli.Zabbix = new FakeZabbixService("6.0.14");

        var run = await _cli.RunAsync("zabbix", "version", "--offline", "--json");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("version").GetString(), Is.EqualTo("6.0.14"));
            Assert.That(json.RootElement.GetProperty("offline").GetBoolean(), Is.True);
        });
    }

    private static void AssertCocJson(CliRun run, string operateKey, string state)
    {
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("ok").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("service").GetString(), Is.EqualTo("coc"));
            Assert.That(root.GetProperty("operate_key").GetString(), Is.EqualTo(operateKey));
            Assert.That(root.GetProperty("incident_num").GetString(), Is.EqualTo(Ticket));
            Assert.That(root.GetProperty("operator").GetString(), Is.EqualTo("op-1"));
            Assert.That(root.GetProperty("error_code").GetString(), Is.EqualTo("GOM.00000000"));
            Assert.That(root.GetProperty("offline").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("ticket_state").GetString(), Is.EqualTo(state));
            Assert.That(run.Error, Is.Empty);
        });
    }
}
