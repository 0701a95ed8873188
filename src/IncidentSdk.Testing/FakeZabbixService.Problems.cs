using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace IncidentSdk.Testing;

// problem.get: open problems by the filters an integration uses, with each version's parameter checks [seen 6.0.14, 7.0.22].
public sealed partial class FakeZabbixService
{
    private static readonly string[] ProblemGetParameters =
    [
        "eventids", "groupids", "hostids", "objectids", "source", "object", "acknowledged", "action", "action_userids", "suppressed",
        "symptom", "severities", "evaltype", "tags", "recent", "eventid_from", "eventid_till", "time_from", "time_till",
        "selectAcknowledges", "selectTags", "selectSuppressionData", "output", "filter", "search", "searchByAny", "searchWildcardsEnabled",
        "excludeSearch", "startSearch", "sortfield", "sortorder", "limit", "preservekeys", "countOutput", "editable",
    ];

    /// <summary>Raises a problem with a host, tags, a start time and maintenance, and returns its event id.</summary>
    /// <param name="problem">The problem.</param>
    /// <returns>The event id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is <see langword="null"/>.</exception>
    public string AddProblem(FakeProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        lock (_gate)
        {
            var id = _nextEventId++;
            var state = new EventState(id, problem.Name, (int)problem.Severity, problem.ManualCloseAllowed, problem.Time?.ToUnixTimeSeconds() ?? Now())
            {
                HostId = problem.HostId,
                Tags = problem.Tags.ToArray(),
                InMaintenance = problem.InMaintenance,
                OperationalData = problem.OperationalData,
            };
            if (problem.TriggerId is not null)
            {
                state.ObjectId = ulong.Parse(problem.TriggerId, NumberStyles.None, CultureInfo.InvariantCulture);
            }

            _events.Add(id, state);
            return id.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Resolves a problem, as its trigger's recovery would: <c>problem.get</c> then lists it only with <c>recent</c>.</summary>
    /// <param name="eventId">The problem's event id.</param>
    /// <returns>The recovery event's id.</returns>
    /// <exception cref="ArgumentException">There is no such problem.</exception>
    public string ResolveProblem(string eventId)
    {
        lock (_gate)
        {
            if (!TryFindEvent(eventId, out var state))
            {
                throw new ArgumentException($"No problem {eventId}.", nameof(eventId));
            }

            // The recovery event takes the next id, but is itself no problem.
            state.RecoveryEventId = _nextEventId++;
            return state.RecoveryEventId.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Runs <c>problem.get</c>; called under the lock.</summary>
    private Action<Utf8JsonWriter> GetProblems(JsonElement parameters)
    {
        if (parameters.ValueKind == JsonValueKind.Array && parameters.GetArrayLength() == 0)
        {
            parameters = default;
        }
        else if (parameters.ValueKind != JsonValueKind.Object)
        {
            throw new RpcError(-32602, "Invalid parameter \"/\": an array is expected.");
        }

        var strict = AtLeast(6, 4);
        if (strict)
        {
            // 6.4+ refuses what it does not know; 6.0 ignores it, symptom included [seen 6.0.14, 7.0.22].
            ThrowOnUnexpected(parameters, ProblemGetParameters);
        }

        CheckProblemSort(parameters, strict);
        IEnumerable<EventState> problems = _events.Values;
        var now = Now();
        var recent = Property(parameters, "recent") is { ValueKind: JsonValueKind.True };
        problems = problems.Where(e => recent || e.RecoveryEventId == 0);
        if (Ids(parameters, "eventids") is { } eventIds)
        {
            problems = problems.Where(e => eventIds.Contains(e.Id.ToString(CultureInfo.InvariantCulture)));
        }

        if (Ids(parameters, "hostids") is { } hostIds)
        {
            problems = problems.Where(e => hostIds.Contains(e.HostId));
        }

        if (Ids(parameters, "objectids") is { } objectIds)
        {
            problems = problems.Where(e => objectIds.Contains(e.ObjectId.ToString(CultureInfo.InvariantCulture)));
        }

        if (BooleanFilter(parameters, "acknowledged", strict) is { } acknowledged)
        {
            problems = problems.Where(e => e.Acknowledged == acknowledged);
        }

        if (BooleanFilter(parameters, "suppressed", strict) is { } suppressed)
        {
            problems = problems.Where(e => e.Suppressed(now) == suppressed);
        }

        if (strict && BooleanFilter(parameters, "symptom", strict) is { } symptom)
        {
            problems = problems.Where(e => (e.Cause is not null) == symptom);
        }

        if (Property(parameters, "severities") is { ValueKind: not JsonValueKind.Null } severities)
        {
            var wanted = ProblemSeverities(severities, strict);
            problems = problems.Where(e => wanted.Contains(e.Severity));
        }

        if (Timestamp(parameters, "time_from", strict) is { } from)
        {
            problems = problems.Where(e => e.Clock >= from);
        }

        if (Timestamp(parameters, "time_till", strict) is { } till)
        {
            problems = problems.Where(e => e.Clock <= till);
        }

        if (EventIdBound(parameters, "eventid_from", strict) is { } low)
        {
            problems = problems.Where(e => e.Id >= low);
        }

        if (EventIdBound(parameters, "eventid_till", strict) is { } high)
        {
            problems = problems.Where(e => e.Id <= high);
        }

        problems = FilterByTags(problems, parameters, strict);
        var descending = Property(parameters, "sortorder") is { ValueKind: JsonValueKind.String } order && string.Equals(order.GetString(), "DESC", StringComparison.OrdinalIgnoreCase);
        problems = descending ? problems.OrderByDescending(e => e.Id) : problems.OrderBy(e => e.Id);
        if (ProblemLimit(parameters, strict) is { } limit)
        {
            problems = problems.Take(limit);
        }

        var list = problems.ToList();
        if (Property(parameters, "countOutput") is { ValueKind: JsonValueKind.True })
        {
            var count = list.Count.ToString(CultureInfo.InvariantCulture);
            return w => w.WriteStringValue(count);
        }

        var output = Selection(Property(parameters, "output"), ProblemFields(), defaultAll: true);
        var withTags = Property(parameters, "selectTags") is { ValueKind: not JsonValueKind.Null };
        var bytes = Write(w =>
        {
            w.WriteStartArray();
            foreach (var e in list)
            {
                WriteProblem(w, e, output, withTags, now);
            }

            w.WriteEndArray();
        });
        return w => w.WriteRawValue(bytes);
    }

    /// <summary>The fields of a problem object in the order the version writes them [seen 6.0.14, 7.0.22].</summary>
    private string[] ProblemFields() => AtLeast(6, 4)
        ? ["eventid", "source", "object", "objectid", "clock", "ns", "r_eventid", "r_clock", "r_ns", "correlationid", "userid", "name", "acknowledged", "severity", "cause_eventid", "opdata", "suppressed", "urls"]
        : ["eventid", "source", "object", "objectid", "clock", "ns", "r_eventid", "r_clock", "r_ns", "correlationid", "userid", "name", "acknowledged", "severity", "opdata", "suppressed", "urls"];

    private void WriteProblem(Utf8JsonWriter w, EventState e, HashSet<string> output, bool withTags, long now)
    {
        w.WriteStartObject();
        foreach (var field in ProblemFields())
        {
            // 7.0 lists the tags before urls, 6.0 after them [seen 6.0.14, 7.0.22].
            if (field == "urls" && withTags && AtLeast(6, 4))
            {
                WriteTags(w, e);
            }

            if (!output.Contains(field))
            {
                continue;
            }

            if (field == "urls")
            {
                w.WriteStartArray(field);
                w.WriteEndArray();
            }
            else
            {
                w.WriteString(field, field == "r_clock" ? (e.RecoveryEventId == 0 ? "0" : now.ToString(CultureInfo.InvariantCulture)) : EventField(e, field, now));
            }
        }

        if (withTags && !AtLeast(6, 4))
        {
            WriteTags(w, e);
        }

        w.WriteEndObject();
    }

    private static void WriteTags(Utf8JsonWriter w, EventState e)
    {
        w.WriteStartArray("tags");

        // Sorted by name then value [seen 6.0.14, 7.0.22: env before service].
        foreach (var tag in e.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).ThenBy(t => t.Value, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("tag", tag.Key);
            w.WriteString("value", tag.Value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static HashSet<string>? Ids(JsonElement parameters, string name) =>
        Property(parameters, name) is { ValueKind: not JsonValueKind.Null } ids
            ? new HashSet<string>(ids.ValueKind == JsonValueKind.Array ? ids.EnumerateArray().Select(PhpText) : [PhpText(ids)], StringComparer.Ordinal)
            : null;
}
