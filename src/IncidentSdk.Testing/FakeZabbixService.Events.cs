using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using IncidentSdk.JsonRpc;

namespace IncidentSdk.Testing;

// Problem events: raising them, snapshots of them, and event.acknowledge changing them.
public sealed partial class FakeZabbixService
{
    private const int Close = 1;
    private const int Ack = 2;
    private const int Message = 4;
    private const int Severity = 8;
    private const int Unack = 16;
    private const int Suppress = 32;
    private const int Unsuppress = 64;
    private const int ToCause = 128;
    private const int ToSymptom = 256;

    /// <summary>Raises a problem event and returns its id.</summary>
    /// <param name="severity">The event's severity.</param>
    /// <param name="name">The problem name.</param>
    /// <param name="manualCloseAllowed">Whether its trigger allows manual closing (the default); when not, a close is refused with <c>Cannot close problem: trigger does not allow manual closing.</c></param>
    /// <returns>The event id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public string AddProblem(EventSeverity severity = EventSeverity.Average, string name = "Problem", bool manualCloseAllowed = true)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            var id = _nextEventId++;
            _events.Add(id, new EventState(id, name, (int)severity, manualCloseAllowed, Now()));
            return id.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The event's current state, or <see langword="null"/> when there is no such event.</summary>
    /// <param name="eventId">The event id.</param>
    /// <returns>A snapshot.</returns>
    public FakeZabbixEvent? GetEvent(string eventId)
    {
        lock (_gate)
        {
            if (!TryFindEvent(eventId, out var state))
            {
                return null;
            }

            var now = Now();
            return new FakeZabbixEvent(
                state.Id.ToString(CultureInfo.InvariantCulture),
                state.Name,
                (EventSeverity)state.Severity,
                state.Acknowledged,
                state.Closed,
                state.IsSuppressed(now) ? (state.SuppressUntil == 0 ? DateTimeOffset.MaxValue : DateTimeOffset.FromUnixTimeSeconds(state.SuppressUntil!.Value)) : null,
                state.Cause?.ToString(CultureInfo.InvariantCulture),
                state.Rows.Select(r => new FakeAcknowledge((EventAction)r.Action, r.Message, DateTimeOffset.FromUnixTimeSeconds(r.Clock)) { UserId = r.User.Id }).ToArray())
            {
                RecoveryEventId = state.RecoveryEventId == 0 ? null : state.RecoveryEventId.ToString(CultureInfo.InvariantCulture),
            };
        }
    }

    private bool TryFindEvent(string? eventId, out EventState state)
    {
        state = null!;
        return CanonicalId(eventId) is { } id && _events.TryGetValue(id, out state!);
    }

