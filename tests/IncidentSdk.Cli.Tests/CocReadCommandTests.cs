using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using IncidentSdk.Testing;
using NUnit.Framework;

namespace IncidentSdk.Cli.Tests;

/// <summary><c>incident coc show</c> and <c>incident coc list</c>: the requests sent, the output, and --offline against the fake.</summary>
public sealed class CocReadCommandTests
{
    private const string Ticket = "IM202403221515060171753781";

    private const string Detail = """
        {"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{"incident_num":"IM202403221515060171753781",
         "incident_title":"DB down","incident_level":"level_10","status":"INCIDENT_STATUS_ACKNOWLEDGED","is_service_interrupt":"true",
         "create_time":1705025720537,"incident_assignee":["u1"],"incident_type":"inc_type_p_config_issues"}}
        """;

    private CliHarness _cli = null!;

    [SetUp]
    public void SetUp() => _cli = new CliHarness();

    [TearDown]
    public void TearDown()
    {
        _cli.Dispose();
        _cli.Coc?.Dispose();
        (_cli.Transport as IDisposable)?.Dispose();
    }

    [Test]
    public async Task ShowSendsTheSignedGetAndPrintsTheTicket()
    {
        var transport = new StubTransport((_, _) => StubTransport.Json(HttpStatusCode.OK, Detail, "req-1"));
        _cli.Transport = transport;
        _cli.WithCocEnvironment();

        var text = await _cli.RunAsync("coc", "show", Ticket);
        var json = await _cli.RunAsync("coc", "show", Ticket, "--json");

        var (request, body) = transport.Requests[0];
        var ticket = json.Json().GetProperty("ticket");
        Assert.Multiple(() =>
        {
            Assert.That(text.ExitCode, Is.EqualTo(0), text.Error);
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Get));
            Assert.That(request.RequestUri, Is.EqualTo(new Uri("https://coc.test.invalid/v1/external/incident/" + Ticket)));
            Assert.That(body, Is.Empty);
            Assert.That(request.Headers.GetValues("Authorization").Single(), Does.StartWith("SDK-HMAC-SHA256 Access=" + CliHarness.AccessKey + ","));
            Assert.That(text.Out.Split(Environment.NewLine)[0], Is.EqualTo(Ticket + "  DB down"));
            Assert.That(text.Out, Does.Contain("  status:      INCIDENT_STATUS_ACKNOWLEDGED" + Environment.NewLine));
            Assert.That(text.Out, Does.Contain("  created:     2024-01-12T02:15:20.537Z" + Environment.NewLine));
            Assert.That(text.Out, Does.Contain("  interrupted: yes" + Environment.NewLine));
            Assert.That(ticket.GetProperty("incident_num").GetString(), Is.EqualTo(Ticket));
            Assert.That(ticket.GetProperty("status").GetString(), Is.EqualTo("INCIDENT_STATUS_ACKNOWLEDGED"));
            Assert.That(ticket.GetProperty("level").GetString(), Is.EqualTo("level_10"));
            Assert.That(ticket.GetProperty("is_service_interrupt").GetBoolean(), Is.True);
            Assert.That(ticket.GetProperty("create_time").GetString(), Is.EqualTo("2024-01-12T02:15:20.537Z"));
            Assert.That(ticket.GetProperty("assignees")[0].GetString(), Is.EqualTo("u1"));
            Assert.That(json.Json().GetProperty("offline").GetBoolean(), Is.False);
        });
    }

    [Test]
    public async Task ShowOfAMissingTicketExitsWithNotFound()
    {
        _cli.Transport = new StubTransport((_, _) => StubTransport.Json(HttpStatusCode.BadRequest, """{"error_code":"COC.00067003","error_msg":"not found","provider_code":"049","data":null}""", "req-2"));
        _cli.WithCocEnvironment();

        var run = await _cli.RunAsync("coc", "show", Ticket, "--json");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(5));
            Assert.That(run.Json().GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("COC.00067003"));
            Assert.That(run.ErrorLines, Has.Length.EqualTo(1));
        });
    }

    [Test]
    public async Task ShowRefusesANumberThatWouldChangeThePathWithoutSending()
    {
        var transport = new StubTransport((_, _) => StubTransport.Json(HttpStatusCode.OK, Detail));
        _cli.Transport = transport;
        _cli.WithCocEnvironment();

        var run = await _cli.RunAsync("coc", "show", "IM1/../handle");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(3));
            Assert.That(run.Error, Does.Contain("incident_num"));
            Assert.That(transport.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task ListTranslatesTheOptionsIntoFiltersAndReadsEveryPage()
    {
        var pages = 0;
        var transport = new StubTransport((_, _) =>
        {
            pages++;
            var rows = pages == 1
                ? """[{"ticket_id":"IM1","title":"a","work_flow_status":"INCIDENT_STATUS_TRIGGERED","level_id":"level_10","create_time":1705025720537},{"ticket_id":"IM2","title":"b"}]"""
                : """[{"ticket_id":"IM3","title":"c"}]""";
            return StubTransport.Json(HttpStatusCode.OK, $$$"""{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{"tickets":{{{rows}}},"total":3}}""");
        });
        _cli.Transport = transport;
        _cli.WithCocEnvironment();

        var run = await _cli.RunAsync(
            "coc", "list", "--status", "triggered", "--status", "acknowledged", "--level", "P1", "--title", "db",
            "--created-after", "2026-01-01T00:00:00Z", "--created-before", "2026-01-02T00:00:00+08:00", "--filter", "source_id:=:incident_source_alarm",
            "--sort", "create_time:asc", "--page-size", "2");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(transport.Requests.Select(r => r.Request.RequestUri!.AbsoluteUri), Is.All.EqualTo("https://coc.test.invalid/v2/incidents/list"));
            Assert.That(transport.Requests[0].Body, Is.EqualTo(
                """{"page":1,"per_page":2,"contain_total":true,"ticket_types":["incident"],"string_filters":[{"field":"work_flow_status","operator":"in","values":["INCIDENT_STATUS_TRIGGERED","INCIDENT_STATUS_ACKNOWLEDGED"]},{"field":"level_id","operator":"in","values":["level_10"]},{"field":"title","operator":"like","values":["db"]},{"field":"create_time","operator":">=","values":["1767225600000"],"name":"create_time_start"},{"field":"create_time","operator":"<=","values":["1767283200000"],"name":"create_time_end"},{"field":"source_id","operator":"=","values":["incident_source_alarm"]}],"sort_filter":{"field":"create_time","operator":"asc","values":["create_time"],"name":"create_time"}}"""));
            Assert.That(transport.Requests[1].Body, Does.StartWith("""{"page":2,"per_page":2,"""));
            Assert.That(transport.Requests, Has.Count.EqualTo(2));
            Assert.That(run.Out, Is.EqualTo(string.Join(Environment.NewLine, [
                "IM1  INCIDENT_STATUS_TRIGGERED  level_10  2024-01-12T02:15:20.537Z  a",
                "IM2  -  -  -  b",
                "IM3  -  -  -  c",
                "3 tickets.",
                string.Empty])));
        });
    }

    [Test]
    public async Task ListStopsAtTheLimitWithoutReadingFurtherPages()
    {
        var transport = new StubTransport((_, _) => StubTransport.Json(HttpStatusCode.OK, """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{"tickets":[{"ticket_id":"IM1"},{"ticket_id":"IM2"}],"total":100}}"""));
        _cli.Transport = transport;
        _cli.WithCocEnvironment();

        var run = await _cli.RunAsync("coc", "list", "--page-size", "2", "--limit", "3", "--json");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(run.Json().GetProperty("count").GetInt32(), Is.EqualTo(3));
            Assert.That(transport.Requests, Has.Count.EqualTo(2));
        });
    }

    [TestCase("--page-size", "201", 3)]
    [TestCase("--page-size", "0", 3)]
    [TestCase("--filter", "title", 2)]
    [TestCase("--created-after", "yesterday", 2)]
    [TestCase("--limit", "-1", 2)]
    public async Task ListRefusesBadOptionsWithoutSending(string option, string value, int exitCode)
    {
        var transport = new StubTransport((_, _) => StubTransport.Json(HttpStatusCode.OK, "{}"));
        _cli.Transport = transport;
        _cli.WithCocEnvironment();

        var run = await _cli.RunAsync("coc", "list", option, value);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(exitCode), run.Error);
            Assert.That(run.ErrorLines, Has.Length.EqualTo(1));
            Assert.That(transport.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task OfflineShowAndListWorkAgainstTheFake()
    {
        _cli.Coc = new FakeCocService();
        _cli.Coc.AddTicket(new FakeTicket("IM7") { Title = "offline ticket", Level = "level_20", State = FakeTicketState.Accepted, CreateTime = _cli.Now });
        _cli.Coc.AddTicket(new FakeTicket("IM8") { Title = "other", CreateTime = _cli.Now.AddHours(1) });

        var show = await _cli.RunAsync("coc", "show", "IM7", "--offline", "--json");
        var list = await _cli.RunAsync("coc", "list", "--status", "acknowledged", "--offline", "--json");
        var text = await _cli.RunAsync("coc", "list", "--offline", "--sort", "create_time");

        Assert.Multiple(() =>
        {
            Assert.That(show.ExitCode, Is.EqualTo(0), show.Error);
            Assert.That(show.Json().GetProperty("offline").GetBoolean(), Is.True);
            Assert.That(show.Json().GetProperty("ticket").GetProperty("title").GetString(), Is.EqualTo("offline ticket"));
            Assert.That(show.Json().GetProperty("ticket").GetProperty("status").GetString(), Is.EqualTo("INCIDENT_STATUS_ACKNOWLEDGED"));
            Assert.That(list.Json().GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("incident_num").GetString()), Is.EqualTo(new[] { "IM7" }));
            Assert.That(text.Out, Does.StartWith("offline: in-memory COC fake"));
            Assert.That(text.Out, Does.Contain("IM8  INCIDENT_STATUS_TRIGGERED  level_50  2026-01-31T13:00:00.000Z  other" + Environment.NewLine + "IM7  "));
            Assert.That(_cli.Coc.Requests.Select(r => r.Method), Is.EqualTo(new[] { "GET", "POST", "POST" }));
        });
    }

    [Test]
    public async Task OfflineWithAFreshFakeShowsAnyTicketAndListsThreeSeededOnes()
    {
        var show = await _cli.RunAsync("coc", "show", Ticket, "--offline");
        var list = await _cli.RunAsync("coc", "list", "--offline", "--json");

        Assert.Multiple(() =>
        {
            Assert.That(show.ExitCode, Is.EqualTo(0), show.Error);
            Assert.That(show.Out, Does.Contain(Ticket + "  Incident " + Ticket));
            Assert.That(show.Out, Does.Contain("  status:      INCIDENT_STATUS_TRIGGERED"));
            Assert.That(list.Json().GetProperty("count").GetInt32(), Is.EqualTo(3));
            Assert.That(list.Json().GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("status").GetString()), Is.EquivalentTo(new[] { "INCIDENT_STATUS_TRIGGERED", "INCIDENT_STATUS_ACKNOWLEDGED", "INCIDENT_STATUS_RESOLVED" }));
        });
    }
}
