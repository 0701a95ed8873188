using System.Text.Json.Nodes;
using IncidentSdk.Validation;

namespace IncidentSdk.Tests.Coc;

/// <summary>Tasks, history, v2 actions and the wait for an action: the requests on the wire and what is read back.</summary>
public class IncidentWorkflowTests
{
    private const string V2 = CocTest.Endpoint + "/v2/incidents/" + CocTest.IncidentNumber;
    private const string Ok = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049"}""";

    // The APIDEF example of ShowIncidentTask (§4a): a 23-digit task id, keys with the "1" suffix, extra names.
    private const string Tasks = """
        {"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":[{"type":"OperateNode","key":"userTaskHandle1","name":"处理","state":"running",
         "operations":[{"task_id":"19102976566880092186683","key":"commitSolution1","name_cn":"提交方案","name_en":"Commit solution","operate_tip_zh":"只有责任人可以操作"},
                       {"task_id":19102976566880092186683,"key":"forwardOther1"},{"task_id":"","key":"AddRemark"},{"task_id":"1","key":null}]}]}
        """;

    private static string Answer(string data) => """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":""" + data + "}";

    [Test]
    public async Task Tasks_are_a_GET_and_keep_the_23_digit_task_id_as_text_whatever_its_JSON_type()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Expect(HttpMethod.Get, V2 + "/tasks").With(log.Capture).Respond("application/json", Tasks);
        using var client = CocTest.Client(mock);

        var tasks = await client.GetIncidentTasksAsync(CocTest.IncidentNumber);

