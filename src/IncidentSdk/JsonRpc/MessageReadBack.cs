using System;
using System.Collections.Generic;
using System.Linq;

namespace IncidentSdk.JsonRpc;

/// <summary>
/// Decides, from events read back after a message-adding call failed ambiguously, which events hold this call's
/// message, which certainly lack it, and which cannot be told.
/// </summary>
/// <remarks>
/// <para>A recorded update is a candidate when it added a message with exactly this text, its action bits are a
/// subset of the call's (Zabbix records only the bits it applied) and it was made by the session's or token's user
/// (by any user when that user is not known). Zabbix stamps the update with <c>time()</c> taken while it handles the
/// call, in whole seconds of its own clock (<c>CEvent::acknowledge</c> in the 6.0 and 7.0 frontends).</para>
/// <para>The call was sent at local time <c>sentAt</c>; with the server's offset bounded to <c>[min, max]</c>
/// (<see cref="ServerClock"/>) it was sent in a server second from <c>floor(sentAt + min)</c> to
/// <c>floor(sentAt + max)</c>. A candidate stamped before the first of those seconds was recorded before the call
/// and is not this call's. One stamped in or after the last of them is this call's, unless this client's own earlier
/// calls with the same text to the event (<see cref="SentMessages"/>) may have recorded it: then only rows beyond
/// their number are. One stamped between them may be either, and leaves the event unknown until the offset is known
/// more precisely.</para>
/// <para>What whole seconds cannot tell: another process using the same user that wrote the same text to the same
/// event earlier in the very second this call was sent is taken for this call, as a concurrent identical call from it
/// would be.</para>
/// </remarks>
internal static class MessageReadBack
{
    public enum Verdict
    {
        /// <summary>The read-back cannot tell.</summary>
        Unknown,

        /// <summary>This call's message is recorded.</summary>
        Stored,

        /// <summary>No update that could be this call's is recorded: the message is absent.</summary>
        Absent,
    }

    /// <summary>Classifies every event of the request.</summary>
    /// <param name="request">The call's request.</param>
    /// <param name="events">The events as read back.</param>
    /// <param name="userId">The user id of the session or token, or <see langword="null"/> when not known.</param>
    /// <param name="sentAt">The local time just before the call was first sent.</param>
    /// <param name="offset">Bounds on the server's clock minus the local clock, or <see langword="null"/> when not known.</param>
    /// <param name="earlier">This client's other calls that added the same text (see <see cref="SentMessages"/>), each with the local time by which it ended.</param>
    /// <returns>Each event id's verdict, and the offsets that would settle the unknown ones (see <see cref="Result.Thresholds"/>).</returns>
    public static Result Classify(
        AcknowledgeEventRequest request,
        IReadOnlyList<ZabbixEvent> events,
        string? userId,
        DateTimeOffset sentAt,
        (TimeSpan Min, TimeSpan Max)? offset,
        IReadOnlyList<(ISet<string> EventIds, DateTimeOffset EndedBy)>? earlier = null)
    {
        var byId = new Dictionary<string, ZabbixEvent>(StringComparer.Ordinal);
        foreach (var evt in events)
        {
            byId[evt.EventId] = evt;
        }

        var verdicts = new Dictionary<string, Verdict>(StringComparer.Ordinal);
        var thresholds = new SortedSet<TimeSpan>();
        foreach (var id in request.EventIds)
        {
            verdicts[id] = byId.TryGetValue(id, out var evt) ? Judge(evt, request, userId, sentAt, offset, earlier ?? [], thresholds) : Verdict.Unknown;
        }

        return new Result(verdicts, thresholds.ToArray());
    }

    private static Verdict Judge(
        ZabbixEvent evt,
        AcknowledgeEventRequest request,
        string? userId,
        DateTimeOffset sentAt,
        (TimeSpan Min, TimeSpan Max)? offset,
        IReadOnlyList<(ISet<string> EventIds, DateTimeOffset EndedBy)> earlier,
        SortedSet<TimeSpan> thresholds)
    {
        var unknown = false;
        var oursAfter = 0;
        var pending = new List<TimeSpan>();
        foreach (var update in evt.Acknowledgements)
        {
            if ((update.Action & EventAction.AddMessage) == 0
                || (update.Action & ~request.Action) != 0
                || !string.Equals(update.Message, request.Message, StringComparison.Ordinal))
            {
                continue;
            }

            var ours = userId is not null && string.Equals(update.UserId, userId, StringComparison.Ordinal);
            if (userId is not null && update.UserId is not null && !ours)
            {
                // Another user's update, however alike, is not this call's.
                continue;
            }

            if (offset is not { } bounds)
            {
                // Without the server's clock nothing orders the update against the call.
                unknown = true;
                continue;
            }

            if (update.Time < FirstSecond(sentAt, bounds))
            {
                // Recorded in a second before the call was sent.
                continue;
            }

            if (update.Time >= LastSecond(sentAt, bounds))
            {
                if (ours)
                {
                    oursAfter++;
                }
                else
                {
                    unknown = true;
                }

                continue;
            }

            // The call may have been sent in the update's second or after it. It was sent in that second or
            // earlier exactly when the offset is below (update second + 1 s) - sentAt.
            unknown = true;
            pending.Add(update.Time.AddSeconds(1) - sentAt);
        }

        if (oursAfter > 0)
        {
            // This client's own earlier calls with the same text that may have recorded a row in the latest send
            // second or later account for as many of those rows; only a row beyond them is this call's.
            var bounds = offset!.Value;
            var lastSecond = LastSecond(sentAt, bounds);
            var explained = earlier.Count(post => post.EventIds.Contains(evt.EventId) && LastSecond(post.EndedBy, bounds) >= lastSecond);
            if (oursAfter > explained)
            {
                return Verdict.Stored;
            }

            unknown = true;
        }

        if (unknown)
        {
            foreach (var threshold in pending)
            {
                thresholds.Add(threshold);
            }

            return Verdict.Unknown;
        }

        return Verdict.Absent;
    }

    /// <summary>The earliest server second a local instant may fall in (the lower bound of the offset may be reached).</summary>
    private static DateTimeOffset FirstSecond(DateTimeOffset local, (TimeSpan Min, TimeSpan Max) bounds) => FloorToSecond(local + bounds.Min);

    /// <summary>The latest server second a local instant may fall in (the upper bound is never reached: a Date header's second has not ended when it is sent).</summary>
    private static DateTimeOffset LastSecond(DateTimeOffset local, (TimeSpan Min, TimeSpan Max) bounds) => FloorToSecond(local + bounds.Max - TimeSpan.FromTicks(1));

    private static DateTimeOffset FloorToSecond(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        var floored = ticks - (((ticks % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond) % TimeSpan.TicksPerSecond);
        return new DateTimeOffset(floored, TimeSpan.Zero);
    }

    /// <summary>The verdicts and the offset thresholds that would settle unknown events.</summary>
    /// <param name="Verdicts">Each event id's verdict.</param>
    /// <param name="Thresholds">
    /// Offsets (server minus local) that decide uncertain updates: an offset below one puts the call's sending in or
    /// before that update's second (so the update counts as after it), an offset at or above it puts the sending after.
    /// </param>
    public sealed record Result(IReadOnlyDictionary<string, Verdict> Verdicts, IReadOnlyList<TimeSpan> Thresholds);
}
