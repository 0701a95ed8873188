using System.Collections.Generic;
using System.Text.RegularExpressions;
using IncidentSdk.Validation;

namespace IncidentSdk.IntegrationTests;

/// <summary>
/// What only Zabbix 7.0 (Debian 13's 7.0.22) can show: Bearer-header auth, the removed <c>user</c> login
/// parameter, action bits 32 to 256, and the hazards the validator stops before they reach the server.
/// Without the server daemon, suppress, rank and close are recorded (acknowledge rows) but not applied.
/// </summary>
public class Zabbix70OnlyTests
{
    private ZabbixServer _server = null!;
    private JsonRpcEventClient _client = null!;

    [OneTimeSetUp]
    public void StartClient()
    {
        _server = ZabbixServer.Load("zabbix70");
        _client = new JsonRpcEventClient(_server.TokenOptions());
    }

    [OneTimeTearDown]
    public void StopClient() => _client?.Dispose();

    [Test]
    public async Task An_api_token_travels_in_the_bearer_header_and_never_in_the_auth_field()
    {
        var id = _server.NewProblems(_server.ClosableTrigger).Single();
        var recorder = new RecordingHandler();
        using var client = new JsonRpcEventClient(new HttpClient(recorder), _server.TokenOptions());

        await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([id], "via bearer"));

