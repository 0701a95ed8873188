using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace IncidentSdk.Testing;

// problem.get's parameter checks: 7.0 validates every one and refuses bad values; 6.0 mostly matches nothing instead [seen 6.0.14, 7.0.22].
public sealed partial class FakeZabbixService
{
    private static void CheckProblemSort(JsonElement parameters, bool strict)
    {
        if (Property(parameters, "sortfield") is not { ValueKind: not JsonValueKind.Null } sort)
        {
            return;
        }

        var fields = sort.ValueKind == JsonValueKind.Array ? sort.EnumerateArray().Select(PhpText).ToList() : [PhpText(sort)];
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i] != "eventid")
            {
                throw strict
                    ? new RpcError(-32602, FormattableString.Invariant($"Invalid parameter \"/sortfield/{i + 1}\": value must be \"eventid\"."))
                    : new RpcError(-32500, $"Sorting by field \"{fields[i]}\" not allowed.");
            }
        }
    }

    /// <summary>A boolean filter: 7.0 takes JSON booleans only; 6.0 reads any value as PHP does (<c>"0"</c>, <c>0</c> and <c>""</c> are false).</summary>
    private static bool? BooleanFilter(JsonElement parameters, string name, bool strict)
    {
        if (Property(parameters, name) is not { ValueKind: not JsonValueKind.Null } value)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.ValueKind == JsonValueKind.True;
        }

        if (strict)
        {
            throw new RpcError(-32602, $"Invalid parameter \"/{name}\": a boolean is expected.");
        }

        return PhpText(value) is not ("" or "0");
    }

    private static HashSet<int> ProblemSeverities(JsonElement severities, bool strict)
    {
        var items = severities.ValueKind == JsonValueKind.Array ? severities.EnumerateArray().ToList() : [severities];
        var wanted = new HashSet<int>();
        for (var i = 0; i < items.Count; i++)
        {
            if (TryInteger(items[i], out var severity) && severity is >= 0 and <= 5)
            {
                wanted.Add((int)severity);
            }
            else if (strict)
            {
                throw new RpcError(-32602, FormattableString.Invariant($"Invalid parameter \"/severities/{i + 1}\": value must be one of 0, 1, 2, 3, 4, 5."));
            }
        }

        return wanted;
    }

    private static long? Timestamp(JsonElement parameters, string name, bool strict)
    {
        if (Property(parameters, name) is not { ValueKind: not JsonValueKind.Null } value)
        {
            return null;
        }

        if (!TryInteger(value, out var time) || (strict && time < 0))
        {
            return strict ? throw new RpcError(-32602, $"Invalid parameter \"/{name}\": an unsigned integer is expected.") : 0;
        }

        return strict && time > MaxTimestamp ? throw new RpcError(-32602, $"Invalid parameter \"/{name}\": a timestamp is too large.") : time;
    }

    /// <summary>An event id bound; 6.0 matches nothing with one that is not a number [seen 6.0.14].</summary>
    private static ulong? EventIdBound(JsonElement parameters, string name, bool strict)
    {
        if (Property(parameters, name) is not { ValueKind: not JsonValueKind.Null } value)
        {
            return null;
        }

        return CanonicalId(IdText(value)) ?? (strict ? throw new RpcError(-32602, $"Invalid parameter \"/{name}\": a number is expected.") : ulong.MaxValue);
    }

    /// <summary><c>limit</c>: 7.0 takes 1 to 2147483647; 6.0 takes anything below 1 as no limit [seen both].</summary>
    private static int? ProblemLimit(JsonElement parameters, bool strict)
    {
        if (Property(parameters, "limit") is not { ValueKind: not JsonValueKind.Null } value)
        {
            return null;
        }

        var valid = TryInteger(value, out var limit) && limit is >= 1 and <= int.MaxValue;
        if (!valid && strict)
        {
            throw new RpcError(-32602, "Invalid parameter \"/limit\": value must be one of 1-2147483647.");
        }

        return valid ? (int)limit : null;
    }

    /// <summary>
    /// <c>tags</c> with <c>evaltype</c>: names match exactly, values by operator (Contains ignoring case); with And/Or the
    /// conditions on one name are or-ed and the names and-ed, with Or any condition suffices (problem.get in the 6.0 and 7.0 manuals).
    /// </summary>
    private static IEnumerable<EventState> FilterByTags(IEnumerable<EventState> problems, JsonElement parameters, bool strict)
    {
        var evalType = 0L;
        if (Property(parameters, "evaltype") is { ValueKind: not JsonValueKind.Null } evalElement
            && (!TryInteger(evalElement, out evalType) || evalType is not (0 or 2)))
        {
            throw new RpcError(-32602, strict ? "Invalid parameter \"/evaltype\": value must be one of 0, 2." : "Incorrect evaltype value.");
        }

        if (Property(parameters, "tags") is not { ValueKind: JsonValueKind.Array } tagsElement || tagsElement.GetArrayLength() == 0)
        {
            return problems;
        }

        var conditions = new List<(string Tag, string Value, long Operator)>();
        var index = 0;
        foreach (var item in tagsElement.EnumerateArray())
        {
            index++;
            var op = 0L;
            if (Property(item, "operator") is { ValueKind: not JsonValueKind.Null } opElement && (!TryInteger(opElement, out op) || op is < 0 or > 5))
            {
                if (strict)
                {
                    throw new RpcError(-32602, FormattableString.Invariant($"Invalid parameter \"/tags/{index}/operator\": value must be one of 0, 1, 2, 3, 4, 5."));
                }

                op = -1;
            }

            conditions.Add((Property(item, "tag") is { } tag ? PhpText(tag) : string.Empty, Property(item, "value") is { } value ? PhpText(value) : string.Empty, op));
        }

        return problems.Where(e => evalType == 2
            ? conditions.Any(c => TagMatches(e, c))
            : conditions.GroupBy(c => c.Tag, StringComparer.Ordinal).All(group =>
                (group.All(c => c.Operator is 2 or 3 or 5) || group.Where(c => c.Operator is not (2 or 3 or 5)).Any(c => TagMatches(e, c)))
                && group.Where(c => c.Operator is 2 or 3 or 5).All(c => TagMatches(e, c))));
    }

    private static bool TagMatches(EventState e, (string Tag, string Value, long Operator) condition)
    {
        var values = e.Tags.Where(t => t.Key == condition.Tag && condition.Tag.Length > 0).Select(t => t.Value).ToList();
        bool Contains(string value) => value.Contains(condition.Value, StringComparison.OrdinalIgnoreCase);
        return condition.Operator switch
        {
            0 => values.Any(Contains),
            1 => values.Contains(condition.Value, StringComparer.Ordinal),
            2 => !values.Any(Contains),
            3 => !values.Contains(condition.Value, StringComparer.Ordinal),
            4 => values.Count > 0,
            5 => values.Count == 0,
            _ => false,
        };
    }
}
