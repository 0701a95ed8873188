using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using IncidentSdk.JsonRpc;

namespace IncidentSdk.Samples.Bridge;

/// <summary>
/// The bridge's record, kept in the problem's own acknowledge messages: the text it writes and how it reads it back.
/// Two fixed forms, <c>COC ticket {number} opened for this problem.</c> and
/// <c>COC ticket {number} completed; problem closed by the bridge.</c>
/// </summary>
internal static partial class BridgeMessages
{
    /// <summary>The message that records the ticket opened for a problem.</summary>
    public static string Opened(string incidentNumber) => $"COC ticket {incidentNumber} opened for this problem.";

    /// <summary>The message that records the ticket's completion, sent with the close.</summary>
    public static string Completed(string incidentNumber) => $"COC ticket {incidentNumber} completed; problem closed by the bridge.";

    /// <summary>The marker that ties a ticket to its problem, in the ticket's reference line.</summary>
    public static string Marker(string eventId) => "zabbix-event-" + eventId;

    /// <summary>
    /// What the event's messages record: the ticket of the oldest "opened" message (a second one would mean a
    /// duplicate, which is reported), and whether a "completed" message for that ticket is there.
    /// </summary>
    public static BridgeRecord Read(IReadOnlyList<EventAcknowledgement> acknowledgements)
    {
        var opened = acknowledgements
            .Select(a => (Row: a, Match: OpenedPattern().Match(a.Message)))
            .Where(x => x.Match.Success)
            .OrderBy(x => x.Row.Time)
            .ThenBy(x => ulong.TryParse(x.Row.AcknowledgeId, out var id) ? id : ulong.MaxValue)
            .Select(x => x.Match.Groups[1].Value)
            .ToList();
        if (opened.Count == 0)
        {
            return new BridgeRecord(null, [], IsCompleted: false);
        }

        var ticket = opened[0];
        var completed = acknowledgements.Any(a => string.Equals(a.Message, Completed(ticket), StringComparison.Ordinal));
        return new BridgeRecord(ticket, opened.Distinct(StringComparer.Ordinal).Skip(1).ToArray(), completed);
    }

    [GeneratedRegex(@"COC ticket (IM\w+) opened", RegexOptions.CultureInvariant)]
    private static partial Regex OpenedPattern();
}

/// <summary>What a problem's messages say the bridge did.</summary>
/// <param name="Ticket">The ticket recorded as opened for the problem, or <see langword="null"/>.</param>
/// <param name="OtherTickets">Further tickets recorded as opened (should never happen; reported when it does).</param>
/// <param name="IsCompleted">Whether the completed message for <paramref name="Ticket"/> is recorded.</param>
internal sealed record BridgeRecord(string? Ticket, IReadOnlyList<string> OtherTickets, bool IsCompleted);
