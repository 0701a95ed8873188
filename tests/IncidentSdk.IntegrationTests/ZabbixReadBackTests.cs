using System.Security.Cryptography;

namespace IncidentSdk.IntegrationTests;

/// <summary>
/// The read-back after a message-adding call failed ambiguously, against each real server: a message counts as this
/// call's only when this token's or session's user recorded it, in or after the second the call was sent by the
/// server's clock. A second user with read access to the CI host group is created for the fixture and deleted after.
/// </summary>
[TestFixture("zabbix60")]
[TestFixture("zabbix70")]
public class ZabbixReadBackTests(string serverName)
{
    private const string AdminUserId = "1";

    private ZabbixServer _server = null!;
    private JsonRpcEventClient _client = null!;
    private string _adminSession = null!;
    private string? _groupId;
    private string? _otherUserId;
    private string _otherUsername = null!;
    private string _otherPassword = null!;

    private bool Is60 => _server.Version.StartsWith("6.", StringComparison.Ordinal);

    [OneTimeSetUp]
    public async Task StartClientAndCreateAnotherUser()
    {
        _server = ZabbixServer.Load(serverName);
        _client = new JsonRpcEventClient(_server.TokenOptions());
        _adminSession = (await CallAsync("user.login", new JsonObject { ["username"] = _server.User, ["password"] = _server.Password }, null))!.GetValue<string>();
        var hostGroup = (await CallAsync("hostgroup.get", new JsonObject { ["output"] = new JsonArray("groupid"), ["filter"] = new JsonObject { ["name"] = new JsonArray("IncidentSdk CI") } }, _adminSession))![0]!["groupid"]!.GetValue<string>();
        var suffix = RandomNumberGenerator.GetHexString(8, lowercase: true);
        var rights = new JsonArray(new JsonObject { ["permission"] = 2, ["id"] = hostGroup });

        // 7.0 renamed the user group's "rights" to "hostgroup_rights" (read access is enough to acknowledge and comment).
        _groupId = (await CallAsync("usergroup.create", new JsonObject { ["name"] = "incidentsdk-readback-" + suffix, [Is60 ? "rights" : "hostgroup_rights"] = rights }, _adminSession))!["usrgrpids"]![0]!.GetValue<string>();
        _otherUsername = "incidentsdk-operator-" + suffix;
        _otherPassword = "Op-" + RandomNumberGenerator.GetHexString(24, lowercase: true);
        _otherUserId = (await CallAsync("user.create", new JsonObject
        {
            ["username"] = _otherUsername,
            ["passwd"] = _otherPassword,
            ["roleid"] = "1",
            ["usrgrps"] = new JsonArray(new JsonObject { ["usrgrpid"] = _groupId }),
        }, _adminSession))!["userids"]![0]!.GetValue<string>();
    }

    [OneTimeTearDown]
    public async Task StopClientAndDeleteTheOtherUser()
    {
        _client?.Dispose();
        if (_otherUserId is not null)
        {
            await CallAsync("user.delete", new JsonArray(_otherUserId), _adminSession);
        }

        if (_groupId is not null)
        {
            await CallAsync("usergroup.delete", new JsonArray(_groupId), _adminSession);
        }

        await CallAsync("user.logout", new JsonArray(), _adminSession);
    }

