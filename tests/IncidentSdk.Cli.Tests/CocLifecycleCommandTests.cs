using System.Text.RegularExpressions;
using IncidentSdk.Testing;

namespace IncidentSdk.Cli.Tests;

/// <summary>
/// <c>incident coc create|tasks|history|act</c>: the exact requests sent, the text and JSON output, the exit codes of a
/// refused request, of a create whose outcome is unknown and of an action the ticket does not offer, and --offline.
/// </summary>
public sealed class CocLifecycleCommandTests
{
    private const string Ticket = "IM202601311200000000001";
    private const string Created = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{"incident_num":"IM202601311200000000001"}}""";
    private const string Done = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null}""";
    private const string NoTickets = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{"tickets":[],"total":0}}""";

    private const string Tasks = """
        {"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":[
         {"type":"OperateNode","key":"userTaskAccept","name":"受理","state":"running","operations":[
           {"task_id":"19102976566880092186683","key":"accepted","name_en":"Accept","name_cn":"受理"},
           {"task_id":"19102976566880092186683","key":"unAcceptedForward","name_en":"Forward"}]},
         {"type":"OperateNode","key":"userTaskRemark","state":"running","operations":[
           {"task_id":"19102976566880092186999","key":"rejected","name_en":"Reject"}]}]}
        """;

    private const string History = """
        {"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{"total":2,"info":[
         {"action":"create_incident","action_name_en":"create incident","action_name_zh":"创建事件单","operator":"u-creator","status":"INCIDENT_STATUS_TRIGGERED","start_time":"1769857200000","stop_time":"1769857200500"},
         {"action":"accepted","operator":"u-2","status":"INCIDENT_STATUS_ACKNOWLEDGED","start_time":"1769860800000","comment":"on it\nnow"}]}}
        """;

    private CliHarness _cli = null!;
    private StubTransport _transport = null!;
    private Func<HttpRequestMessage, string, HttpResponseMessage> _respond = null!;

    [SetUp]
    public void SetUp()
    {
        _respond = (_, _) => StubTransport.Json(HttpStatusCode.OK, Done, "req-ok-1");
        _transport = new StubTransport((request, body) => _respond(request, body));
        _cli = new CliHarness { Transport = _transport }.WithCocEnvironment();

        // No retries, so each failure is one request.
        _cli.WriteFile("incident.json", """{ "Coc": { "Resilience": { "MaxRetries": 0 } } }""");
    }

    [TearDown]
    public void TearDown()
    {
        _cli.Dispose();
        _cli.Coc?.Dispose();
        _transport.Dispose();
    }

    [Test]
    public async Task CreateSendsEveryFieldAndPrintsTheNumberAndMarker()
    {
        _respond = (_, _) => StubTransport.Json(HttpStatusCode.OK, Created, "req-c-1");

        var run = await _cli.RunAsync(
            "coc", "create", "--title", "DB down", "--level", "P3", "--category", "inc_type_p_security_issues", "--source", "incident_source_alarm",
            "--creator", "u-creator", "--assignee", "u-owner", "--description", "pool exhausted", "--interrupted", "--ticket-region", "cn-north-4",
            "--enterprise-project", "0", "--application", "app001", "--ownership", "incident_ownership_300", "--start-time", "2026-01-31T11:00:00Z",
            "--marker", "zabbix-event-12345");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(run.Error, Is.Empty);
            Assert.That(_transport.Requests, Has.Count.EqualTo(1));
            Assert.That(run.Out, Is.EqualTo(Ticket + Environment.NewLine + "marker: zabbix-event-12345" + Environment.NewLine));
        });
        var (request, body) = _transport.Requests[0];
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(request.RequestUri, Is.EqualTo(new Uri("https://coc.test.invalid/v1/external/incident/create")));
            Assert.That(body, Is.EqualTo(
                """{"incident_level":"level_30","is_service_interrupt":true,"incident_type":"inc_type_p_security_issues","incident_title":"DB down","incident_source":"incident_source_alarm","creator":"u-creator","incident_description":"pool exhausted\n[ref:zabbix-event-12345]","incident_assignee":["u-owner"],"region":["cn-north-4"],"enterprise_project":["0"],"current_cloud_service":["app001"],"incident_ownership":"incident_ownership_300","start_time":1769857200000}"""));
            Assert.That(request.Headers.GetValues("Authorization").Single(), Does.StartWith("SDK-HMAC-SHA256 Access=" + CliHarness.AccessKey + ","));
        });
    }

    [Test]
    public async Task CreateWithSceneAndRoleAndJsonPrintsTheMarkerItMade()
    {
        _respond = (_, _) => StubTransport.Json(HttpStatusCode.OK, Created, "req-c-2");

        var run = await _cli.RunAsync(
            "coc", "create", "--title", "Disk full", "--level", "level_20", "--category", "config", "--source", "incident_source_manual",
            "--creator", "u-creator", "--scene", "scene-1", "--role", "role-1", "--json");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        var json = run.Json();
        var marker = json.GetProperty("marker").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("ok").GetBoolean(), Is.True);
            Assert.That(json.GetProperty("offline").GetBoolean(), Is.False);
            Assert.That(json.GetProperty("incident_num").GetString(), Is.EqualTo(Ticket));
            Assert.That(json.GetProperty("found_by_read_back").GetBoolean(), Is.False);
            Assert.That(marker, Does.Match("^isdk-[0-9a-f]{32}$"));
            Assert.That(_transport.Requests.Single().Body, Is.EqualTo(
                $$"""{"incident_level":"level_20","is_service_interrupt":false,"incident_type":"inc_type_p_config_issues","incident_title":"Disk full","incident_source":"incident_source_manual","creator":"u-creator","incident_description":"[ref:{{marker}}]","assignee_scene":"scene-1","assignee_role":"role-1"}"""));
        });
    }

    [TestCase(new[] { "--assignee", "u-owner", "--scene", "scene-1", "--role", "role-1" }, "incident_assignee", "[exclusive]")]
    [TestCase(new string[0], "incident_assignee", "[required]")]
    [TestCase(new[] { "--scene", "scene-1" }, "assignee_role", "[required]")]
    [TestCase(new[] { "--assignee", "u-owner", "--marker", "short" }, "marker", "[max-length]")]
    [TestCase(new[] { "--assignee", "u-owner", "--start-time", "1960-01-01T00:00:00Z" }, "start_time", "[range]")]
    public async Task CreateRefusesABadRequestWithExit3AndSendsNothing(string[] options, string field, string rule)
    {
        var run = await _cli.RunAsync(["coc", "create", "--title", "t", "--level", "P3", "--category", "config", "--source", "incident_source_alarm", "--creator", "u", .. options]);

        Assert.Multiple(() =>
        {
            run.AssertOneErrorLine(3, Does.StartWith("incident: invalid request (exit 3): "), Does.Contain(field), Does.Contain(rule));
            Assert.That(run.Out, Is.Empty);
            Assert.That(_transport.Requests, Is.Empty);
        });
    }

    [TestCase("--title")]
    [TestCase("--creator")]
    public async Task CreateWithoutARequiredOptionIsAUsageError(string missing)
    {
        string[] all = ["--title", "t", "--level", "P3", "--category", "config", "--source", "incident_source_alarm", "--creator", "u", "--assignee", "a"];
        var index = Array.IndexOf(all, missing);

        var run = await _cli.RunAsync(["coc", "create", .. all[..index], .. all[(index + 2)..]]);

        Assert.Multiple(() =>
        {
            run.AssertOneErrorLine(2, Does.StartWith("incident: usage error (exit 2): "), Does.Contain(missing));
            Assert.That(_transport.Requests, Is.Empty);
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task CreateWhoseOutcomeIsUnknownExitsWith9AndPrintsTheMarker(bool listFails)
    {
        // A gateway 502 may hide a ticket COC opened: the create is not sent again, and the list is read back as often as
        // incident.json says (twice, at once); it holds no ticket with the marker, or cannot be read.
        _cli.WriteFile("incident.json", """{ "Coc": { "Resilience": { "MaxRetries": 0 }, "CreateReadBack": { "Attempts": 2, "Delay": "00:00:00" } } }""");
        _respond = (request, _) => request.RequestUri!.AbsolutePath == "/v1/external/incident/create"
            ? StubTransport.Json(HttpStatusCode.BadGateway, """{"error_code":"APIG.0202","error_msg":"Backend unavailable","request_id":"req-502"}""")
            : listFails
                ? StubTransport.Json(HttpStatusCode.InternalServerError, """{"error_code":"COC.00000500","error_msg":"list failed","provider_code":"049","data":null}""")
                : StubTransport.Json(HttpStatusCode.OK, NoTickets);

        var run = await _cli.RunAsync(
            "coc", "create", "--title", "t", "--level", "P3", "--category", "config", "--source", "incident_source_alarm", "--creator", "u",
            "--assignee", "a", "--marker", "zabbix-event-777", "--json");

        var json = run.Json();
        var error = json.GetProperty("error");
        Assert.Multiple(() =>
        {
            run.AssertOneErrorLine(
                9,
                Does.StartWith("incident: create outcome unknown (exit 9): "),
                Does.Contain(" The create failed with: ").And.Contain("APIG.0202"),
                Does.Contain("Look for a ticket whose description holds [ref:zabbix-event-777] among those created since "),
                Does.Match(@"\(incident coc list --created-after \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ --json\) before creating it again\.$"));
            Assert.That(json.GetProperty("ok").GetBoolean(), Is.False);
            Assert.That(json.GetProperty("exit_code").GetInt32(), Is.EqualTo(9));
            Assert.That(error.GetProperty("type").GetString(), Is.EqualTo("IncidentCreationUnknownException"));
            Assert.That(error.GetProperty("marker").GetString(), Is.EqualTo("zabbix-event-777"));
            Assert.That(error.GetProperty("created_since").GetString(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"));
            Assert.That(error.GetProperty("may_have_reached_server").GetBoolean(), Is.True);
            Assert.That(error.GetProperty("original_failure").GetString(), Does.Contain("APIG.0202"));
            Assert.That(error.GetProperty("read_back_failure").ValueKind, Is.EqualTo(listFails ? JsonValueKind.String : JsonValueKind.Null));
            Assert.That(_transport.Requests.Select(r => r.Request.RequestUri!.AbsolutePath), Is.EqualTo(new[]
            {
                "/v1/external/incident/create", "/v2/incidents/list", "/v2/incidents/list",
            }));
        });
    }

    [Test]
    public async Task CreateFoundByReadBackSaysSo()
    {
        _respond = (request, _) => request.RequestUri!.AbsolutePath == "/v1/external/incident/create"
            ? throw new HttpRequestException("The response ended prematurely.", new System.IO.IOException("connection reset"))
            : StubTransport.Json(HttpStatusCode.OK, """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{"tickets":[{"ticket_id":"IM9","description":"x\n[ref:zabbix-event-778]"}],"total":1}}""");

        var text = await _cli.RunAsync(
            "coc", "create", "--title", "t", "--level", "P3", "--category", "config", "--source", "incident_source_alarm", "--creator", "u",
            "--assignee", "a", "--marker", "zabbix-event-778");

        Assert.Multiple(() =>
        {
            Assert.That(text.ExitCode, Is.EqualTo(0), text.Error);
            Assert.That(text.Out, Is.EqualTo(string.Join(Environment.NewLine, [
                "IM9",
                "marker: zabbix-event-778",
                "found by read-back: the answer to the create was lost; the ticket was found by its marker",
                string.Empty])));
            Assert.That(_transport.Requests.Count(r => r.Request.RequestUri!.AbsolutePath == "/v1/external/incident/create"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task TasksSendsTheGetAndPrintsOneLinePerAction()
    {
        _respond = (_, _) => StubTransport.Json(HttpStatusCode.OK, Tasks, "req-t-1");

        var text = await _cli.RunAsync("coc", "tasks", Ticket);
        var json = await _cli.RunAsync("coc", "tasks", Ticket, "--json");

        var (request, body) = _transport.Requests[0];
        var tasks = json.Json().GetProperty("tasks");
        Assert.Multiple(() =>
        {
            Assert.That(text.ExitCode, Is.EqualTo(0), text.Error);
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Get));
            Assert.That(request.RequestUri, Is.EqualTo(new Uri("https://coc.test.invalid/v2/incidents/" + Ticket + "/tasks")));
            Assert.That(body, Is.Empty);
            Assert.That(_transport.Requests, Has.Count.EqualTo(2));
            Assert.That(text.Out, Is.EqualTo(string.Join(Environment.NewLine, [
                "19102976566880092186683  accepted  (userTaskAccept/running)",
                "19102976566880092186683  unAcceptedForward  (userTaskAccept/running)",
                "19102976566880092186999  rejected  (userTaskRemark/running)",
                string.Empty])));
            Assert.That(json.Json().GetProperty("incident_num").GetString(), Is.EqualTo(Ticket));
            Assert.That(tasks.GetArrayLength(), Is.EqualTo(2));
            Assert.That(tasks[0].GetProperty("key").GetString(), Is.EqualTo("userTaskAccept"));
            Assert.That(tasks[0].GetProperty("name").GetString(), Is.EqualTo("受理"));
            Assert.That(tasks[0].GetProperty("state").GetString(), Is.EqualTo("running"));
            Assert.That(tasks[0].GetProperty("operations")[0].GetRawText(), Is.EqualTo("""{"task_id":"19102976566880092186683","key":"accepted","name_en":"Accept","name_zh":"受理"}"""));
            Assert.That(tasks[1].GetProperty("name").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(tasks[1].GetProperty("operations")[0].GetProperty("task_id").GetString(), Is.EqualTo("19102976566880092186999"));
        });
    }

    [Test]
    public async Task TasksOfATicketWithoutActionsSaysSo()
    {
        _respond = (_, _) => StubTransport.Json(HttpStatusCode.OK, """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":[]}""");

        var run = await _cli.RunAsync("coc", "tasks", Ticket);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(run.Out, Is.EqualTo($"Ticket {Ticket} offers no action now; a new ticket's tasks appear some seconds after it is opened." + Environment.NewLine));
        });
    }

    [Test]
    public async Task HistorySendsThePostAndPrintsOneLinePerRow()
    {
        _respond = (_, _) => StubTransport.Json(HttpStatusCode.OK, History, "req-h-1");

        var text = await _cli.RunAsync("coc", "history", Ticket);
        var json = await _cli.RunAsync("coc", "history", Ticket, "--json");

        var (request, body) = _transport.Requests[0];
        var rows = json.Json().GetProperty("history");
        Assert.Multiple(() =>
        {
            Assert.That(text.ExitCode, Is.EqualTo(0), text.Error);
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(request.RequestUri, Is.EqualTo(new Uri("https://coc.test.invalid/v2/incidents/" + Ticket + "/histories")));
            Assert.That(body, Is.EqualTo("{}"));
            Assert.That(text.Out, Is.EqualTo(string.Join(Environment.NewLine, [
                "2026-01-31T11:00:00.000Z  INCIDENT_STATUS_TRIGGERED  create_incident  u-creator",
                "2026-01-31T12:00:00.000Z  INCIDENT_STATUS_ACKNOWLEDGED  accepted  u-2  on it now",
                string.Empty])));
            Assert.That(rows.GetArrayLength(), Is.EqualTo(2));
            Assert.That(rows[0].GetRawText(), Is.EqualTo(
                """{"start_time":"2026-01-31T11:00:00.000Z","stop_time":"2026-01-31T11:00:00.500Z","status":"INCIDENT_STATUS_TRIGGERED","action":"create_incident","action_name_en":"create incident","action_name_zh":"创建事件单","operator":"u-creator","comment":null}"""));
            Assert.That(rows[1].GetProperty("comment").GetString(), Is.EqualTo("on it\nnow"));
        });
    }

    [TestCase("tasks")]
    [TestCase("history")]
    public async Task AReadOfANumberThatWouldChangeThePathExitsWith3AndSendsNothing(string command)
    {
        var run = await _cli.RunAsync("coc", command, "IM1/../create");

        Assert.Multiple(() =>
        {
            run.AssertOneErrorLine(3, Does.StartWith("incident: invalid request (exit 3): "), Does.Contain("incident_num"));
            Assert.That(_transport.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task ActWithATaskIdSendsOnlyTheActionWithTypedParameters()
    {
        var run = await _cli.RunAsync(
            "coc", "act", Ticket, "confirm", "--task-id", "19102976566880092186683",
            "--param", "virtual_confirm_result=true", "--param", "notify=false", "--param", "virtual_confirm_comment=ok = fine",
            "--param", "count=3", "--param", "label=True", "--param", "level:=3", "--param", "flag:=\"true\"");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(_transport.Requests, Has.Count.EqualTo(1));
            Assert.That(run.Out, Is.EqualTo($"Took action confirm on ticket {Ticket} (task 19102976566880092186683): GOM.00000000 (request id req-ok-1)." + Environment.NewLine));
        });
        var (request, body) = _transport.Requests[0];
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(request.RequestUri, Is.EqualTo(new Uri("https://coc.test.invalid/v2/incidents/" + Ticket + "/actions")));
            Assert.That(body, Is.EqualTo(
                """{"task_id":"19102976566880092186683","action":"confirm","params":{"virtual_confirm_result":true,"notify":false,"virtual_confirm_comment":"ok = fine","count":"3","label":"True","level":3,"flag":"true"}}"""));
        });
    }

    [Test]
    public async Task ActWithoutATaskIdTakesTheOneTheTasksGiveForTheAction()
    {
        _respond = (request, _) => request.Method == HttpMethod.Get
            ? StubTransport.Json(HttpStatusCode.OK, Tasks)
            : StubTransport.Json(HttpStatusCode.OK, Done, "req-a-1");

        var run = await _cli.RunAsync("coc", "act", Ticket, "rejected", "--json");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(_transport.Requests.Select(r => r.Request.Method.Method + " " + r.Request.RequestUri!.AbsolutePath), Is.EqualTo(new[]
            {
                $"GET /v2/incidents/{Ticket}/tasks", $"POST /v2/incidents/{Ticket}/actions",
            }));
            Assert.That(_transport.Requests[1].Body, Is.EqualTo("""{"task_id":"19102976566880092186999","action":"rejected"}"""));
            Assert.That(run.Out, Is.EqualTo(
                $$"""{"ok":true,"service":"coc","offline":false,"incident_num":"{{Ticket}}","action":"rejected","task_id":"19102976566880092186999","error_code":"GOM.00000000","provider_code":"049","request_id":"req-a-1"}""" + Environment.NewLine));
        });
    }

    [Test]
    public async Task ActForAnActionTheTicketDoesNotOfferExitsWith10AndSendsNoAction()
    {
        _respond = (_, _) => StubTransport.Json(HttpStatusCode.OK, Tasks);

        var run = await _cli.RunAsync("coc", "act", Ticket, "confirm", "--json");

        Assert.Multiple(() =>
        {
            run.AssertOneErrorLine(
                10,
                Does.StartWith("incident: action not offered (exit 10): "),
                Does.Contain($"The ticket {Ticket} did not offer the action 'confirm' within 00:00:00; it last offered 'accepted', 'unAcceptedForward', 'rejected'."),
                Does.EndWith($"Nothing was sent; see 'incident coc tasks {Ticket}', or give --wait."));
            Assert.That(run.Json().GetProperty("exit_code").GetInt32(), Is.EqualTo(10));
            Assert.That(run.Json().GetProperty("error").GetProperty("type").GetString(), Is.EqualTo("ActionNotOfferedException"));
            Assert.That(_transport.Requests.Select(r => r.Request.Method), Is.EqualTo(new[] { HttpMethod.Get }));
        });
    }

    [Test]
    public async Task ActWithWaitReadsTheTasksAgainUntilTheActionIsOffered()
    {
        _cli.WriteFile("incident.json", """{ "Coc": { "Resilience": { "MaxRetries": 0 }, "CreateReadBack": { "TaskPollInterval": "00:00:00.050" } } }""");
        var reads = 0;
        _respond = (request, _) => request.Method == HttpMethod.Get
            ? StubTransport.Json(HttpStatusCode.OK, ++reads == 1 ? """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":[]}""" : Tasks)
            : StubTransport.Json(HttpStatusCode.OK, Done);

        var run = await _cli.RunAsync("coc", "act", Ticket, "accepted", "--wait", "3");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(_transport.Requests.Select(r => r.Request.Method), Is.EqualTo(new[] { HttpMethod.Get, HttpMethod.Get, HttpMethod.Post }));
            Assert.That(_transport.Requests[2].Body, Is.EqualTo("""{"task_id":"19102976566880092186683","action":"accepted"}"""));
        });
    }

    [TestCase(new[] { "--task-id", "1", "--wait", "5" }, 2, "--wait applies only without --task-id")]
    [TestCase(new[] { "--param", "novalue" }, 2, "--param 'novalue' is not key=value or key:=json.")]
    [TestCase(new[] { "--param", "x:={" }, 2, "--param 'x:=' is not followed by valid JSON")]
    [TestCase(new[] { "--wait", "3601" }, 3, "timeout")]
    [TestCase(new[] { "--wait", "-1" }, 3, "timeout")]
    [TestCase(new[] { "--task-id", "" }, 3, "task_id")]
    public async Task ActRefusesBadOptionsAndSendsNothing(string[] options, int exitCode, string message)
    {
        var run = await _cli.RunAsync(["coc", "act", Ticket, "accepted", .. options]);

        Assert.Multiple(() =>
        {
            run.AssertOneErrorLine(exitCode, Does.Contain(message));
            Assert.That(_transport.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task ActRefusedByCocIsAServiceErrorSentOnce()
    {
        _respond = (_, _) => StubTransport.Json(HttpStatusCode.BadRequest, """{"error_code":"COC.00067010","error_msg":"task is not current","provider_code":"049","data":null}""", "req-bad");

        var run = await _cli.RunAsync("coc", "act", Ticket, "accepted", "--task-id", "1");

        Assert.Multiple(() =>
        {
            run.AssertOneErrorLine(7, Does.StartWith("incident: service error (exit 7): "), Does.Contain("COC.00067010"), Does.Contain("req-bad"));
            Assert.That(_transport.Requests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task OfflineCreateTasksActAndHistoryWalkOneTicket()
    {
        _cli.Coc = new FakeCocService();

        var create = await _cli.RunAsync(
            "coc", "create", "--title", "offline ticket", "--level", "P2", "--category", "config", "--source", "incident_source_manual",
            "--creator", "u-creator", "--assignee", "u-owner", "--marker", "offline-marker-1", "--offline", "--json");
        Assert.That(create.ExitCode, Is.EqualTo(0), create.Error);
        var number = create.Json().GetProperty("incident_num").GetString()!;

        var tasks = await _cli.RunAsync("coc", "tasks", number, "--offline");
        var accept = await _cli.RunAsync("coc", "act", number, "accepted", "--offline", "--json");
        var remark = await _cli.RunAsync("coc", "act", number, "AddRemark", "--param", "note=looking", "--offline");
        var history = await _cli.RunAsync("coc", "history", number, "--offline", "--json");

        Assert.Multiple(() =>
        {
            Assert.That(create.Json().GetProperty("offline").GetBoolean(), Is.True);
            Assert.That(number, Does.Match("^IM[0-9]{24}$"));
            Assert.That(_cli.Coc.GetTicket(number)!.Description, Is.EqualTo("[ref:offline-marker-1]"));
            Assert.That(tasks.ExitCode, Is.EqualTo(0), tasks.Error);
            Assert.That(tasks.Out, Does.StartWith("offline: in-memory COC fake"));
            Assert.That(Regex.IsMatch(tasks.Out, @"(?m)^\d{23}  accepted  \(userTaskAccept/running\)\r?$"), Is.True, tasks.Out);
            Assert.That(accept.ExitCode, Is.EqualTo(0), accept.Error);
            Assert.That(accept.Json().GetProperty("offline").GetBoolean(), Is.True);
            Assert.That(remark.ExitCode, Is.EqualTo(0), remark.Error);
            Assert.That(remark.Out, Does.Contain($"Took action AddRemark on ticket {number} (task "));
            Assert.That(_cli.Coc.GetTicketState(number), Is.EqualTo(FakeTicketState.Accepted));
            Assert.That(history.ExitCode, Is.EqualTo(0), history.Error);
            Assert.That(history.Json().GetProperty("history").EnumerateArray().Select(r => r.GetProperty("action").GetString()), Is.EqualTo(new[] { "create_incident", "accepted", "AddRemark" }));
        });
    }

    [TestCase("accepted", new string[0], FakeTicketState.Accepted)]
    [TestCase("commitSolution1", new[] { "--param", "solution=restarted" }, FakeTicketState.Solved)]
    [TestCase("confirm", new[] { "--param", "virtual_confirm_result=true" }, FakeTicketState.Confirmed)]
    [TestCase("confirm", new[] { "--param", "virtual_confirm_result=false" }, FakeTicketState.Accepted)]
    [TestCase("agreed", new string[0], FakeTicketState.Confirmed)]
    public async Task OfflineActFindsTheActionOnATicketTheFakeLacks(string action, string[] parameters, FakeTicketState after)
    {
        _cli.Coc = new FakeCocService();

        var run = await _cli.RunAsync(["coc", "act", Ticket, action, .. parameters, "--offline"]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(_cli.Coc.GetTicketState(Ticket), Is.EqualTo(after));
        });
    }

    [Test]
    public async Task HelpListsTheLifecycleCommandsAndTheirExitCodes()
    {
        var run = await _cli.RunAsync("coc", "--help");
        var root = await _cli.RunAsync("--help");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0));
            Assert.That(root.Out, Does.Contain("  9  ticket create outcome unknown: the answer was lost and no ticket with its marker was found; look for the marker before creating it again"));
            Assert.That(root.Out, Does.Contain("  10 the ticket does not offer the action (within --wait); nothing sent"));
            foreach (var name in new[] { "create", "tasks", "history", "act" })
            {
                Assert.That(run.Out, Does.Match($@"(?m)^\s+{name}\s"), name);
            }
        });
    }
}
