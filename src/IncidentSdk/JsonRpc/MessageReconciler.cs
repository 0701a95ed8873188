using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Internal;

namespace IncidentSdk.JsonRpc;

/// <summary>
/// After a call that adds a message fails when it may have reached Zabbix: reads the events back, decides per event
/// whether this call's message is there (<see cref="MessageReadBack"/>, with up to two clock probes when the server's
/// clock decides it), and resends only to events where it is proven absent. Returns when every event's message is
/// proven stored or was resent; otherwise throws <see cref="MessageNotConfirmedException"/> with each event's outcome.
/// </summary>
internal sealed class MessageReconciler
{
    /// <summary>How many extra <c>apiinfo.version</c> calls a read-back may make to pin down the server's clock.</summary>
    private const int MaxClockProbes = 2;

    private readonly ZabbixSession _session;
    private readonly TimeProvider _timeProvider;
    private readonly Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<ZabbixEvent>>> _readEvents;
    private readonly Func<AcknowledgeEventRequest, IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<string>>> _resend;

    /// <param name="session">The client's session: its user, clock and recent messages.</param>
    /// <param name="timeProvider">The client's clock.</param>
    /// <param name="readEvents">Reads events with their acknowledgements (<c>event.get</c>).</param>
    /// <param name="resend">Sends the request to some of its events again; returns the ids Zabbix lists.</param>
    public MessageReconciler(
        ZabbixSession session,
        TimeProvider timeProvider,
        Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<ZabbixEvent>>> readEvents,
        Func<AcknowledgeEventRequest, IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<string>>> resend)
    {
        _session = session;
        _timeProvider = timeProvider;
        _readEvents = readEvents;
        _resend = resend;
    }

    /// <summary>Whether a failure leaves open that Zabbix acted on the request.</summary>
    public static bool IsAmbiguous(IncidentSdkException failure) => failure switch
    {
        TransportException transport => transport.RequestMayHaveReachedServer,
        InvalidResponseException => true,
        ServiceException { ErrorCode: null, StatusCode: 500 or 502 or 504 } => true,
        _ => false,
    };

    /// <param name="request">The caller's request.</param>
    /// <param name="sentAt">The local time it was last handed to the transport.</param>
    /// <param name="logged">Its entry in the session's recent messages.</param>
    /// <param name="failure">The ambiguous failure.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public async Task<AcknowledgeEventResult> ReconcileAsync(AcknowledgeEventRequest request, DateTimeOffset sentAt, object logged, IncidentSdkException failure, CancellationToken cancellationToken)
    {
        IReadOnlyList<ZabbixEvent> events;
        string? userId;
        try
        {
            userId = await _session.TryGetUserIdAsync(cancellationToken).ConfigureAwait(false);
            events = await _readEvents(request.EventIds, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception checkFailure) when (checkFailure is IncidentSdkException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            var readBack = checkFailure as IncidentSdkException
                ?? new TransportException("The events were not read back: the client was disposed.", requestMayHaveReachedServer: false, checkFailure) { Operation = "event.get" };
            var unknown = request.EventIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => MessageOutcome.Unknown, StringComparer.Ordinal);
            throw new MessageNotConfirmedException(
                $"'event.acknowledge' failed after it may have reached Zabbix ({failure.Message}), and reading the events back failed too ({readBack.Message}). "
                + $"The message may or may not be recorded on {Describe(request.EventIds)}; it was not resent: check the events before sending it again.",
                request,
                unknown,
                failure,
                readBack);
        }

        var verdicts = MessageReadBack.Classify(request, events, userId, sentAt, ClockBounds(sentAt), EarlierPosts());
        var lastRoundTrip = TimeSpan.Zero;
        for (var probe = 0; probe < MaxClockProbes && NextThreshold(verdicts, sentAt) is { } threshold; probe++)
        {
            // The first probe, sent just after the moment, settles an offset below the threshold; the second, sent
            // earlier than it by more than a round trip, one at or above it.
            var lead = probe == 0 ? TimeSpan.FromMilliseconds(-2) : TimeSpan.FromTicks(lastRoundTrip.Ticks * 2) + TimeSpan.FromMilliseconds(10);
            lastRoundTrip = await ProbeServerClockAsync(threshold, lead, cancellationToken).ConfigureAwait(false);
            verdicts = MessageReadBack.Classify(request, events, userId, sentAt, ClockBounds(sentAt), EarlierPosts());
        }

        IReadOnlyList<(ISet<string> EventIds, DateTimeOffset EndedBy)> EarlierPosts() =>
            _session.State.Messages.Others(logged, request.Message ?? string.Empty, _timeProvider.GetUtcNow());

        var outcomes = new Dictionary<string, MessageOutcome>(StringComparer.Ordinal);
        var absent = new List<string>();
        foreach (var pair in verdicts.Verdicts)
        {
            switch (pair.Value)
            {
                case MessageReadBack.Verdict.Stored:
                    outcomes[pair.Key] = MessageOutcome.Stored;
                    break;
                case MessageReadBack.Verdict.Absent:
                    absent.Add(pair.Key);
                    break;
                default:
                    outcomes[pair.Key] = MessageOutcome.Unknown;
                    break;
            }
        }

        var resendFailure = absent.Count > 0 ? await ResendAsync(request, absent, outcomes, cancellationToken).ConfigureAwait(false) : null;
        if (outcomes.Values.All(o => o is MessageOutcome.Stored or MessageOutcome.Resent))
        {
            return new AcknowledgeEventResult(request.EventIds.Where(outcomes.ContainsKey).Distinct(StringComparer.Ordinal).ToArray(), verifiedAfterAmbiguousFailure: true);
        }

        var unknownIds = request.EventIds.Where(id => outcomes[id] == MessageOutcome.Unknown).Distinct(StringComparer.Ordinal).ToArray();
        var notStored = request.EventIds.Where(id => outcomes[id] == MessageOutcome.NotStored).Distinct(StringComparer.Ordinal).ToArray();
        var summary = unknownIds.Length > 0
            ? $"the message may or may not be recorded on {Describe(unknownIds)} (it was not resent: check before sending it again)"
            : string.Empty;
        if (notStored.Length > 0)
        {
            summary += (summary.Length > 0 ? "; " : string.Empty) + $"it is not recorded on {Describe(notStored)}: the resend failed ({resendFailure!.Message})";
        }

        throw new MessageNotConfirmedException(
            $"'event.acknowledge' failed after it may have reached Zabbix ({failure.Message}); after reading the events back, {summary}.",
            request,
            outcomes,
            failure,
            resendFailure: resendFailure);
    }