        var node = tasks.Single();
        Assert.Multiple(() =>
        {
            Assert.That(log.Requests.Single().Body, Is.Empty);
            Assert.That(log.Requests.Single().Header("Content-Type"), Is.EqualTo("application/json"));
            Assert.That((node.Type, node.Key, node.Name, node.State), Is.EqualTo(("OperateNode", "userTaskHandle1", "处理", "running")));
            Assert.That(node.Operations.Select(o => (o.TaskId, o.Key)), Is.EqualTo(new[] { ("19102976566880092186683", "commitSolution1"), ("19102976566880092186683", "forwardOther1") }));
            Assert.That((node.Operations[0].NameEn, node.Operations[0].NameZh), Is.EqualTo(("Commit solution", "提交方案")));
        });
    }

    [Test]
    public async Task No_tasks_yet_is_an_empty_list()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, V2 + "/tasks").Respond("application/json", Answer("[]"));
        using var client = CocTest.Client(mock);

        Assert.That(await client.GetIncidentTasksAsync(CocTest.IncidentNumber), Is.Empty);
    }

    [TestCase("{}", "not an array")]
    [TestCase("null", "not an array")]
    [TestCase("[null]", "a null node")]
    [TestCase("[{\"operations\":{}}]", "cannot be read")]
    public void A_tasks_answer_of_the_wrong_shape_is_an_invalid_response(string data, string reason)
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, V2 + "/tasks").Respond("application/json", Answer(data));
        using var client = CocTest.Client(mock);

        var error = Assert.ThrowsAsync<InvalidResponseException>(() => client.GetIncidentTasksAsync(CocTest.IncidentNumber));

        Assert.That(error!.Message, Does.Contain(reason));
    }

    [Test]
    public void Tasks_of_an_unknown_ticket_are_not_found()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, V2 + "/tasks").Respond(HttpStatusCode.BadRequest, "application/json", """{"error_code":"COC.00067003","error_msg":"not found","provider_code":"049"}""");
        using var client = CocTest.Client(mock);

        var error = Assert.ThrowsAsync<ResourceNotFoundException>(() => client.GetIncidentTasksAsync(CocTest.IncidentNumber));

        Assert.That(error!.ErrorCode, Is.EqualTo("COC.00067003"));
    }

    [Test]
    public async Task History_posts_an_empty_object_and_reads_string_times()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Expect(HttpMethod.Post, V2 + "/histories").With(log.Capture).Respond("application/json", Answer("""
            {"total":2,"info":[{"action":"create_incident","action_name_zh":"创建事件","action_name_en":"create incident","operator":"u1",
              "status":"INCIDENT_STATUS_TRIGGERED","start_time":"1741780708382","stop_time":"1741780708390","comment":"",
              "enum_data_list":[{"prop_id":"operator","biz_id":"u1","name_zh":"张三","name_en":"Zhang"}]},
             {"action":"accepted","status":"INCIDENT_STATUS_ACKNOWLEDGED","start_time":1741780800000,"stop_time":null,"comment":"on it"}]}
            """));
        using var client = CocTest.Client(mock);

        var history = await client.GetIncidentHistoryAsync(CocTest.IncidentNumber);

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(log.Requests.Single().Body), Is.EqualTo("{}"));
            Assert.That(log.Requests.Single().Header("Content-Type"), Is.EqualTo("application/json;charset=UTF-8"));
            Assert.That(history.Select(h => (h.Action, h.Status)), Is.EqualTo(new[] { ("create_incident", (IncidentStatus?)IncidentStatus.Triggered), ("accepted", IncidentStatus.Acknowledged) }));
            Assert.That(history[0].StartTime, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1741780708382)));
            Assert.That(history[0].StopTime, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1741780708390)));
            Assert.That((history[0].ActionNameZh, history[0].ActionNameEn, history[0].Operator), Is.EqualTo(("创建事件", "create incident", "u1")));
            Assert.That(history[0].EnumValues.Select(v => (v.Field, v.Key, v.NameEn)), Is.EqualTo(new[] { ("operator", "u1", "Zhang") }));
            Assert.That(history[1].StartTime, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1741780800000)));
            Assert.That((history[1].StopTime, history[1].Comment), Is.EqualTo(((DateTimeOffset?)null, "on it")));
        });
    }

    [TestCase("{}", "no data.info array")]
    [TestCase("""{"info":[null]}""", "a null row")]
    [TestCase("[]", "not an object")]
    public void A_history_of_the_wrong_shape_is_an_invalid_response(string data, string reason)
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, V2 + "/histories").Respond("application/json", Answer(data));
        using var client = CocTest.Client(mock);

        var error = Assert.ThrowsAsync<InvalidResponseException>(() => client.GetIncidentHistoryAsync(CocTest.IncidentNumber));

        Assert.That(error!.Message, Does.Contain(reason));
    }

    [Test]
    public async Task Tasks_and_history_are_reads_so_a_502_is_retried()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        var calls = 0;
        HttpResponseMessage Flaky(string data) => Interlocked.Increment(ref calls) % 2 == 1
            ? new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("""{"error_code":"APIG.0202","error_msg":"busy"}""", Encoding.UTF8, "application/json") }
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Answer(data), Encoding.UTF8, "application/json") };
        mock.When(HttpMethod.Get, V2 + "/tasks").With(log.Capture).Respond(_ => Flaky("[]"));
        mock.When(HttpMethod.Post, V2 + "/histories").With(log.Capture).Respond(_ => Flaky("""{"total":0,"info":[]}"""));
        using var client = CocTest.Client(mock);

        var tasks = await client.GetIncidentTasksAsync(CocTest.IncidentNumber);
        var history = await client.GetIncidentHistoryAsync(CocTest.IncidentNumber);

        Assert.Multiple(() =>
        {
            Assert.That((tasks.Count, history.Count), Is.EqualTo((0, 0)));
            Assert.That(log.Requests.Select(r => r.Uri.Substring(V2.Length)), Is.EqualTo(new[] { "/tasks", "/tasks", "/histories", "/histories" }));
        });
    }

    [Test]
    public async Task An_action_posts_task_id_action_and_params_exactly_and_is_not_retried()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        var calls = 0;
        mock.When(HttpMethod.Post, V2 + "/actions").With(log.Capture).Respond(_ => Interlocked.Increment(ref calls) == 1
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Ok, Encoding.UTF8, "application/json") }
            : new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("""{"error_code":"APIG.0202","error_msg":"busy"}""", Encoding.UTF8, "application/json") });
        using var client = CocTest.Client(mock);
        var confirm = new IncidentActionRequest(CocTest.IncidentNumber, "19102976566880092186683", "confirm")
        {
            Parameters = new JsonObject { ["virtual_confirm_result"] = true, ["virtual_confirm_comment"] = "已恢复 \"ok\"" },
        };

        var result = await client.ExecuteIncidentActionAsync(confirm);
        var error = Assert.ThrowsAsync<ServiceUnavailableException>(() => client.ExecuteIncidentActionAsync(new IncidentActionRequest(CocTest.IncidentNumber, new IncidentTaskOperation("1", "accepted", null, null))));

        Assert.Multiple(() =>
        {
            Assert.That(result.ErrorCode, Is.EqualTo("GOM.00000000"));
            Assert.That(Encoding.UTF8.GetString(log.Requests[0].Body), Is.EqualTo("""{"task_id":"19102976566880092186683","action":"confirm","params":{"virtual_confirm_result":true,"virtual_confirm_comment":"已恢复 \"ok\""}}"""));
            Assert.That(Encoding.UTF8.GetString(log.Requests[1].Body), Is.EqualTo("""{"task_id":"1","action":"accepted"}"""));
            Assert.That(log.Requests, Has.Count.EqualTo(2), "the 502 on the action is not retried");
            Assert.That(error!.RequestMayHaveReachedServer, Is.True);
        });
    }

    [Test]
    public void The_ticket_number_is_escaped_into_one_path_segment_and_path_changing_characters_are_refused()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.When("*").With(log.Capture).Respond("application/json", Answer("[]"));
        using var client = CocTest.Client(mock);

        Assert.Multiple(async () =>
        {
            await client.GetIncidentTasksAsync("IM 1+");
            Assert.That(log.Requests.Single().Uri, Is.EqualTo(CocTest.Endpoint + "/v2/incidents/IM%201%2B/tasks"));
            Assert.That(Assert.ThrowsAsync<RequestValidationException>(() => client.GetIncidentTasksAsync("IM/../x"))!.Errors[0].Path, Is.EqualTo("incident_num"));
            Assert.That(Assert.ThrowsAsync<RequestValidationException>(() => client.GetIncidentHistoryAsync(new string('9', 51)))!.Errors[0].Rule, Is.EqualTo(ValidationRules.MaxLength));
            Assert.That(log.Requests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void Action_requests_are_checked_at_their_limits_before_sending()
    {
        var atLimit = new IncidentActionRequest(new string('9', 50), new string('1', 100), new string('a', 100));
        var over = new IncidentActionRequest(new string('9', 51), new string('1', 101), new string('a', 101));
        var empty = new IncidentActionRequest("", "", " ");
        var deep = new JsonObject();
        var node = deep;
        for (var i = 1; i < RawIncidentParameter.MaxDepth; i++)
        {
            var child = new JsonObject();
            node["n"] = child;
            node = child;
        }

        var deepest = new IncidentActionRequest("IM1", "1", "a") { Parameters = deep };
        var tooDeep = new IncidentActionRequest("IM1", "1", "a") { Parameters = new JsonObject { ["n"] = deep.DeepClone() } };

        Assert.Multiple(() =>
        {
            Assert.That(IncidentActionRequestValidator.Validate(atLimit).Errors, Is.Empty);
            Assert.That(IncidentActionRequestValidator.Validate(over).Errors.Select(e => (e.Path, e.Rule)), Is.EqualTo(new[] { ("incident_id", "max-length"), ("task_id", "max-length"), ("action", "max-length") }));
            Assert.That(IncidentActionRequestValidator.Validate(empty).Errors.Select(e => (e.Path, e.Rule)), Is.EqualTo(new[] { ("incident_id", "required"), ("task_id", "required"), ("action", "required") }));
            Assert.That(IncidentActionRequestValidator.Validate(deepest).Errors, Is.Empty);
            Assert.That(IncidentActionRequestValidator.Validate(tooDeep).Errors.Select(e => (e.Path, e.Rule)), Is.EqualTo(new[] { ("params", "max-depth") }));
        });
    }

    [Test]
    public async Task The_wait_reads_the_tasks_until_the_action_is_offered()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Get, V2 + "/tasks").Respond("application/json", Answer("[]"));
        mock.Expect(HttpMethod.Get, V2 + "/tasks").Respond("application/json", Answer("""[{"key":"n","operations":[{"task_id":"5","key":"rejected"}]}]"""));
        mock.Expect(HttpMethod.Get, V2 + "/tasks").Respond("application/json", Answer("""[{"key":"n","operations":[{"task_id":"5","key":"rejected"},{"task_id":"5","key":"accepted"}]}]"""));
        using var client = CocTest.Client(mock, o => o.CreateReadBack.TaskPollInterval = TimeSpan.FromMilliseconds(1));

        var operation = await client.WaitForIncidentActionAsync(CocTest.IncidentNumber, "accepted", TimeSpan.FromMinutes(1));

        Assert.That((operation.TaskId, operation.Key), Is.EqualTo(("5", "accepted")));
        mock.VerifyNoOutstandingExpectation();
    }

    [Test]
    public void The_wait_gives_up_at_its_timeout_naming_what_was_offered()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, V2 + "/tasks").Respond("application/json", Answer("""[{"operations":[{"task_id":"5","key":"Accepted"}]}]"""));
        var clock = new ManualTimeProvider(CocTest.SigningTime, TimeSpan.FromSeconds(1));
        using var client = CocTest.Client(mock, o =>
        {
            o.TimeProvider = clock;
            o.CreateReadBack.TaskPollInterval = TimeSpan.FromMilliseconds(1);
        });

        var error = Assert.ThrowsAsync<TimeoutException>(() => client.WaitForIncidentActionAsync(CocTest.IncidentNumber, "accepted", TimeSpan.FromSeconds(30)));

        Assert.That(error!.Message, Is.EqualTo("The ticket " + CocTest.IncidentNumber + " did not offer the action 'accepted' within 00:00:30; it last offered 'Accepted'."));
    }

    [Test]
    public void The_wait_checks_its_arguments_and_stops_when_cancelled()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, V2 + "/tasks").Respond("application/json", Answer("[]"));
        using var client = CocTest.Client(mock, o => o.CreateReadBack.TaskPollInterval = TimeSpan.FromMilliseconds(1));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var invalid = Assert.ThrowsAsync<RequestValidationException>(() => client.WaitForIncidentActionAsync("", "", TimeSpan.FromHours(2)));
        Assert.CatchAsync<OperationCanceledException>(() => client.WaitForIncidentActionAsync(CocTest.IncidentNumber, "accepted", TimeSpan.FromHours(1), cancel.Token));

        Assert.That(invalid!.Errors.Select(e => (e.Path, e.Rule)), Is.EqualTo(new[] { ("incident_num", "required"), ("action", "required"), ("timeout", "range") }));
    }
}