    /// <summary>Runs <c>event.acknowledge</c>; called under the lock.</summary>
    private Action<Utf8JsonWriter> Acknowledge(JsonElement parameters, FakeUser user)
    {
        if (parameters.ValueKind == JsonValueKind.Array && parameters.GetArrayLength() == 0)
        {
            parameters = default;
        }

        var request = AtLeast(6, 4) ? ValidateStrict(parameters) : ValidateLegacy(parameters);
        var action = request.Action;
        CheckExclusivePairs(action);

        var ids = request.EventIds.Distinct(StringComparer.Ordinal).ToList();
        var targets = new List<EventState>();
        foreach (var id in ids.Concat(request.CauseEventId is null ? [] : [request.CauseEventId]))
        {
            if (!TryFindEvent(id, out var state))
            {
                // Unknown, forbidden, OK or non-trigger events: one fails the whole call [seen 6.0.14, 7.0.22].
                throw new RpcError(-32500, "No permissions to referred object or it does not exist!");
            }

            if (targets.Count < ids.Count)
            {
                targets.Add(state);
            }
        }

        var now = Now();
        CheckChange(request, targets, now);
        Apply(request, targets, user, now);
        var answerAsStrings = AnswersEventIdsAsStrings;
        return w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("eventids");
            foreach (var id in ids)
            {
                // PHP's array_flip turns the ids into integer keys, so 6.0.14 and 7.0.22 answer numbers [seen both].
                if (!answerAsStrings && ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number.ToString(CultureInfo.InvariantCulture) == id)
                {
                    w.WriteNumberValue(number);
                }
                else
                {
                    w.WriteStringValue(id);
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        };
    }

    /// <summary>Each event gets only the changes not already in effect; a row is recorded when anything changed.</summary>
    private void Apply(AcknowledgeRequest request, List<EventState> targets, FakeUser user, long now)
    {
        var action = request.Action;
        var symptoms = (action & ToSymptom) != 0 ? SymptomCandidates(targets, CanonicalId(request.CauseEventId)!.Value) : [];
        foreach (var e in targets)
        {
            var applied = 0;
            var wasClosed = e.Closed;
            var oldSeverity = 0;
            var newSeverity = 0;
            long suppressUntil = 0;
            if ((action & Close) != 0 && !wasClosed)
            {
                applied |= Close;
                e.Closed = true;
                if (ResolveOnClose && e.RecoveryEventId == 0)
                {
                    // A server with its daemon runs the close task and writes a recovery event (r_eventid).
                    e.RecoveryEventId = _nextEventId++;
                }
            }

            if ((action & Ack) != 0 && !e.Acknowledged)
            {
                applied |= Ack;
                e.Acknowledged = true;
            }

            if ((action & Unack) != 0 && e.Acknowledged)
            {
                applied |= Unack;
                e.Acknowledged = false;
            }

            if ((action & Message) != 0)
            {
                applied |= Message;
            }

            if ((action & Severity) != 0 && request.Severity != e.Severity)
            {
                applied |= Severity;
                oldSeverity = e.Severity;
                newSeverity = request.Severity!.Value;
                e.Severity = newSeverity;
            }

            if ((action & Suppress) != 0 && !wasClosed)
            {
                applied |= Suppress;
                suppressUntil = request.SuppressUntil ?? 0;
                e.SuppressUntil = suppressUntil;
                e.SuppressedBy = user.Id;
            }

            if ((action & Unsuppress) != 0 && e.IsSuppressed(now) && !wasClosed)
            {
                applied |= Unsuppress;
                e.SuppressUntil = null;
            }

            if ((action & ToCause) != 0 && e.Cause is not null)
            {
                applied |= ToCause;
                e.Cause = null;
            }

            if (symptoms.Contains(e))
            {
                applied |= ToSymptom;
                var cause = CanonicalId(request.CauseEventId)!.Value;
                foreach (var other in _events.Values.Where(o => o.Cause == e.Id))
                {
                    other.Cause = cause;
                }

                e.Cause = cause;
            }

            if (applied != 0)
            {
                e.Rows.Add(new AcknowledgeRow(_nextAcknowledgeId++, user, now, (applied & Message) != 0 ? request.Message : string.Empty, applied, oldSeverity, newSeverity, suppressUntil));
            }
        }
    }

    /// <summary>Which events a change to symptom of <paramref name="causeId"/> actually moves (Zabbix skips moves already in effect).</summary>
    private HashSet<EventState> SymptomCandidates(List<EventState> targets, ulong causeId)
    {
        var result = new HashSet<EventState>(targets);
        if (targets.Count == 1 && targets[0].Id == causeId)
        {
            return [];
        }

        var destination = _events[causeId];
        var listed = new HashSet<ulong>(targets.Select(t => t.Id));
        foreach (var e in targets)
        {
            if (e.Cause is null)
            {
                if (destination.Cause is null && e.Id == destination.Id)
                {
                    result.Remove(e);
                }
            }
            else if (destination.Cause is null)
            {
                if (e.Cause == destination.Id)
                {
                    result.Remove(e);
                }
            }
            else if (e.Id == destination.Id || !listed.Contains(e.Cause.Value))
            {
                result.Remove(e);
            }
        }

        return result;
    }
}
