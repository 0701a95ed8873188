namespace IncidentSdk.FaultTests.JsonRpc;

/// <summary>
/// The read-back after a message-adding call failed ambiguously, on real sockets: only this call's message (this
/// token's user, recorded in or after the second the call was sent) counts as stored; a message that is the same
/// text but older, or another user's, does not, so the lost message is resent.
/// </summary>
public class ZabbixReadBackFaultTests
{
    private const string Operation = "event.acknowledge";

    [Test]
    public async Task A_request_dropped_before_zabbix_is_resent_although_the_same_text_was_posted_10_s_earlier()
    {
        var zabbix = DroppingFirst(out var drops);
        zabbix.RecordMessage("1001", "disk replaced", userId: "1", DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 10);
        await using var server = await FaultServer.StartAsync(zabbix.HandleAsync);
        using var client = ZabbixFaultTests.Client(server.BaseAddress);

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1001"], "disk replaced"));

        Assert.Multiple(() =>
        {
            Assert.That(result.EventIds, Is.EqualTo(new[] { "1001" }));
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.True);
            Assert.That(drops(), Is.EqualTo(1));
            Assert.That(zabbix.Calls(Operation), Is.EqualTo(2), "the dropped request and the resend");
            Assert.That(zabbix.Calls("event.get"), Is.EqualTo(1));
            Assert.That(zabbix.Messages("1001"), Is.EqualTo(new[] { "disk replaced", "disk replaced" }), "the earlier message and this call's");
        });
    }

    [Test]
    public async Task The_same_text_just_posted_by_another_user_does_not_stop_the_resend()
    {
        var zabbix = DroppingFirst(out _);
        zabbix.RecordMessage("1001", "disk replaced", userId: "7");
        await using var server = await FaultServer.StartAsync(zabbix.HandleAsync);
        using var client = ZabbixFaultTests.Client(server.BaseAddress);

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1001"], "disk replaced"));

        Assert.Multiple(() =>
        {
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.True);
            Assert.That(zabbix.Calls("user.checkAuthentication"), Is.EqualTo(1));
            Assert.That(zabbix.MessagesWithUsers("1001"), Is.EqualTo(new[] { ("disk replaced", "7"), ("disk replaced", "1") }));
        });
    }

    [Test]
    public async Task A_bulk_chunk_takes_the_same_path()
    {
        var zabbix = DroppingFirst(out _);
        zabbix.RecordMessage("1001", "closed by change CHG-7", userId: "1", DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 10);
        await using var server = await FaultServer.StartAsync(zabbix.HandleAsync);
        using var client = ZabbixFaultTests.Client(server.BaseAddress);
        var items = new[] { "1001", "1002" }.Select(id => new BulkAcknowledgeItem(id, EventAction.AddMessage) { Message = "closed by change CHG-7" });

        var result = await client.AcknowledgeManyAsync(items);

        Assert.Multiple(() =>
        {
            Assert.That(result.Items.Select(i => (i.Status, i.VerifiedAfterAmbiguousFailure)), Is.EqualTo(new[] { (BulkItemStatus.Succeeded, true), (BulkItemStatus.Succeeded, true) }));
            Assert.That(zabbix.Calls(Operation), Is.EqualTo(2));
            Assert.That(zabbix.Messages("1001"), Has.Count.EqualTo(2));
            Assert.That(zabbix.Messages("1002"), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_lost_response_whose_message_the_read_back_cannot_attribute_is_reported_unknown_per_event()
    {
        // Zabbix answers user.checkAuthentication without a user (as servers before 6.0.14 do for a token), so the
        // recorded message cannot be told from another user's: neither claimed nor resent.
        var zabbix = new FakeZabbix();
        zabbix.Fault = async (call, context) =>
        {
            if (call.Method == "user.checkAuthentication")
            {
                await FakeZabbix.AnswerAsync(context, FakeZabbix.Error(call, -32602, "Invalid params.", "Invalid parameter \"/\": unexpected parameter \"token\"."));
                return true;
            }

            if (call.Method != Operation || call.Index > 1)
            {
                return false;
            }

            zabbix.Process(call);
            context.Abort();
            return true;
        };
        await using var server = await FaultServer.StartAsync(zabbix.HandleAsync);
        using var client = ZabbixFaultTests.Client(server.BaseAddress);

        var (error, _) = await Expect.ThrowsExactlyAsync<MessageNotConfirmedException>(
            () => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1001", "1002"], "disk replaced")));

        Assert.Multiple(() =>
        {
            Assert.That(error.Outcomes, Is.EquivalentTo(new System.Collections.Generic.Dictionary<string, MessageOutcome> { ["1001"] = MessageOutcome.Unknown, ["1002"] = MessageOutcome.Unknown }));
            Assert.That(error.OriginalFailure, Is.InstanceOf<TransportException>());
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(zabbix.Calls(Operation), Is.EqualTo(1), "not resent");
            Assert.That(zabbix.Messages("1001"), Has.Count.EqualTo(1));
        });
    }

    /// <summary>A fake whose first <c>event.acknowledge</c> is dropped with the connection before it is recorded.</summary>
    private static FakeZabbix DroppingFirst(out Func<int> drops)
    {
        var zabbix = new FakeZabbix();
        var dropped = 0;
        zabbix.Fault = (call, context) =>
        {
            if (call.Method != Operation || call.Index > 1)
            {
                return Task.FromResult(false);
            }

            dropped++;
            context.Abort();
            return Task.FromResult(true);
        };
        drops = () => dropped;
        return zabbix;
    }
}
