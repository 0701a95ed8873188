using IncidentSdk.Tests.Support;

namespace IncidentSdk.Tests.JsonRpc;

/// <summary>
/// The exact account a caller gets when a message-adding call failed ambiguously and the read-back could not settle
/// every event: which events are unknown, which are not stored, and why, in one sentence a log can carry.
/// </summary>
public class ReconcileMessageTests
{
    private const string Text = "disk full on db-1";

    [Test]
    public void When_the_read_back_fails_every_event_is_unknown_and_the_message_lists_the_first_ten()
    {
        var ids = Enumerable.Range(1, 12).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("event.acknowledge", expect: true).Respond(HttpStatusCode.BadGateway);
        mock.Rpc("user.checkAuthentication", expect: true).Result("""{"userid":"5"}""");
        mock.Rpc("event.get", expect: true).Error(-32500, "Application error.", "DB down");
        using var client = ZabbixTest.Client(mock);

        var error = Assert.ThrowsAsync<MessageNotConfirmedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(ids, Text)));

        mock.VerifyNoOutstandingExpectation();
        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Is.EqualTo(
                $"'event.acknowledge' failed after it may have reached Zabbix ({error.OriginalFailure.Message}), and reading the events back failed too ({error.ReadBackFailure!.Message}). "
                + "The message may or may not be recorded on events 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more; it was not resent: check the events before sending it again."));
            Assert.That(error.OriginalFailure, Is.InstanceOf<ServiceException>().With.Property(nameof(ServiceException.StatusCode)).EqualTo(502));
            Assert.That(error.ReadBackFailure, Is.InstanceOf<ServiceException>().With.Property(nameof(ServiceException.ErrorCode)).EqualTo("-32500"));
            Assert.That(error.UnknownEventIds, Is.EqualTo(ids));
            Assert.That(error.ResendFailure, Is.Null);
        });
    }

    [Test]
    public void An_unknown_event_and_one_whose_resend_was_refused_are_told_apart()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("event.acknowledge", expect: true).Respond(HttpStatusCode.BadGateway);
        mock.Rpc("user.checkAuthentication", expect: true).Result("""{"userid":"5"}""");
        mock.Rpc("event.get", expect: true).Result("""[{"eventid":"2","acknowledged":"0","severity":"3","acknowledges":[]}]""");
        var resend = mock.Rpc("event.acknowledge", expect: true).Error(-32602, "Invalid params.", "No permissions to referred object or it does not exist!");
        using var client = ZabbixTest.Client(mock);

        var error = Assert.ThrowsAsync<MessageNotConfirmedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1", "2"], Text)));

        mock.VerifyNoOutstandingExpectation();
        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Is.EqualTo(
                $"'event.acknowledge' failed after it may have reached Zabbix ({error.OriginalFailure.Message}); after reading the events back, "
                + "the message may or may not be recorded on event 1 (it was not resent: check before sending it again); "
                + $"it is not recorded on event 2: the resend failed ({error.ResendFailure!.Message})."));
            Assert.That(error.Outcomes, Is.EqualTo(new Dictionary<string, MessageOutcome> { ["1"] = MessageOutcome.Unknown, ["2"] = MessageOutcome.NotStored }));
            Assert.That(error.ResendFailure, Is.InstanceOf<ServiceException>().With.Property(nameof(ServiceException.ErrorCode)).EqualTo("-32602"));
            Assert.That(mock.GetMatchCount(resend), Is.EqualTo(1), "resent once, to event 2 only");
        });
    }

    [Test]
    public void Only_events_whose_resend_was_refused_are_named_without_an_unknown_part()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("event.acknowledge", expect: true).Respond(HttpStatusCode.BadGateway);
        mock.Rpc("user.checkAuthentication", expect: true).Result("""{"userid":"5"}""");
        mock.Rpc("event.get", expect: true).Result("""[{"eventid":"7","acknowledged":"0","severity":"3","acknowledges":[]}]""");
        mock.Rpc("event.acknowledge", expect: true).Error(-32602, "Invalid params.", "Cannot update.");
        using var client = ZabbixTest.Client(mock);

        var error = Assert.ThrowsAsync<MessageNotConfirmedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["7"], Text)));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Is.EqualTo(
                $"'event.acknowledge' failed after it may have reached Zabbix ({error.OriginalFailure.Message}); after reading the events back, "
                + $"it is not recorded on event 7: the resend failed ({error.ResendFailure!.Message})."));
            Assert.That(error.UnknownEventIds, Is.Empty);
        });
    }

    [Test]
    public void A_resend_Zabbix_does_not_list_is_unknown_not_resent()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("event.acknowledge", expect: true).Respond(HttpStatusCode.BadGateway);
        mock.Rpc("user.checkAuthentication", expect: true).Result("""{"userid":"5"}""");
        mock.Rpc("event.get", expect: true).Result("""[{"eventid":"3","acknowledged":"0","severity":"3","acknowledges":[]},{"eventid":"4","acknowledged":"0","severity":"3","acknowledges":[]}]""");
        mock.Rpc("event.acknowledge", expect: true).Result("""{"eventids":["3"]}""");
        using var client = ZabbixTest.Client(mock);

        var error = Assert.ThrowsAsync<MessageNotConfirmedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["3", "4"], Text)));

        Assert.That(error!.Outcomes, Is.EqualTo(new Dictionary<string, MessageOutcome> { ["3"] = MessageOutcome.Resent, ["4"] = MessageOutcome.Unknown }));
    }

    [Test]
    public void An_answer_that_cannot_be_read_leaves_the_message_uncertain_so_the_events_are_read_back()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("event.acknowledge", expect: true).Respond("application/json", "{\"jsonrpc\":\"2.0\",\"result\":");
        mock.Rpc("user.checkAuthentication", expect: true).Result("""{"userid":"5"}""");
        var read = mock.Rpc("event.get", expect: true).Result("[]");
        using var client = ZabbixTest.Client(mock);

        var error = Assert.ThrowsAsync<MessageNotConfirmedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["9"], Text)));

        mock.VerifyNoOutstandingExpectation();
        Assert.Multiple(() =>
        {
            Assert.That(error!.OriginalFailure, Is.InstanceOf<InvalidResponseException>());
            Assert.That(error.Outcomes, Is.EqualTo(new Dictionary<string, MessageOutcome> { ["9"] = MessageOutcome.Unknown }));
            Assert.That(mock.GetMatchCount(read), Is.EqualTo(1));
        });
    }
}