    [Test]
    public async Task A_request_lost_before_zabbix_is_resent_although_the_same_user_posted_the_same_text_10_s_earlier()
    {
        var id = _server.NewProblems(_server.ClosableTrigger).Single();
        await _client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage([id], "disk replaced on db-01"));
        await Task.Delay(TimeSpan.FromSeconds(10));
        var dropping = new FirstCallLossHandler("event.acknowledge", Loss.Request);
        using var client = new JsonRpcEventClient(new HttpClient(dropping), _server.TokenOptions());

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage([id], "disk replaced on db-01"));

        var rows = (await SingleEventAsync(id)).Acknowledgements;
        Assert.Multiple(() =>
        {
            Assert.That(result.EventIds, Is.EqualTo(new[] { id }));
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.True);
            Assert.That(dropping.Sent, Is.EqualTo(2), "the dropped request and the resend");
            Assert.That(rows.Select(r => (r.Message, r.UserId)), Is.EqualTo(new[] { ("disk replaced on db-01", AdminUserId), ("disk replaced on db-01", AdminUserId) }));
            Assert.That(rows[0].Time - rows[1].Time, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(10)), "newest first, 10 s apart");
        });
    }

    [Test]
    public async Task The_same_text_just_posted_by_another_user_is_not_taken_for_this_calls_message()
    {
        var id = _server.NewProblems(_server.ClosableTrigger).Single();
        await PostAsOtherUserAsync(id, "failover to db-02 done");
        var dropping = new FirstCallLossHandler("event.acknowledge", Loss.Request);
        using var client = new JsonRpcEventClient(new HttpClient(dropping), _server.TokenOptions());

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage([id], "failover to db-02 done"));

        var rows = (await SingleEventAsync(id)).Acknowledgements;
        Assert.Multiple(() =>
        {
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.True);
            Assert.That(dropping.Sent, Is.EqualTo(2), "resent: the other user's message is not this call's");
            Assert.That(rows.Select(r => (r.Message, r.UserId)).OrderBy(r => r.UserId, StringComparer.Ordinal), Is.EqualTo(new[] { ("failover to db-02 done", AdminUserId), ("failover to db-02 done", _otherUserId) }));
        });
    }

    [Test]
    public async Task A_response_lost_after_the_message_was_recorded_is_success_with_one_row([Values] bool passwordSession)
    {
        var id = _server.NewProblems(_server.ClosableTrigger).Single();
        var lossy = new FirstCallLossHandler("event.acknowledge", Loss.Response);
        await using var client = new JsonRpcEventClient(new HttpClient(lossy), passwordSession ? _server.PasswordOptions() : _server.TokenOptions());

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage([id], "recorded exactly once"));

        var rows = (await SingleEventAsync(id)).Acknowledgements;
        Assert.Multiple(() =>
        {
            Assert.That(result.EventIds, Is.EqualTo(new[] { id }));
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.True);
            Assert.That(lossy.Sent, Is.EqualTo(1), "the check found this call's message, so nothing was resent");
            Assert.That(rows.Select(r => (r.Message, r.UserId)), Is.EqualTo(new[] { ("recorded exactly once", AdminUserId) }));
        });
    }

    [Test]
    public async Task A_response_lost_after_the_message_was_recorded_is_told_from_another_users_same_text()
    {
        var id = _server.NewProblems(_server.ClosableTrigger).Single();
        await PostAsOtherUserAsync(id, "rebooted");
        var lossy = new FirstCallLossHandler("event.acknowledge", Loss.Response);
        using var client = new JsonRpcEventClient(new HttpClient(lossy), _server.TokenOptions());

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage([id], "rebooted"));

        Assert.Multiple(async () =>
        {
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.True);
            Assert.That(lossy.Sent, Is.EqualTo(1));
            Assert.That((await SingleEventAsync(id)).Acknowledgements, Has.Count.EqualTo(2));
        });
    }

    private async Task PostAsOtherUserAsync(string eventId, string message)
    {
        var session = (await CallAsync("user.login", new JsonObject { ["username"] = _otherUsername, ["password"] = _otherPassword }, null))!.GetValue<string>();
        await CallAsync("event.acknowledge", new JsonObject { ["eventids"] = new JsonArray(eventId), ["action"] = 4, ["message"] = message }, session);
        await CallAsync("user.logout", new JsonArray(), session);
    }

    /// <summary>Calls the API directly (the <c>auth</c> field on 6.0, the Bearer header on 7.0) and returns the result; an error fails the test.</summary>
    private async Task<JsonNode?> CallAsync(string method, JsonNode parameters, string? credential)
    {
        var envelope = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters, ["id"] = 1 };
        if (credential is not null && Is60)
        {
            envelope["auth"] = credential;
        }

        var answer = await _server.RawAsync(envelope.ToJsonString(), credential is not null && !Is60 ? credential : null);
        Assert.That(answer["error"], Is.Null, () => method + ": " + answer.ToJsonString());
        return answer["result"]?.DeepClone();
    }

    private async Task<ZabbixEvent> SingleEventAsync(string id) => (await _client.GetEventsAsync([id])).Single();
}
