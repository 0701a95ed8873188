using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Coc;
using IncidentSdk.JsonRpc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IncidentSdk.Samples.Bridge;

/// <summary>
/// One pass of the bridge: every open Zabbix problem at or above the severity gets one COC ticket, is acknowledged
/// with a message citing it, and is closed with a message once the ticket is COMPLETED. The bridge keeps no state of
/// its own: the problem's acknowledge messages say what was done, and a ticket opened just before a crash is found
/// by its marker (<c>zabbix-event-{eventid}</c>) in the ticket list before any new ticket is opened.
/// </summary>
internal sealed class BridgeCycle(IncidentClient coc, JsonRpcEventClient zabbix, IOptions<BridgeOptions> options, ILogger<BridgeCycle> logger)
{
    /// <summary>How far before a problem started its ticket is looked for (clock differences between Zabbix and COC).</summary>
    public static readonly TimeSpan MarkerLookBack = TimeSpan.FromMinutes(10);

    // Zabbix: "Cannot close problem: trigger does not allow manual closing." (-32500; zabbix-event-acknowledge.md).
    private const string ManualCloseRefused = "does not allow manual closing";

    private readonly BridgeOptions _options = options.Value;

    /// <summary>Runs one cycle. A problem that fails is logged and counted; the others go on.</summary>
    /// <param name="cancellationToken">Stops the cycle (the worker is stopping).</param>
    /// <returns>What the cycle did.</returns>
    /// <exception cref="IncidentSdkException">The open problems could not be read; nothing was done.</exception>
    public async Task<BridgeCycleResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        var result = new BridgeCycleResult();
        var tag = _options.TagFilter();
        var query = new ProblemQuery { MinimumSeverity = _options.MinimumSeverity, Tags = tag is null ? null : [tag] };
        var problems = new List<ZabbixProblem>();
        await foreach (var problem in zabbix.GetProblemsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            problems.Add(problem);
        }

        result.Problems = problems.Count;
        foreach (var batch in problems.Chunk(_options.EventBatchSize))
        {
            Dictionary<string, ZabbixEvent> events;
            try
            {
                events = (await zabbix.GetEventsAsync(batch.Select(p => p.EventId), cancellationToken).ConfigureAwait(false))
                    .ToDictionary(e => e.EventId, StringComparer.Ordinal);
            }
            catch (Exception error) when (IsProblemFailure(error, cancellationToken))
            {
                result.Failed += batch.Length;
                Safe(() => BridgeLog.EventsUnreadable(logger, batch.Length, error.Message, error));
                continue;
            }

            foreach (var problem in batch)
            {
                try
                {
                    if (events.TryGetValue(problem.EventId, out var zabbixEvent))
                    {
                        await BridgeAsync(problem, zabbixEvent, result, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        result.Failed++;
                        Safe(() => BridgeLog.EventMissing(logger, problem.EventId));
                    }
                }
                catch (Exception error) when (IsProblemFailure(error, cancellationToken))
                {
                    result.Failed++;
                    Safe(() => BridgeLog.ProblemFailed(logger, problem.EventId, error.GetType().Name, error.Message, error));
                }
            }
        }

        return result;
    }