        var version = recorder.Requests.Single(r => r.Body["method"]!.GetValue<string>() == "apiinfo.version");
        var ack = recorder.Requests.Single(r => r.Body["method"]!.GetValue<string>() == "event.acknowledge");
        Assert.Multiple(() =>
        {
            Assert.That(version.Authorization, Is.Null, "7.0 rejects apiinfo.version with an Authorization header");
            Assert.That(version.Body.ContainsKey("auth"), Is.False);
            Assert.That(ack.Authorization, Is.EqualTo("Bearer " + _server.Token));
            Assert.That(ack.Body.ContainsKey("auth"), Is.False);
        });
    }

    [Test]
    public async Task A_password_session_logs_in_with_username_and_travels_in_the_bearer_header()
    {
        var id = _server.NewProblems(_server.ClosableTrigger).Single();
        var recorder = new RecordingHandler();
        await using (var client = new JsonRpcEventClient(new HttpClient(recorder), _server.PasswordOptions()))
        {
            await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([id]));
        }

        var login = recorder.Requests.Single(r => r.Body["method"]!.GetValue<string>() == "user.login");
        var ack = recorder.Requests.Single(r => r.Body["method"]!.GetValue<string>() == "event.acknowledge");
        var logout = recorder.Requests.Single(r => r.Body["method"]!.GetValue<string>() == "user.logout");
        Assert.Multiple(() =>
        {
            Assert.That(login.Body["params"]!.AsObject().ContainsKey("username"), Is.True);
            Assert.That(login.Body["params"]!.AsObject().ContainsKey("user"), Is.False);
            Assert.That(ack.Authorization, Does.Match("^Bearer [0-9a-f]{32}$"));
            Assert.That(ack.Body.ContainsKey("auth"), Is.False);
            Assert.That(logout.Authorization, Is.EqualTo(ack.Authorization), "DisposeAsync ends the same session");
        });
    }

    [Test]
    public async Task Recorded_difference_7_0_refuses_the_old_user_login_parameter()
    {
        var answer = await _server.RawAsync("""{"jsonrpc":"2.0","method":"user.login","params":{"user":"Admin","password":"zabbix"},"id":1}""");

        Assert.That(answer["error"]!["data"]!.GetValue<string>(), Is.EqualTo("Invalid parameter \"/\": unexpected parameter \"user\"."));
    }

    [Test]
    public async Task Suppress_until_a_time_and_indefinitely_then_unsuppress_are_recorded()
    {
        var ids = _server.NewProblems(_server.ClosableTrigger, 2);
        var until = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds());

        await _client.AcknowledgeAsync(AcknowledgeEventRequest.Suppress([ids[0]], SuppressUntil.At(until), "maintenance window"));
        await _client.AcknowledgeAsync(AcknowledgeEventRequest.Suppress([ids[1]], SuppressUntil.Indefinitely));
        var unsuppressed = await _client.AcknowledgeAsync(AcknowledgeEventRequest.Unsuppress([ids[0]]));

        var events = (await _client.GetEventsAsync(ids)).ToDictionary(e => e.EventId);
        Assert.Multiple(() =>
        {
            var first = events[ids[0]].Acknowledgements;

            // Recorded: without the server daemon the suppression is never applied, so the unsuppress is accepted
            // (the id comes back) but skipped as already in effect: no row for it.
            Assert.That(unsuppressed.EventIds, Is.EqualTo(new[] { ids[0] }));
            Assert.That(first.Select(a => a.Action), Is.EqualTo(new[] { EventAction.Suppress | EventAction.AddMessage }));
            Assert.That(first[0].SuppressUntil, Is.EqualTo(SuppressUntil.At(until)));
            Assert.That(events[ids[1]].Acknowledgements.Single().Action, Is.EqualTo(EventAction.Suppress));
            Assert.That(events[ids[1]].Acknowledgements.Single().SuppressUntil, Is.EqualTo(SuppressUntil.Indefinitely));
        });
    }

    [Test]
    public async Task Changing_rank_to_cause_and_to_symptom_is_recorded()
    {
        var ids = _server.NewProblems(_server.ClosableTrigger, 3);

        var symptoms = await _client.AcknowledgeAsync(AcknowledgeEventRequest.ChangeToSymptom([ids[1], ids[2]], ids[0]));
        var cause = await _client.AcknowledgeAsync(AcknowledgeEventRequest.ChangeToCause([ids[1]]));

        var events = (await _client.GetEventsAsync(ids)).ToDictionary(e => e.EventId);
        Assert.Multiple(() =>
        {
            Assert.That(symptoms.EventIds, Is.EquivalentTo(new[] { ids[1], ids[2] }));
            Assert.That(events[ids[1]].Acknowledgements.Single().Action, Is.EqualTo(EventAction.ChangeToSymptom));
            Assert.That(events[ids[2]].Acknowledgements.Single().Action, Is.EqualTo(EventAction.ChangeToSymptom));

            // Recorded: the daemon applies rank changes; without it the symptom change is recorded but the event stays
            // a cause, so changing it back to cause is accepted and skipped as already in effect.
            Assert.That(events[ids[1]].CauseEventId, Is.Null);
            Assert.That(cause.EventIds, Is.EqualTo(new[] { ids[1] }));
            Assert.That(events[ids[0]].Acknowledgements, Is.Empty);
        });
    }

    [TestCase(EventAction.Acknowledge | EventAction.Unacknowledge)]
    [TestCase(EventAction.Suppress | EventAction.Unsuppress)]
    [TestCase(EventAction.Close | EventAction.Suppress)]
    [TestCase(EventAction.Close | EventAction.Unsuppress)]
    [TestCase(EventAction.ChangeToCause | EventAction.ChangeToSymptom)]
    public async Task Exclusive_pairs_are_refused_before_sending(EventAction action)
    {
        var id = _server.NewProblems(_server.ClosableTrigger).Single();
        var recorder = new RecordingHandler();
        using var client = new JsonRpcEventClient(new HttpClient(recorder), _server.TokenOptions());
        var request = new AcknowledgeEventRequest(id, action)
        {
            SuppressUntil = (action & EventAction.Suppress) != 0 ? SuppressUntil.Indefinitely : null,
            CauseEventId = (action & EventAction.ChangeToSymptom) != 0 ? "1" : null,
        };

        var error = Assert.ThrowsAsync<RequestValidationException>(() => client.AcknowledgeAsync(request));

        Assert.Multiple(async () =>
        {
            Assert.That(error!.Errors.Select(e => e.Rule), Is.EqualTo(new[] { ValidationRules.Exclusive }));
            Assert.That(recorder.Count("event.acknowledge"), Is.Zero);
            Assert.That((await SingleEventAsync(id)).Acknowledgements, Is.Empty);
        });
    }

    [Test]
    public async Task Hazard_severity_bit_without_severity_the_server_resets_to_0_and_the_client_refuses()
    {
        var (ids, refused, raw) = await TheClientRefusesWhatTheServerAcceptsAsync(EventAction.ChangeSeverity, rawAction: 8);

        Assert.Multiple(async () =>
        {
            Assert.That(refused!.Errors.Single().Path, Is.EqualTo("severity"));
            Assert.That((await SingleEventAsync(ids[0])).Severity, Is.EqualTo(EventSeverity.Warning), "untouched");
            Assert.That(raw["result"], Is.Not.Null, "the server itself accepts the bit without a severity");
            Assert.That((await SingleEventAsync(ids[1])).Severity, Is.EqualTo(EventSeverity.NotClassified), "and silently resets it to 0");
        });
    }

    [Test]
    public async Task Hazard_suppress_bit_without_suppress_until_the_server_accepts_and_the_client_refuses()
    {
        var (ids, refused, raw) = await TheClientRefusesWhatTheServerAcceptsAsync(EventAction.Suppress, rawAction: 32);

        Assert.Multiple(async () =>
        {
            Assert.That(refused!.Errors.Single().Path, Is.EqualTo("suppress_until"));
            Assert.That((await SingleEventAsync(ids[0])).Acknowledgements, Is.Empty);
            Assert.That(raw["result"], Is.Not.Null, "the server itself accepts the bit without suppress_until");
        });
    }

    [Test]
    public async Task Suppress_until_the_32_bit_limit_is_stored_and_one_second_later_is_refused_before_sending()
    {
        var ids = _server.NewProblems(_server.ClosableTrigger, 3);
        var recorder = new RecordingHandler();
        using var client = new JsonRpcEventClient(new HttpClient(recorder), _server.TokenOptions());

        await client.AcknowledgeAsync(AcknowledgeEventRequest.Suppress([ids[0]], SuppressUntil.FromUnixTimeSeconds(2147483647)));
        var refused = Assert.ThrowsAsync<RequestValidationException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Suppress([ids[1]], SuppressUntil.FromUnixTimeSeconds(2147483648))));
        var farFuture = Assert.ThrowsAsync<RequestValidationException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Suppress([ids[1]], SuppressUntil.At(DateTimeOffset.MaxValue))));

        // Recorded: the server's own answer one second past the limit, and for DateTimeOffset.MaxValue.
        var raw = await _server.RawAsync($$"""{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":"{{ids[2]}}","action":32,"suppress_until":2147483648},"id":1}""", _server.Token);
        var rawFar = await _server.RawAsync($$"""{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":"{{ids[2]}}","action":32,"suppress_until":253402300799},"id":1}""", _server.Token);

        Assert.Multiple(async () =>
        {
            Assert.That((await SingleEventAsync(ids[0])).Acknowledgements.Single().SuppressUntil!.Value.UnixTimeSeconds, Is.EqualTo(2147483647), "stored and read back");
            Assert.That(refused!.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "suppress_until/range" }));
            Assert.That(farFuture!.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "suppress_until/range" }));
            Assert.That(recorder.Count("event.acknowledge"), Is.EqualTo(1), "only the valid request was sent");
            Assert.That(raw["error"]!["data"]!.GetValue<string>(), Is.EqualTo("Invalid parameter \"/suppress_until\": a timestamp is too large."));
            Assert.That(rawFar["error"]!["data"]!.GetValue<string>(), Is.EqualTo("Invalid parameter \"/suppress_until\": a timestamp is too large."));
            Assert.That((await SingleEventAsync(ids[1])).Acknowledgements, Is.Empty);
            Assert.That((await SingleEventAsync(ids[2])).Acknowledgements, Is.Empty);
        });
    }

    [Test]
    public async Task Hazard_one_bad_id_fails_the_whole_call_and_the_exception_keeps_the_ids()
    {
        var id = _server.NewProblems(_server.ClosableTrigger).Single();

        var error = Assert.ThrowsAsync<ResourceNotFoundException>(() => _client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([id, "999999997"], "batch")));

        Assert.Multiple(async () =>
        {
            Assert.That(error!.Error.Operation, Is.EqualTo("event.acknowledge"));
            Assert.That(error.Error.Targets, Is.EqualTo(new[] { id, "999999997" }));
            Assert.That(error.Message, Does.Contain($"ids {id}, 999999997"));
            Assert.That((await SingleEventAsync(id)).Acknowledgements, Is.Empty);
        });
    }

    /// <summary>
    /// On two new problems: the client asked to send <paramref name="action"/> alone on the first (refused before
    /// sending), and <paramref name="rawAction"/>, the same bit, sent raw to the server on the second.
    /// </summary>
    private async Task<(IReadOnlyList<string> Ids, RequestValidationException? Refused, JsonNode Raw)> TheClientRefusesWhatTheServerAcceptsAsync(EventAction action, int rawAction)
    {
        var ids = _server.NewProblems(_server.ClosableTrigger, 2);
        var refused = Assert.ThrowsAsync<RequestValidationException>(() => _client.AcknowledgeAsync(new AcknowledgeEventRequest(ids[0], action)));
        var raw = await _server.RawAsync($$"""{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":"{{ids[1]}}","action":{{rawAction}}},"id":1}""", _server.Token);
        return (ids, refused, raw);
    }

    private async Task<ZabbixEvent> SingleEventAsync(string id) => (await _client.GetEventsAsync([id])).Single();
}