    /// <summary>Resends to the events where the message is proven absent and records each one's outcome; returns the resend's failure, if any.</summary>
    private async Task<IncidentSdkException?> ResendAsync(AcknowledgeEventRequest request, List<string> absent, Dictionary<string, MessageOutcome> outcomes, CancellationToken cancellationToken)
    {
        try
        {
            var listed = new HashSet<string>(await _resend(request, absent, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
            foreach (var id in absent)
            {
                outcomes[id] = listed.Contains(id) ? MessageOutcome.Resent : MessageOutcome.Unknown;
            }

            return null;
        }
        catch (IncidentSdkException resend) when (!cancellationToken.IsCancellationRequested)
        {
            foreach (var id in absent)
            {
                outcomes[id] = IsAmbiguous(resend) ? MessageOutcome.Unknown : MessageOutcome.NotStored;
            }

            return resend;
        }
    }

    /// <summary>Describes event ids for a message: the first ten, and how many more.</summary>
    private static string Describe(IReadOnlyList<string> ids) =>
        (ids.Count == 1 ? "event " : "events ") + string.Join(", ", ids.Take(10)) + (ids.Count > 10 ? $" and {ids.Count - 10} more" : string.Empty);

    private (TimeSpan Min, TimeSpan Max)? ClockBounds(DateTimeOffset at) => _session.State.Clock.OffsetBounds(at, _timeProvider.GetUtcNow());

    /// <summary>An offset threshold that would settle an unknown event, when it lies inside the current bounds (only then can a probe help).</summary>
    private TimeSpan? NextThreshold(MessageReadBack.Result verdicts, DateTimeOffset sentAt)
    {
        if (ClockBounds(sentAt) is not { } bounds)
        {
            return null;
        }

        foreach (var threshold in verdicts.Thresholds)
        {
            if (threshold > bounds.Min && threshold <= bounds.Max)
            {
                return threshold;
            }
        }

        return null;
    }

    /// <summary>
    /// Calls <c>apiinfo.version</c> at the moment that best tells whether the server's offset is below
    /// <paramref name="threshold"/>: when the server's clock would turn a second <paramref name="lead"/> after the
    /// request leaves if the offset were exactly the threshold. The reply's <c>Date</c> header narrows the offset
    /// (<see cref="ServerClock"/>). Returns the round trip, or zero when the probe failed.
    /// </summary>
    private async Task<TimeSpan> ProbeServerClockAsync(TimeSpan threshold, TimeSpan lead, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var earliest = now + threshold + lead + TimeSpan.FromMilliseconds(1);
        var boundary = new DateTimeOffset(((earliest.UtcTicks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond) * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var sendAt = boundary - threshold - lead;
        for (var wait = sendAt - now; wait > TimeSpan.Zero; wait = sendAt - _timeProvider.GetUtcNow())
        {
            await DelayAsync(wait, cancellationToken).ConfigureAwait(false);
        }

        var start = _timeProvider.GetUtcNow();
        try
        {
            await _session.SendAnonymousAsync(ZabbixSession.VersionCall, cancellationToken).ConfigureAwait(false);
            return _timeProvider.GetUtcNow() - start;
        }
        catch (IncidentSdkException) when (!cancellationToken.IsCancellationRequested)
        {
            return TimeSpan.Zero;
        }
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) => Clock.DelayAsync(_timeProvider, delay, cancellationToken);
}