    /// <summary>Builds the ticket of a problem; the marker ties it to the problem's event.</summary>
    public CreateIncidentRequest TicketFor(ZabbixProblem problem)
    {
        var marker = BridgeMessages.Marker(problem.EventId);
        var title = Cut(string.IsNullOrWhiteSpace(problem.Name) ? "Zabbix problem " + problem.EventId : problem.Name, CreateIncidentRequest.MaxTitleLength);
        var description = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Zabbix problem event {problem.EventId}, trigger {problem.ObjectId}, severity {problem.Severity}, started {problem.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.");
        if (!string.IsNullOrEmpty(problem.OperationalData))
        {
            description.Append("\nOperational data: ").Append(problem.OperationalData);
        }

        if (problem.Tags.Count > 0)
        {
            description.Append("\nTags: ").AppendJoin(", ", problem.Tags.Select(t => t.Value.Length == 0 ? t.Tag : t.Tag + ":" + t.Value));
        }

        // The client appends "\n[ref:{marker}]"; the whole description must stay within 600 characters (§1).
        var room = CreateIncidentRequest.MaxDescriptionLength - marker.Length - "\n[ref:]".Length;
        return new CreateIncidentRequest(title, _options.LevelOf(problem.Severity), new IncidentCategory(_options.Category!), _options.Source, _options.Creator!)
        {
            Description = Cut(description.ToString(), room),
            Assignee = Blank(_options.Assignee),
            AssigneeScene = Blank(_options.AssigneeScene),
            AssigneeRole = Blank(_options.AssigneeRole),
            Application = Blank(_options.Application),
            EnterpriseProject = Blank(_options.EnterpriseProject),
            StartTime = problem.Time,
            Marker = marker,
        };
    }

    private async Task BridgeAsync(ZabbixProblem problem, ZabbixEvent zabbixEvent, BridgeCycleResult result, CancellationToken cancellationToken)
    {
        var record = BridgeMessages.Read(zabbixEvent.Acknowledgements);
        if (record.OtherTickets.Count > 0)
        {
            Safe(() => BridgeLog.SeveralTickets(logger, problem.EventId, record.Ticket!, string.Join(", ", record.OtherTickets)));
        }

        if (record.IsCompleted)
        {
            result.AlreadyDone++;
            return;
        }

        var ticket = record.Ticket;
        if (ticket is null)
        {
            (ticket, var created) = await OpenTicketAsync(problem, result, cancellationToken).ConfigureAwait(false);
            if (ticket is null)
            {
                return;
            }

            var recorded = await RecordAsync(problem.EventId, EventAction.Acknowledge | EventAction.AddMessage, BridgeMessages.Opened(ticket), cancellationToken).ConfigureAwait(false);
            if (!recorded)
            {
                result.Unconfirmed++;
                return;
            }

            result.Acknowledged++;
            Safe(() => BridgeLog.Recorded(logger, problem.EventId, ticket));
            if (created)
            {
                // A ticket opened a moment ago is not COMPLETED; the next cycle looks.
                result.Waiting++;
                return;
            }
        }

        var status = (await coc.GetIncidentAsync(ticket, cancellationToken).ConfigureAwait(false)).Status;
        if (status != IncidentStatus.Completed)
        {
            result.Waiting++;
            return;
        }

        await CloseAsync(problem.EventId, ticket, result, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The problem's ticket: one opened before a crash (found by marker), or a new one (<c>Created</c>); no number when
    /// the create's outcome is unknown.
    /// </summary>
    private async Task<(string? Number, bool Created)> OpenTicketAsync(ZabbixProblem problem, BridgeCycleResult result, CancellationToken cancellationToken)
    {
        var marker = BridgeMessages.Marker(problem.EventId);
        var found = await coc.FindIncidentsByMarkerAsync(marker, problem.Time - MarkerLookBack, cancellationToken).ConfigureAwait(false);
        if (found.Count > 0)
        {
            result.FoundByMarker++;
            var number = found[0].Number;
            Safe(() => BridgeLog.FoundByMarker(logger, problem.EventId, number, found.Count));
            return (number, false);
        }

        try
        {
            var created = await coc.CreateIncidentAsync(TicketFor(problem), cancellationToken).ConfigureAwait(false);
            result.Opened++;
            Safe(() => BridgeLog.Opened(logger, problem.EventId, created.IncidentNumber, created.FoundByReadBack));
            return (created.IncidentNumber, true);
        }
        catch (IncidentCreationUnknownException unknown)
        {
            // Never create blindly: the next cycle looks for the marker again.
            result.CreationUnknown++;
            Safe(() => BridgeLog.CreationUnknown(logger, problem.EventId, unknown.Marker, unknown.Message));
            return (null, false);
        }
    }

    private async Task CloseAsync(string eventId, string ticket, BridgeCycleResult result, CancellationToken cancellationToken)
    {
        var message = BridgeMessages.Completed(ticket);
        try
        {
            if (await RecordAsync(eventId, EventAction.Close | EventAction.AddMessage, message, cancellationToken).ConfigureAwait(false))
            {
                result.Closed++;
                Safe(() => BridgeLog.Closed(logger, eventId, ticket));
            }
            else
            {
                result.Unconfirmed++;
            }
        }
        catch (ServiceException refused) when (refused.ErrorData?.Contains(ManualCloseRefused, StringComparison.Ordinal) == true)
        {
            // Zabbix refuses the whole call, message included; the trigger closes the problem when it recovers.
            Safe(() => BridgeLog.CloseRefused(logger, eventId, ticket, refused.ErrorData));
            if (await RecordAsync(eventId, EventAction.AddMessage, message, cancellationToken).ConfigureAwait(false))
            {
                result.MessagedOnly++;
            }
            else
            {
                result.Unconfirmed++;
            }
        }
    }

    /// <summary>Sends one update with a message; <see langword="false"/> when Zabbix could not confirm the message (the next cycle reads the messages again).</summary>
    private async Task<bool> RecordAsync(string eventId, EventAction action, string message, CancellationToken cancellationToken)
    {
        try
        {
            await zabbix.AcknowledgeAsync(new AcknowledgeEventRequest(eventId, action) { Message = message }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (MessageNotConfirmedException unconfirmed)
        {
            Safe(() => BridgeLog.MessageNotConfirmed(logger, eventId, string.Join(", ", unconfirmed.Outcomes.Select(o => o.Key + ": " + o.Value)), unconfirmed.Message));
            return false;
        }
    }

    /// <summary>A failure of one problem (or batch), not a stop of the whole cycle.</summary>
    private static bool IsProblemFailure(Exception error, CancellationToken cancellationToken) =>
        !(error is OperationCanceledException && cancellationToken.IsCancellationRequested);

    /// <summary>Logs, and never lets a failing log provider stop the bridge.</summary>
    private static void Safe(Action log)
    {
        try
        {
            log();
        }
#pragma warning disable CA1031 // A log provider's failure must not stop the bridge; there is nowhere left to report it.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The text cut to <paramref name="max"/> UTF-16 units, never splitting a surrogate pair.</summary>
    private static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var end = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..end];
    }
}

/// <summary>What one cycle did.</summary>
internal sealed class BridgeCycleResult
{
    /// <summary>Open problems at or above the severity.</summary>
    public int Problems { get; set; }

    /// <summary>Tickets opened by a create.</summary>
    public int Opened { get; set; }

    /// <summary>Tickets found by their marker (opened before a crash, not recorded yet).</summary>
    public int FoundByMarker { get; set; }

    /// <summary>Problems acknowledged with the message citing their ticket.</summary>
    public int Acknowledged { get; set; }

    /// <summary>Problems whose ticket is not COMPLETED yet.</summary>
    public int Waiting { get; set; }

    /// <summary>Problems closed with the completed message.</summary>
    public int Closed { get; set; }

    /// <summary>Problems given the completed message only, as their trigger does not allow a manual close.</summary>
    public int MessagedOnly { get; set; }

    /// <summary>Problems already closed by the bridge.</summary>
    public int AlreadyDone { get; set; }

    /// <summary>Creates whose outcome is unknown (looked for again next cycle).</summary>
    public int CreationUnknown { get; set; }

    /// <summary>Messages Zabbix could not confirm (read again next cycle).</summary>
    public int Unconfirmed { get; set; }

    /// <summary>Problems that failed this cycle.</summary>
    public int Failed { get; set; }

    /// <summary>Whether the cycle changed anything in COC or Zabbix.</summary>
    public bool ChangedSomething => Opened + FoundByMarker + Acknowledged + Closed + MessagedOnly > 0;

    /// <inheritdoc/>
    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "{0} problems: {1} tickets opened, {2} found by marker, {3} acknowledged, {4} waiting, {5} closed, {6} message only, {7} already done, {8} creations unknown, {9} unconfirmed, {10} failed",
        Problems, Opened, FoundByMarker, Acknowledged, Waiting, Closed, MessagedOnly, AlreadyDone, CreationUnknown, Unconfirmed, Failed);
}
