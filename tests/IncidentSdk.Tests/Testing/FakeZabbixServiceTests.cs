using System.Text.Json.Nodes;
using IncidentSdk.Testing;
using static IncidentSdk.Tests.Testing.FakeZabbixClients;

namespace IncidentSdk.Tests.Testing;

/// <summary>The real <see cref="JsonRpcEventClient"/> against <see cref="FakeZabbixService"/>, and raw calls for what the client would never send.</summary>
public class FakeZabbixServiceTests
{
    private const string Password = "zabbix-password";

    [TestCase("6.0.14", true)]
    [TestCase("7.0.22", false)]
    public async Task An_api_token_travels_in_the_transport_of_the_version(string version, bool inAuthField)
    {
        var fake = new FakeZabbixService(version);
        var token = fake.AddToken();
        var id = fake.AddProblem();
        using var client = new JsonRpcEventClient(new HttpClient(fake), Options(o => o.ApiToken = token));

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([id], "on it"));

        var calls = fake.Requests;
        Assert.Multiple(() =>
        {
            Assert.That(result.EventIds, Is.EqualTo(new[] { id }));
            Assert.That(calls.Select(c => c.Method), Is.EqualTo(new[] { "apiinfo.version", "event.acknowledge" }));
            Assert.That(calls.Select(c => c.ErrorCode), Is.All.Null);
            Assert.That(Json(calls[0].Body).ContainsKey("auth"), Is.False);
            Assert.That(Json(calls[1].Body).ContainsKey("auth"), Is.EqualTo(inAuthField));
            Assert.That(fake.GetEvent(id)!.IsAcknowledged, Is.True);
        });
    }

    [Test]
    public async Task From_7_2_only_the_bearer_header_works_and_the_auth_field_is_an_invalid_request()
    {
        var fake = new FakeZabbixService("7.2.3");
        var token = fake.AddToken();
        var id = fake.AddProblem();
        using var client = new JsonRpcEventClient(new HttpClient(fake), Options(o => o.ApiToken = token));

        await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([id]));
        var raw = await RawTextAsync(fake, $$"""{"jsonrpc":"2.0","method":"event.get","params":{},"auth":"{{token}}","id":1}""");

        Assert.That(raw, Is.EqualTo("""{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid request.","data":"Invalid parameter \"/\": unexpected parameter \"auth\"."},"id":1}"""));
    }

    [TestCase("6.0.14")]
    [TestCase("7.0.22")]
    public async Task A_password_client_logs_in_with_username_and_logs_out_on_dispose(string version)
    {
        var fake = new FakeZabbixService(version);
        fake.AddUser("Admin", Password);
        var id = fake.AddProblem();
        var client = AdminClient(fake, Password);

        await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage([id], "via session"));
        var openWhileInUse = fake.OpenSessions;
        await client.DisposeAsync();

        var calls = fake.Requests;
        Assert.Multiple(() =>
        {
            Assert.That(calls.Select(c => c.Method), Is.EqualTo(new[] { "apiinfo.version", "user.login", "event.acknowledge", "user.logout" }));
            Assert.That(calls.Select(c => c.ErrorCode), Is.All.Null);
            Assert.That(Json(calls[1].Body)["params"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "username", "password" }));
            Assert.That(openWhileInUse, Is.EqualTo(1));
            Assert.That(fake.OpenSessions, Is.Zero);
            Assert.That(fake.GetEvent(id)!.Acknowledges.Single().Message, Is.EqualTo("via session"));
        });
    }

    [TestCase("6.0.14")]
    [TestCase("7.0.22")]
    public async Task An_ended_session_costs_exactly_one_new_login(string version)
    {
        var fake = new FakeZabbixService(version);
        fake.AddUser("Admin", Password);
        var ids = new[] { fake.AddProblem(), fake.AddProblem() };
        await using var client = AdminClient(fake, Password);
        await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([ids[0]]));

        fake.EndSessions();
        await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([ids[1]], "after re-login"));

        var calls = fake.Requests;
        Assert.Multiple(() =>
        {
            Assert.That(calls.Count(c => c.Method == "user.login"), Is.EqualTo(2));
            Assert.That(calls.Skip(3).Select(c => (c.Method, c.ErrorCode)), Is.EqualTo(new (string, int?)[] { ("event.acknowledge", -32602), ("user.login", null), ("event.acknowledge", null) }));
            Assert.That(fake.GetEvent(ids[1])!.Acknowledges.Single().Message, Is.EqualTo("after re-login"));
        });
    }

    [Test]
    public async Task A_removed_token_is_refused_as_not_authorized()
    {
        var fake = new FakeZabbixService();
        var token = fake.AddToken();
        var ids = new[] { fake.AddProblem(), fake.AddProblem() };
        using var client = new JsonRpcEventClient(new HttpClient(fake), Options(o => o.ApiToken = token));
        await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([ids[0]]));

        var removed = fake.RemoveToken(token);
        var error = Assert.ThrowsAsync<AuthenticationFailedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([ids[1]])));

        Assert.Multiple(() =>
        {
            Assert.That(token, Does.Match("^[0-9a-f]{64}$"));
            Assert.That(removed, Is.True);
            Assert.That(fake.RemoveToken(token), Is.False);
            Assert.That(error!.ErrorCode, Is.EqualTo("-32602"));
            Assert.That(error.ErrorData, Is.EqualTo("Not authorized."));
            Assert.That(fake.GetEvent(ids[1])!.IsAcknowledged, Is.False);
            Assert.That(fake.Requests.Select(r => r.ErrorCode), Is.EqualTo(new int?[] { null, null, -32602 }));
        });
    }

    [TestCase("6.0.14", "-32602")]
    [TestCase("7.0.22", "-32500")]
    public void An_unknown_user_gets_the_versions_error_code(string version, string code)
    {
        var fake = new FakeZabbixService(version);
        using var client = new JsonRpcEventClient(new HttpClient(fake), Options(o => { o.Username = "nobody"; o.Password = "wrong"; }));

        var error = Assert.ThrowsAsync<AuthenticationFailedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"])));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(code));
            Assert.That(error.ErrorData, Is.EqualTo("Incorrect user name or password or account is temporarily blocked."));
            Assert.That(error.Error.Operation, Is.EqualTo("user.login"));
        });
    }

    [TestCase("6.0.14")]
    [TestCase("7.0.22")]
    public void An_unknown_event_among_known_ones_fails_the_whole_call(string version)
    {
        var fake = new FakeZabbixService(version);
        var token = fake.AddToken();
        var id = fake.AddProblem();
        using var client = new JsonRpcEventClient(new HttpClient(fake), Options(o => o.ApiToken = token));

        var error = Assert.ThrowsAsync<ResourceNotFoundException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([id, "999999"], "batch")));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo("-32500"));
            Assert.That(error.ErrorMessage, Is.EqualTo("Application error."));
            Assert.That(error.ErrorData, Is.EqualTo("No permissions to referred object or it does not exist!"));
            Assert.That(fake.GetEvent(id)!.Acknowledges, Is.Empty);
            Assert.That(fake.GetEvent(id)!.IsAcknowledged, Is.False);
        });
    }

    [TestCase("6.0.14", 18, "Incorrect value for field \\\"action\\\": value must be one of 2, 16.")]
    [TestCase("6.0.14", 32, "Incorrect value for field \\\"action\\\": unexpected value \\\"32\\\".")]
    [TestCase("6.0.14", 8, "Incorrect value for field \\\"severity\\\": unexpected value \\\"\\\".")]
    [TestCase("6.0.14", 4, "Incorrect value for field \\\"message\\\": cannot be empty.")]
    [TestCase("7.0.22", 96, "Incorrect value for field \\\"action\\\": value must be one of 32, 64.")]
    [TestCase("7.0.22", 65, "Incorrect value for field \\\"action\\\": value must be one of 1, 64.")]
    [TestCase("7.0.22", 512, "Incorrect value for field \\\"action\\\": unexpected value \\\"512\\\".")]
    [TestCase("7.0.22", 256, "Invalid parameter \\\"/\\\": the parameter \\\"cause_eventid\\\" is missing.")]
    public async Task The_server_rules_of_each_version_refuse_a_raw_acknowledge(string version, int action, string data)
    {
        var fake = new FakeZabbixService(version);
        var token = fake.AddToken();
        var id = fake.AddProblem();

        var answer = await RawTextAsync(fake, $$"""{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":"{{id}}","action":{{action}}},"auth":"{{token}}","id":7}""");

        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo($$"""{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params.","data":"{{data}}"},"id":7}"""));
            Assert.That(fake.GetEvent(id)!.Acknowledges, Is.Empty);
        });
    }

    [Test]
    public async Task The_7_0_fake_stores_suppress_until_up_to_the_32_bit_limit_and_refuses_more_as_the_server_does()
    {
        var fake = new FakeZabbixService("7.0.22");
        var token = fake.AddToken();
        var ids = new[] { fake.AddProblem(), fake.AddProblem() };

        var latest = await RawAsync(fake, $$"""{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":"{{ids[0]}}","action":32,"suppress_until":2147483647},"auth":"{{token}}","id":1}""");
        var past = await RawAsync(fake, $$"""{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":"{{ids[1]}}","action":32,"suppress_until":2147483648},"auth":"{{token}}","id":1}""");

        Assert.Multiple(() =>
        {
            Assert.That(latest["result"], Is.Not.Null);
            Assert.That(fake.GetEvent(ids[0])!.Acknowledges.Single().Action, Is.EqualTo(EventAction.Suppress));
            Assert.That(fake.GetEvent(ids[0])!.SuppressedUntil, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(2147483647)));
            Assert.That(past["error"]!["data"]!.GetValue<string>(), Is.EqualTo("Invalid parameter \"/suppress_until\": a timestamp is too large."));
            Assert.That(fake.GetEvent(ids[1])!.Acknowledges, Is.Empty);
        });
    }

    [TestCase("6.0.14")]
    [TestCase("7.0.22")]
    public async Task The_fake_counts_message_characters_in_code_points_as_both_servers_do(string version)
    {
        var fake = new FakeZabbixService(version);
        var token = fake.AddToken();
        var ids = new[] { fake.AddProblem(), fake.AddProblem() };
        var emoji2048 = string.Concat(Enumerable.Repeat("\U0001F600", 2048));

        var stored = await RawAsync(fake, $$"""{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":"{{ids[0]}}","action":4,"message":"{{emoji2048}}"},"auth":"{{token}}","id":1}""");
        var refused = await RawAsync(fake, $$"""{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":"{{ids[1]}}","action":4,"message":"{{emoji2048}}x"},"auth":"{{token}}","id":1}""");

        Assert.Multiple(() =>
        {
            Assert.That(stored["result"], Is.Not.Null);
            Assert.That(fake.GetEvent(ids[0])!.Acknowledges.Single().Message, Is.EqualTo(emoji2048));
            Assert.That(refused["error"], Is.Not.Null);
            Assert.That(fake.GetEvent(ids[1])!.Acknowledges, Is.Empty);
        });
    }

    [Test]
    public async Task Differences_between_6_0_and_7_0_for_what_the_client_would_refuse()
    {
        var old = new FakeZabbixService("6.0.14");
        var oldToken = old.AddToken();
        var oldId = old.AddProblem(EventSeverity.Warning);
        var current = new FakeZabbixService("7.0.22");
        var token = current.AddToken();
        var id = current.AddProblem(EventSeverity.Warning);
        var longMessage = new string('x', 2049);

        var oldTooLong = await RawAsync(old, $$"""{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":"{{oldId}}","action":4,"message":"{{longMessage}}"},"auth":"{{oldToken}}","id":1}""");
        var oldExtra = await RawAsync(old, $$"""{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":"{{oldId}}","action":2,"bogus":1},"auth":"{{oldToken}}","id":1}""");
        var tooLong = await RawAsync(current, $$"""{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":"{{id}}","action":4,"message":"{{longMessage}}"},"auth":"{{token}}","id":1}""");
        var extra = await RawAsync(current, $$"""{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":"{{id}}","action":2,"bogus":1},"auth":"{{token}}","id":1}""");
        var severityReset = await RawAsync(current, $$"""{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":"{{id}}","action":8},"auth":"{{token}}","id":1}""");

        Assert.Multiple(() =>
        {
            Assert.That(oldTooLong["error"]!["code"]!.GetValue<int>(), Is.EqualTo(-32500));
            Assert.That(oldTooLong["error"]!["data"]!.GetValue<string>(), Is.EqualTo($"Value \"{longMessage}\" is too long for field \"message\" - 2049 characters. Allowed length is 2048 characters."));
            Assert.That(oldExtra["result"]!.ToJsonString(), Is.EqualTo($$"""{"eventids":[{{oldId}}]}"""), "6.0 ignores extra parameters");
            Assert.That(tooLong["error"]!["data"]!.GetValue<string>(), Is.EqualTo("Invalid parameter \"/message\": value is too long."));
            Assert.That(extra["error"]!["data"]!.GetValue<string>(), Is.EqualTo("Invalid parameter \"/\": unexpected parameter \"bogus\"."));
            Assert.That(severityReset["result"], Is.Not.Null, "7.0 takes bit 8 without a severity");
            Assert.That(current.GetEvent(id)!.Severity, Is.EqualTo(EventSeverity.NotClassified), "and resets the severity to 0");
        });
    }

    [Test]
    public async Task Event_ids_are_numbers_by_default_strings_on_request_and_strings_to_the_client_either_way()
    {
        var fake = new FakeZabbixService("7.0.22");
        var token = fake.AddToken();
        var ids = new[] { fake.AddProblem(), fake.AddProblem() };
        using var client = new JsonRpcEventClient(new HttpClient(fake), Options(o => o.ApiToken = token));

        var numbers = await RawAsync(fake, $$"""{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":["{{ids[0]}}","{{ids[0]}}"],"action":2},"id":1}""", token);
        fake.AnswersEventIdsAsStrings = true;
        var strings = await RawAsync(fake, $$"""{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":{{ids[1]}},"action":2},"id":1}""", token);
        var viaClient = await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(ids));

        Assert.Multiple(() =>
        {
            Assert.That(numbers["result"]!.ToJsonString(), Is.EqualTo($$"""{"eventids":[{{ids[0]}}]}"""), "duplicates collapse; ids are numbers");
            Assert.That(strings["result"]!.ToJsonString(), Is.EqualTo($$"""{"eventids":["{{ids[1]}}"]}"""));
            Assert.That(viaClient.EventIds, Is.EqualTo(ids));
        });
    }

    [Test]
    public async Task Event_get_reads_back_what_acknowledge_recorded()
    {
        var fake = new FakeZabbixService("7.0.22");
        var token = fake.AddToken();
        var ids = new[] { fake.AddProblem(EventSeverity.Warning), fake.AddProblem(), fake.AddProblem() };
        using var client = new JsonRpcEventClient(new HttpClient(fake), Options(o => o.ApiToken = token));

        await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([ids[0]], "first"));
        await client.AcknowledgeAsync(AcknowledgeEventRequest.ChangeSeverity([ids[0]], EventSeverity.High));
        await client.AcknowledgeAsync(AcknowledgeEventRequest.Suppress([ids[1]], SuppressUntil.Indefinitely));
        await client.AcknowledgeAsync(AcknowledgeEventRequest.ChangeToSymptom([ids[2]], ids[0]));
        var events = (await client.GetEventsAsync(ids)).ToDictionary(e => e.EventId);

        Assert.Multiple(() =>
        {
            var first = events[ids[0]];
            Assert.That(first.IsAcknowledged, Is.True);
            Assert.That(first.Severity, Is.EqualTo(EventSeverity.High));
            Assert.That(first.Acknowledgements.Select(a => a.Action), Is.EqualTo(new[] { EventAction.ChangeSeverity, EventAction.Acknowledge | EventAction.AddMessage }), "newest first, as the server lists them");
            Assert.That(first.Acknowledgements[0].OldSeverity, Is.EqualTo(EventSeverity.Warning));
            Assert.That(first.Acknowledgements[0].NewSeverity, Is.EqualTo(EventSeverity.High));
            Assert.That(first.Acknowledgements[1].Message, Is.EqualTo("first"));
            Assert.That(first.Acknowledgements[1].UserId, Is.EqualTo("1"));
            Assert.That(events[ids[1]].IsSuppressed, Is.True);
            Assert.That(events[ids[1]].Acknowledgements.Single().SuppressUntil, Is.EqualTo(SuppressUntil.Indefinitely));
            Assert.That(fake.GetEvent(ids[1])!.SuppressedUntil, Is.EqualTo(DateTimeOffset.MaxValue));
            Assert.That(events[ids[2]].CauseEventId, Is.EqualTo(ids[0]));
            Assert.That(events[ids[0]].CauseEventId, Is.Null);
        });
    }

    [Test]
    public async Task A_lost_response_to_a_message_is_checked_with_event_get_and_not_recorded_twice()
    {
        // One clock for both sides, standing still: the call, its row and the read-back share a second.
        var clock = new IncidentSdk.Tests.Support.ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, 500, TimeSpan.Zero));
        var fake = new FakeZabbixService("6.0.14", clock);
        var token = fake.AddToken();
        var id = fake.AddProblem();
        using var client = new JsonRpcEventClient(new HttpClient(fake), Options(o =>
        {
            o.ApiToken = token;
            o.TimeProvider = clock;
        }));
        await client.GetServerVersionAsync();
        fake.Failures.LoseNextResponse();

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage([id], "exactly once"));

        Assert.Multiple(() =>
        {
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.True);
            Assert.That(fake.Requests.Skip(1).Select(c => (c.Method, c.ResponseLost)), Is.EqualTo(new[] { ("event.acknowledge", true), ("user.checkAuthentication", false), ("event.get", false) }));
            Assert.That(fake.GetEvent(id)!.Acknowledges.Select(a => (a.Message, a.UserId)), Is.EqualTo(new[] { ("exactly once", "1") }));
        });
    }

    [Test]
    public async Task An_injected_503_before_an_idempotent_acknowledge_is_retried()
    {
        var fake = new FakeZabbixService("7.0.22");
        var token = fake.AddToken();
        var id = fake.AddProblem();
        using var client = new JsonRpcEventClient(new HttpClient(fake), Options(o => { o.ApiToken = token; o.ServerVersion = "7.0.22"; }));
        fake.Failures.RespondNext(HttpStatusCode.ServiceUnavailable, "busy", contentType: "text/plain");

        await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([id]));

        Assert.Multiple(() =>
        {
            Assert.That(fake.Requests.Select(c => (c.Method, c.StatusCode)), Is.EqualTo(new[] { ("event.acknowledge", 503), ("event.acknowledge", 200) }));
            Assert.That(fake.GetEvent(id)!.Acknowledges, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Transport_and_envelope_errors_are_the_servers()
    {
        var fake = new FakeZabbixService("6.0.14");
        var token = fake.AddToken();
        using var http = new HttpClient(fake);

        using var plain = await http.PostAsync(FakeZabbixService.Endpoint, new StringContent("""{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":1}""", Encoding.UTF8, "text/plain"));
        var versionWithAuth = await RawAsync(fake, $$"""{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"auth":"{{token}}","id":1}""");
        var unknownMethod = await RawTextAsync(fake, """{"jsonrpc":"2.0","method":"event.nope","params":{},"id":2}""");
        var notJson = await RawTextAsync(fake, "not json");
        var endedSession = await RawAsync(fake, """{"jsonrpc":"2.0","method":"event.get","params":{},"auth":"0123456789abcdef0123456789abcdef","id":3}""");
        var tokenLogout = await RawAsync(fake, $$"""{"jsonrpc":"2.0","method":"user.logout","params":[],"auth":"{{token}}","id":4}""");

        Assert.Multiple(async () =>
        {
            Assert.That(plain.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
            Assert.That(await plain.Content.ReadAsByteArrayAsync(), Is.Empty);
            Assert.That(versionWithAuth["error"]!["data"]!.GetValue<string>(), Is.EqualTo("The \"apiinfo.version\" method must be called without the \"auth\" parameter."));
            Assert.That(unknownMethod, Is.EqualTo("""{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found.","data":"Incorrect method \"event.nope\"."},"id":2}"""));
            Assert.That(notJson, Is.EqualTo("""{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error","data":"Invalid JSON. An error occurred on the server while parsing the JSON text."},"id":null}"""));
            Assert.That(endedSession["error"]!["data"]!.GetValue<string>(), Is.EqualTo("Session terminated, re-login, please."));
            Assert.That(tokenLogout["error"]!["code"]!.GetValue<int>(), Is.EqualTo(-32500));
            Assert.That(fake.Requests.Select(c => c.StatusCode), Is.EqualTo(new[] { 412, 200, 200, 200, 200, 200 }));
        });
    }

    private static JsonObject Json(string body) => JsonNode.Parse(body)!.AsObject();

    [TestCase("6.0.13", false)]
    [TestCase("6.0.14", true)]
    [TestCase("6.2.9", false)]
    [TestCase("6.4.0", false)]
    [TestCase("6.4.1", true)]
    [TestCase("7.0.22", true)]
    public async Task User_check_authentication_names_the_user_of_a_session_and_of_a_token_from_6_0_14_and_6_4_1(string version, bool takesToken)
    {
        var clock = new IncidentSdk.Tests.Support.ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, 700, TimeSpan.Zero));
        var fake = new FakeZabbixService(version, clock);
        var token = fake.AddToken();
        fake.AddUser("operator", Password);
        var session = (await RawAsync(fake, $$"""{"jsonrpc":"2.0","method":"user.login","params":{"username":"operator","password":"{{Password}}"},"id":1}"""))["result"]!.GetValue<string>();

        var bySession = await RawAsync(fake, $$"""{"jsonrpc":"2.0","method":"user.checkAuthentication","params":{"sessionid":"{{session}}","extend":false},"id":2}""");
        var byToken = await RawAsync(fake, $$"""{"jsonrpc":"2.0","method":"user.checkAuthentication","params":{"token":"{{token}}"},"id":3}""");
        var withAuth = await RawAsync(fake, $$"""{"jsonrpc":"2.0","method":"user.checkAuthentication","params":{"sessionid":"{{session}}"},"auth":"{{session}}","id":4}""");
        using var http = new HttpClient(fake, disposeHandler: false);
        using var dated = await http.PostAsync(FakeZabbixService.Endpoint, new StringContent("""{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":5}""", Encoding.UTF8, "application/json-rpc"));

        Assert.Multiple(() =>
        {
            Assert.That(bySession["result"]!["userid"]!.GetValue<string>(), Is.EqualTo("2"));
            Assert.That(byToken["result"]?["userid"]?.GetValue<string>(), Is.EqualTo(takesToken ? "1" : null));
            Assert.That(byToken["error"]?["data"]?.GetValue<string>(), Is.EqualTo(takesToken ? null : "Invalid parameter \"/\": unexpected parameter \"token\"."));
            Assert.That(withAuth["error"]!["data"]!.GetValue<string>(), Is.EqualTo("The \"user.checkAuthentication\" method must be called without the \"auth\" parameter."));
            Assert.That(dated.Headers.Date, Is.EqualTo(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero)), "the fake's current second");
        });
    }

    private static async Task<JsonNode> RawAsync(FakeZabbixService fake, string body, string? bearer = null) =>
        JsonNode.Parse(await RawTextAsync(fake, body, bearer))!;

    private static async Task<string> RawTextAsync(FakeZabbixService fake, string body, string? bearer = null)
    {
        using var http = new HttpClient(fake, disposeHandler: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, FakeZabbixService.Endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json-rpc") };
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        }

        using var response = await http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }
}
