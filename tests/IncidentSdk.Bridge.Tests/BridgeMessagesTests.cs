using IncidentSdk.JsonRpc;
using IncidentSdk.Samples.Bridge;
using IncidentSdk.Testing;

namespace IncidentSdk.Bridge.Tests;

/// <summary>The bridge's record in a problem's messages, written and read back through the Zabbix fake.</summary>
public sealed class BridgeMessagesTests
{
    [Test]
    public async Task The_ticket_is_read_back_from_the_opened_message_among_others()
    {
        var record = await RecordAfterAsync(
            "Looking at it - Ann",
            "COC ticket IM202603010800001230000001 opened for this problem.",
            "COC ticket IM999 completed; problem closed by the bridge.",
            "COC ticket XY123 opened for this problem.");

        Assert.That(record, Is.EqualTo(new BridgeRecord("IM202603010800001230000001", [], IsCompleted: false)).Using<BridgeRecord>(Same));
    }

    [Test]
    public async Task The_completed_message_of_the_recorded_ticket_marks_the_problem_done()
    {
        var record = await RecordAfterAsync(
            BridgeMessages.Opened("IM202603010800001230000001"),
            BridgeMessages.Completed("IM202603010800001230000001"));

        Assert.That(record, Is.EqualTo(new BridgeRecord("IM202603010800001230000001", [], IsCompleted: true)).Using<BridgeRecord>(Same));
    }

    [Test]
    public async Task Of_two_recorded_tickets_the_first_is_used_and_the_other_reported()
    {
        var record = await RecordAfterAsync(BridgeMessages.Opened("IM1"), BridgeMessages.Opened("IM2"));

        Assert.That(record, Is.EqualTo(new BridgeRecord("IM1", ["IM2"], IsCompleted: false)).Using<BridgeRecord>(Same));
    }

    [Test]
    public async Task No_message_means_no_ticket()
    {
        var record = await RecordAfterAsync();

        Assert.That(record, Is.EqualTo(new BridgeRecord(null, [], IsCompleted: false)).Using<BridgeRecord>(Same));
    }

    private static bool Same(BridgeRecord a, BridgeRecord b) =>
        a.Ticket == b.Ticket && a.IsCompleted == b.IsCompleted && a.OtherTickets.SequenceEqual(b.OtherTickets);

    private static async Task<BridgeRecord> RecordAfterAsync(params string[] messages)
    {
        using var harness = new CycleHarness();
        var id = harness.AddProblem();
        foreach (var message in messages)
        {
            await harness.ZabbixClient.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage([id], message));
        }

        var zabbixEvent = (await harness.ZabbixClient.GetEventsAsync([id])).Single();
        return BridgeMessages.Read(zabbixEvent.Acknowledgements);
    }
}
