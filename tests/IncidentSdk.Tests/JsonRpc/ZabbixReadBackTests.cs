namespace IncidentSdk.Tests.JsonRpc;

/// <summary>
/// After a message-adding call fails ambiguously, the read-back claims only this call's message (the session's or
/// token's user, recorded in or after the second the call was sent by the server's clock), resends only where the
/// message is proven absent, and reports the rest as unknown. Time is virtual: each request takes 5 ms each way and
/// the server's Date header and recorded times follow its own clock.
/// </summary>
public class ZabbixReadBackTests
{
    private const string Text = "disk replaced on db-01";

    /// <summary>Local clock start: 300 ms into a second.</summary>
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, 300, TimeSpan.Zero);

    private VirtualTimeProvider _clock = null!;
    private ClockedZabbix _zabbix = null!;

    [SetUp]
    public void CreateServer()
    {
        _clock = new VirtualTimeProvider(Start);
        _zabbix = new ClockedZabbix(_clock);
    }

    [TearDown]
    public void DisposeServer() => _zabbix.Dispose();

    [Test]
    public async Task A_lost_request_is_resent_although_the_same_user_posted_the_same_text_10_s_earlier()
    {
        using var client = Client();
        await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], Text));
        _clock.Advance(TimeSpan.FromSeconds(10));
        _zabbix.FailNextAcknowledge("lose-request");

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], Text));

        Assert.Multiple(() =>
        {
            Assert.That(result.EventIds, Is.EqualTo(new[] { "1" }));
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.True);
            Assert.That(_zabbix.Calls("event.acknowledge"), Is.EqualTo(3), "the first message, the lost request, the resend");
            Assert.That(_zabbix.Calls("event.get"), Is.EqualTo(1));
            Assert.That(_zabbix.Messages("1"), Is.EqualTo(new[] { (Text, "1"), (Text, "1") }));
        });
    }

    [Test]
    public async Task A_lost_response_after_the_message_was_recorded_is_success_without_a_resend()
    {
        using var client = Client();
        _zabbix.FailNextAcknowledge("lose-response");

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], Text));

        Assert.Multiple(() =>
        {
            Assert.That(result.EventIds, Is.EqualTo(new[] { "1" }));
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.True);
            Assert.That(_zabbix.Calls("event.acknowledge"), Is.EqualTo(1));
            Assert.That(_zabbix.Calls("user.checkAuthentication"), Is.EqualTo(1));
            Assert.That(_zabbix.Messages("1"), Is.EqualTo(new[] { (Text, "1") }));
        });
    }

    [Test]
    public async Task The_same_text_just_posted_by_another_user_is_not_taken_for_this_calls_message()
    {
        using var client = Client();
        await client.GetServerVersionAsync();
        _zabbix.AddRow("1", Text, userId: "7", _zabbix.ServerNow);
        _zabbix.FailNextAcknowledge("lose-request");

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], Text));

        Assert.Multiple(() =>
        {
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.True);
            Assert.That(_zabbix.Calls("event.acknowledge"), Is.EqualTo(2), "resent");
            Assert.That(_zabbix.Messages("1"), Is.EqualTo(new[] { (Text, "7"), (Text, "1") }));
        });
    }

    [Test]
    public void A_lost_request_in_the_same_second_as_this_clients_identical_message_is_unknown_not_claimed()
    {
        // Zabbix stamps both in the same second: the row may be the earlier call's or this one's.
        using var client = Client();
        client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], Text)).GetAwaiter().GetResult();
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        _zabbix.FailNextAcknowledge("lose-request");

        var error = Assert.ThrowsAsync<MessageNotConfirmedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], Text)));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Outcomes["1"], Is.EqualTo(MessageOutcome.Unknown));
            Assert.That(_zabbix.Calls("event.acknowledge"), Is.EqualTo(2), "not resent");
            Assert.That(_zabbix.Messages("1"), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_lost_response_in_the_same_second_as_this_clients_identical_message_is_told_apart_by_counting()
    {
        // Two rows in the send's second and one earlier identical call from this client: one row is this call's.
        using var client = Client();
        await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], Text));
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        _zabbix.FailNextAcknowledge("lose-response");

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], Text));

        Assert.Multiple(() =>
        {
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.True);
            Assert.That(_zabbix.Calls("event.acknowledge"), Is.EqualTo(2), "not resent");
            Assert.That(_zabbix.Messages("1"), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task The_user_lookup_is_sent_without_auth_and_cached()
    {
        using var client = Client();
        _zabbix.FailNextAcknowledge("lose-response");
        await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], Text));
        _zabbix.FailNextAcknowledge("lose-response");
        await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["2"], Text));

        var lookups = _zabbix.Requests.Where(r => r["method"]!.GetValue<string>() == "user.checkAuthentication").ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(lookups, Has.Length.EqualTo(1));
            Assert.That(lookups[0].ToJsonString(), Is.EqualTo($$"""{"jsonrpc":"2.0","method":"user.checkAuthentication","params":{"token":"{{ZabbixTest.Token}}"},"id":3}"""));
        });
    }

    [Test]
    public async Task A_password_session_is_looked_up_by_its_session_id_without_extending_it()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Rpc("user.login").Result($"\"{ZabbixTest.Session}\"");
        mock.Rpc("event.acknowledge").Respond(HttpStatusCode.BadGateway);
        mock.Rpc("user.checkAuthentication").With(log.Capture).Result("""{"userid":"5"}""");
        mock.Rpc("event.get").Result("[]");
        using var client = ZabbixTest.Client(mock, configure: o =>
        {
            o.ApiToken = null;
            o.Username = "Admin";
            o.Password = ZabbixTest.Password;
        });

        var error = Assert.ThrowsAsync<MessageNotConfirmedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], Text)));

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(log.Requests.Single().Body), Is.EqualTo($$"""{"jsonrpc":"2.0","method":"user.checkAuthentication","params":{"sessionid":"{{ZabbixTest.Session}}","extend":false},"id":3}"""));
            Assert.That(log.Requests.Single().Headers.Keys, Has.No.Member("authorization"));
            Assert.That(error!.Outcomes["1"], Is.EqualTo(MessageOutcome.Unknown), "the event was not returned by event.get");
        });
    }

    [Test]
    public void When_zabbix_cannot_tell_the_tokens_user_a_matching_message_is_unknown_and_not_resent()
    {
        // Zabbix before 6.0.14 (and 6.2 to 6.4.0) has no token parameter for user.checkAuthentication.
        _zabbix.TokenLookup = false;
        using var client = Client();
        _zabbix.FailNextAcknowledge("lose-response");

        var error = Assert.ThrowsAsync<MessageNotConfirmedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], Text)));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Outcomes, Is.EqualTo(new System.Collections.Generic.Dictionary<string, MessageOutcome> { ["1"] = MessageOutcome.Unknown }));
            Assert.That(error.UnknownEventIds, Is.EqualTo(new[] { "1" }));
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.OriginalFailure, Is.InstanceOf<TransportException>());
            Assert.That(error.InnerException, Is.SameAs(error.OriginalFailure));
            Assert.That(error.Request.Message, Is.EqualTo(Text), "the caller's request is kept");
            Assert.That(error.Message, Does.Contain("may or may not be recorded on event 1").And.Not.Contain(Text));
            Assert.That(_zabbix.Calls("event.acknowledge"), Is.EqualTo(1), "not resent");
            Assert.That(_zabbix.Messages("1"), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task When_zabbix_cannot_tell_the_tokens_user_an_absent_message_is_still_resent()
    {
        _zabbix.TokenLookup = false;
        using var client = Client();
        _zabbix.FailNextAcknowledge("lose-request");

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], Text));

        Assert.Multiple(() =>
        {
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.True);
            Assert.That(_zabbix.Messages("1"), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void Without_the_servers_clock_a_matching_message_is_unknown()
    {
        _zabbix.SendsDate = false;
        using var client = Client();
        _zabbix.FailNextAcknowledge("lose-response");

        var error = Assert.ThrowsAsync<MessageNotConfirmedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], Text)));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Outcomes["1"], Is.EqualTo(MessageOutcome.Unknown));
            Assert.That(_zabbix.Calls("event.acknowledge"), Is.EqualTo(1));
            Assert.That(_zabbix.Calls("apiinfo.version"), Is.EqualTo(1), "no probe: it would not be dated either");
        });
    }

    [Test]
    public async Task A_same_user_message_in_the_second_before_the_send_is_told_apart_by_probing_the_servers_clock()
    {
        // The client learned the server's clock once, at 0.3 s into a second, so it knows the offset only within a
        // second. The same user's message was recorded at :00.900; the call is sent at :01.100 local and lost.
        using var client = Client();
        await client.GetServerVersionAsync();
        _zabbix.AddRow("1", Text, userId: "1", Start.AddMilliseconds(600));
        _clock.Advance(TimeSpan.FromMilliseconds(790));
        _zabbix.FailNextAcknowledge("lose-request");

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], Text));

        Assert.Multiple(() =>
        {
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.True);
            Assert.That(_zabbix.Calls("apiinfo.version"), Is.EqualTo(3), "the version, then two probes timed at the server's second boundary");
            Assert.That(_zabbix.Calls("event.acknowledge"), Is.EqualTo(2), "proven absent, so resent");
            Assert.That(_zabbix.Messages("1"), Is.EqualTo(new[] { (Text, "1"), (Text, "1") }));
        });
    }

    [Test]
    public async Task A_lost_response_just_before_a_second_boundary_is_attributed_after_one_probe()
    {
        _zabbix.Latency = TimeSpan.FromMilliseconds(30);
        using var client = Client();
        await client.GetServerVersionAsync();
        _clock.Advance(TimeSpan.FromMilliseconds(590));
        _zabbix.FailNextAcknowledge("lose-response");

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], Text));

        Assert.Multiple(() =>
        {
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.True);
            Assert.That(_zabbix.Calls("apiinfo.version"), Is.EqualTo(2), "one probe");
            Assert.That(_zabbix.Calls("event.acknowledge"), Is.EqualTo(1));
            Assert.That(_zabbix.Messages("1"), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void A_same_user_message_the_probes_cannot_order_is_unknown()
    {
        // As above, but the probes fail, so the offset stays known only within a second.
        using var client = Client();
        client.GetServerVersionAsync().GetAwaiter().GetResult();
        _zabbix.AddRow("1", Text, userId: "1", Start.AddMilliseconds(600));
        _clock.Advance(TimeSpan.FromMilliseconds(790));
        _zabbix.FailNextAcknowledge("lose-request");
        _zabbix.Failing["apiinfo.version"] = _ => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("no", Encoding.UTF8, "text/plain") };
        _zabbix.SendsDate = false;

        var error = Assert.ThrowsAsync<MessageNotConfirmedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], Text)));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Outcomes["1"], Is.EqualTo(MessageOutcome.Unknown));
            Assert.That(_zabbix.Calls("event.acknowledge"), Is.EqualTo(1), "neither claimed nor resent");
            Assert.That(_zabbix.Messages("1"), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Each_event_gets_its_own_outcome_and_only_absent_ones_are_resent()
    {
        _zabbix.TokenLookup = false;
        using var client = Client();
        await client.GetServerVersionAsync();
        _zabbix.AddRow("2", Text, userId: "1", _zabbix.ServerNow);
        _zabbix.FailNextAcknowledge("lose-request");

        var error = Assert.ThrowsAsync<MessageNotConfirmedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1", "2", "3"], Text)));

        var resend = _zabbix.Requests.Where(r => r["method"]!.GetValue<string>() == "event.acknowledge").Last();
        Assert.Multiple(() =>
        {
            Assert.That(error!.Outcomes, Is.EqualTo(new System.Collections.Generic.Dictionary<string, MessageOutcome>
            {
                ["1"] = MessageOutcome.Resent,
                ["2"] = MessageOutcome.Unknown,
                ["3"] = MessageOutcome.Resent,
            }));
            Assert.That(resend["params"]!.ToJsonString(), Is.EqualTo($$"""{"eventids":["1","3"],"action":4,"message":"{{Text}}"}"""));
            Assert.That(error.Message, Does.Contain("may or may not be recorded on event 2"));
        });
    }

    [Test]
    public void When_the_read_back_fails_every_event_is_unknown_and_nothing_is_resent()
    {
        using var client = Client();
        _zabbix.FailNextAcknowledge("502-after");
        _zabbix.Failing["event.get"] = ClockedZabbix.Error(-32500, "Application error.", "DB down");

        var error = Assert.ThrowsAsync<MessageNotConfirmedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1", "2"], Text)));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Outcomes.Values, Is.All.EqualTo(MessageOutcome.Unknown));
            Assert.That(error.Outcomes.Keys, Is.EquivalentTo(new[] { "1", "2" }));
            Assert.That(error.StatusCode, Is.EqualTo(502));
            Assert.That(error.ErrorCode, Is.Null);
            Assert.That(error.ReadBackFailure, Is.InstanceOf<ServiceException>());
            Assert.That(((ServiceException)error.ReadBackFailure!).ErrorData, Is.EqualTo("DB down"));
            Assert.That(error.Message, Does.Contain("may or may not be recorded on events 1, 2"));
            Assert.That(_zabbix.Calls("event.acknowledge"), Is.EqualTo(1));
        });
    }

    [Test]
    public void A_resend_that_zabbix_refuses_leaves_the_message_not_stored()
    {
        using var client = Client();
        _zabbix.FailNextAcknowledge("lose-request");
        client.GetServerVersionAsync().GetAwaiter().GetResult();
        _zabbix.Failing["event.acknowledge"] = ClockedZabbix.Error(-32500, "Application error.", "No permissions to referred object or it does not exist!");

        var error = Assert.ThrowsAsync<MessageNotConfirmedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], Text)));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Outcomes["1"], Is.EqualTo(MessageOutcome.NotStored));
            Assert.That(error.ResendFailure, Is.InstanceOf<ResourceNotFoundException>());
            Assert.That(error.UnknownEventIds, Is.Empty);
            Assert.That(error.Message, Does.Contain("it is not recorded on event 1"));
        });
    }

    private JsonRpcEventClient Client() =>
        new(new HttpClient(_zabbix), ZabbixTest.Options(version: null, configure: o => o.TimeProvider = _clock));
}
