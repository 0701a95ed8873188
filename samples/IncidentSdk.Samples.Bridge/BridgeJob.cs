using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Coc;
using IncidentSdk.JsonRpc;

namespace IncidentSdk.Samples.Bridge;

/// <summary>
/// Records a COC ticket's solution and resolves its linked Zabbix problems, idempotently: what is already done is
/// recognised and skipped, so running the job again changes nothing and records no second message.
/// </summary>
internal sealed class BridgeJob(IncidentClient coc, JsonRpcEventClient zabbix, TextWriter output)
{
    /// <summary>
    /// How COC refuses an action the ticket's state does not take (a solution for a ticket already solved): its one
    /// documented failure code, "invalid parameter", naming the operate_key field, as in
    /// <c>The field[operate_key] value[commitSolution1] invalid</c> (coc-incident-handle.md, Response). The same code
    /// naming another field (an unknown ticket number) is a real failure. A ticket not yet accepted is refused the
    /// same way, so the bridge is meant for tickets the operator has accepted.
    /// </summary>
    private static bool IsRefusedAsOutOfOrder(ServiceException error) =>
        error.ErrorCode == "GOM.00007256" && error.ErrorMessage?.Contains("field[operate_key]", StringComparison.Ordinal) == true;

    public async Task<BridgeRunResult> RunAsync(BridgeInput input, CancellationToken cancellationToken = default)
    {
        var solutionCommitted = await CommitSolutionAsync(input, cancellationToken);
        var (updated, alreadyDone, failed) = await ResolveProblemsAsync(input, cancellationToken);
        return new BridgeRunResult(solutionCommitted, updated, alreadyDone, failed);
    }

    /// <summary>Step 1: submit the solution; a refusal because the ticket is past that step means it is already solved.</summary>
    private async Task<bool> CommitSolutionAsync(BridgeInput input, CancellationToken cancellationToken)
    {
        output.WriteLine($"  1. COC: commit the solution of {input.IncidentNumber} ({input.Category}, service interrupted: {(input.IsServiceInterrupted ? "yes" : "no")})");
        try
        {
            var result = await coc.CommitSolutionAsync(input.IncidentNumber, input.Operator, input.ToSolution(), cancellationToken);
            output.WriteLine($"     committed: {result.ErrorCode} (request id {result.RequestId})");
            return true;
        }
        catch (ServiceException error) when (IsRefusedAsOutOfOrder(error))
        {
            output.WriteLine($"     already solved: COC refused the step with {error.ErrorCode} \"{error.ErrorMessage}\" (request id {error.RequestId})");
            return false;
        }
    }

    /// <summary>Steps 2 and 3: read the problems, then acknowledge, message and close only what is not done yet.</summary>
    private async Task<(int Updated, int AlreadyDone, int Failed)> ResolveProblemsAsync(BridgeInput input, CancellationToken cancellationToken)
    {
        var message = input.ZabbixMessage;
        output.WriteLine($"  2. Zabbix: read events {string.Join(", ", input.EventIds)} and their history");
        var events = (await zabbix.GetEventsAsync(input.EventIds, cancellationToken)).ToDictionary(e => e.EventId, StringComparer.Ordinal);
        var items = new List<BulkAcknowledgeItem>();
        var (alreadyDone, failed) = (0, 0);
        foreach (var id in input.EventIds)
        {
            if (!events.TryGetValue(id, out var zabbixEvent))
            {
                output.WriteLine($"     event {id}: not found, or not visible to this user");
                failed++;
                continue;
            }

            var action = MissingActions(zabbixEvent, message);
            if (action == EventAction.None)
            {
                output.WriteLine($"     event {id}: already carries the message and a close: skipped");
                alreadyDone++;
                continue;
            }

            output.WriteLine($"     event {id}: needs action {(int)action} ({action})");
            items.Add(new BulkAcknowledgeItem(id, action) { Message = (action & EventAction.AddMessage) != 0 ? message : null });
        }

        if (items.Count == 0)
        {
            output.WriteLine("  3. Zabbix: nothing to send");
            return (0, alreadyDone, failed);
        }

        // Items with the same update share one event.acknowledge call.
        var result = await zabbix.AcknowledgeManyAsync(items, cancellationToken: cancellationToken);
        output.WriteLine($"  3. Zabbix: {result.Succeeded} events updated in {result.Calls} event.acknowledge calls; {result.Failed} failed, {result.Unknown} unknown, {result.NotAttempted} not sent");
        foreach (var outcome in result.Items.Where(o => o.Status != BulkItemStatus.Succeeded))
        {
            var reason = outcome.Error is ServiceException service
                ? $"code {service.ErrorCode} \"{service.ErrorMessage}\" {service.ErrorData}"
                : outcome.Error?.Message ?? string.Join("; ", outcome.ValidationErrors ?? []);
            output.WriteLine($"     event {outcome.Item.EventId}: {outcome.Status}: {reason}");
        }

        return (result.Succeeded, alreadyDone, failed + result.Failed + result.Unknown + result.NotAttempted);
    }

    /// <summary>
    /// What the event still needs. An event that already has this exact message and a recorded close (or has
    /// resolved) needs nothing; otherwise only the missing parts are sent, so no message is ever added twice.
    /// </summary>
    private static EventAction MissingActions(ZabbixEvent zabbixEvent, string message)
    {
        var hasMessage = zabbixEvent.Acknowledgements.Any(a => (a.Action & EventAction.AddMessage) != 0 && string.Equals(a.Message, message, StringComparison.Ordinal));
        var closed = zabbixEvent.IsResolved || zabbixEvent.Acknowledgements.Any(a => (a.Action & EventAction.Close) != 0);
        if (hasMessage && closed)
        {
            return EventAction.None;
        }

        return (zabbixEvent.IsAcknowledged ? EventAction.None : EventAction.Acknowledge)
            | (hasMessage ? EventAction.None : EventAction.AddMessage)
            | (closed ? EventAction.None : EventAction.Close);
    }
}

/// <summary>What one run of the job did.</summary>
/// <param name="SolutionCommitted">Whether this run committed the COC solution (false: it was already solved).</param>
/// <param name="EventsUpdated">Zabbix events this run acknowledged, messaged or closed.</param>
/// <param name="EventsAlreadyDone">Zabbix events that already carried the message and a close.</param>
/// <param name="EventsFailed">Zabbix events that are missing or whose update failed.</param>
internal sealed record BridgeRunResult(bool SolutionCommitted, int EventsUpdated, int EventsAlreadyDone, int EventsFailed)
{
    public bool ChangedSomething => SolutionCommitted || EventsUpdated > 0;

    public override string ToString() =>
        $"COC solution {(SolutionCommitted ? "committed" : "already there")}; Zabbix events updated {EventsUpdated}, already done {EventsAlreadyDone}, failed {EventsFailed}";
}
