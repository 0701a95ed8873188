using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace IncidentSdk.Testing;

/// <summary>The list fields the fake can filter and sort on, by their list-API names (coc-incident-lifecycle.md §3).</summary>
internal static class TicketFields
{
    private static readonly HashSet<string> Times = new(StringComparer.Ordinal) { "create_time", "update_time", "start_time", "handle_time" };

    private static readonly HashSet<string> Texts = new(StringComparer.Ordinal)
    {
        "ticket_id", "title", "description", "level_id", "work_flow_status", "mtm_type", "source_id", "creator", "assignee", "is_service_interrupt",
    };

    public static bool IsKnown(string field) => Times.Contains(field) || Texts.Contains(field);

    public static bool IsTime(string field) => Times.Contains(field);

    public static string Title(FakeTicket ticket) => ticket.Title ?? "Incident " + ticket.IncidentNumber;

    /// <summary>The ticket's values of a field: one for most, every owner for <c>assignee</c>, none when unset.</summary>
    public static IEnumerable<string> Values(FakeTicket ticket, string field) => field switch
    {
        "ticket_id" => [ticket.IncidentNumber],
        "title" => [Title(ticket)],
        "description" => ticket.Description is null ? [] : [ticket.Description],
        "level_id" => [ticket.Level],
        "work_flow_status" => [ticket.Status],
        "mtm_type" => [ticket.Category],
        "source_id" => [ticket.Source],
        "creator" => ticket.Creator is null ? [] : [ticket.Creator],
        "assignee" => ticket.Assignees,
        "is_service_interrupt" => [ticket.IsServiceInterrupted ? "true" : "false"],
        "create_time" => Millis(ticket.CreateTime),
        "update_time" => Millis(ticket.UpdateTime),
        "start_time" => Millis(ticket.StartTime),
        "handle_time" => Millis(ticket.HandleTime),
        _ => [],
    };

    private static string[] Millis(DateTimeOffset? time) => time is { } t ? [t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)] : [];
}

/// <summary>One <c>ObjectFilterV2</c> as the fake applies it: times and <c>int_filters</c> compare as numbers, the rest as ordinal text.</summary>
internal sealed class TicketFilter
{
    private static readonly HashSet<string> Operators = new(StringComparer.Ordinal) { "in", "like", "startwith", "endwith", "=", "!=", ">", "<", ">=", "<=" };

    private TicketFilter(string field, string @operator, string[] values, bool numeric)
    {
        Field = field;
        Operator = @operator;
        Values = values;
        Numeric = numeric;
    }

    public string Field { get; }

    public string Operator { get; }

    public string[] Values { get; }

    public bool Numeric { get; }

    /// <summary>Reads a filter; returns the error message of a malformed one.</summary>
    public static string? Read(JsonElement item, string list, bool numeric, out TicketFilter? filter)
    {
        filter = null;
        var field = Internal.Bodies.StringProperty(item, "field");
        var op = Internal.Bodies.StringProperty(item, "operator");
        if (field is null || !TicketFields.IsKnown(field))
        {
            return "The field[" + list + ".field] value[" + field + "] invalid";
        }

        if (op is null || !Operators.Contains(op))
        {
            return "The field[" + list + ".operator] value[" + op + "] invalid";
        }

        if (!item.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array
            || values.GetArrayLength() is 0 or > 1024 || values.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            return "The field[" + list + ".values] value[] invalid";
        }

        var texts = values.EnumerateArray().Select(v => v.GetString()!).ToArray();
        var asNumbers = numeric || TicketFields.IsTime(field);
        if (asNumbers && texts.Any(t => !long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            return "The field[" + list + ".values] value[" + string.Join(",", texts) + "] invalid";
        }

        filter = new TicketFilter(field, op, texts, asNumbers);
        return null;
    }

    public bool Matches(FakeTicket ticket)
    {
        var actual = TicketFields.Values(ticket, Field).ToArray();
        if (Operator == "!=")
        {
            return actual.All(a => Compare(a, Values[0]) != 0);
        }

        return actual.Any(a => Operator switch
        {
            "in" => Values.Any(v => Compare(a, v) == 0),
            "like" => a.Contains(Values[0], StringComparison.Ordinal),
            "startwith" => a.StartsWith(Values[0], StringComparison.Ordinal),
            "endwith" => a.EndsWith(Values[0], StringComparison.Ordinal),
            "=" => Compare(a, Values[0]) == 0,
            ">" => Compare(a, Values[0]) > 0,
            "<" => Compare(a, Values[0]) < 0,
            ">=" => Compare(a, Values[0]) >= 0,
            _ => Compare(a, Values[0]) <= 0,
        });
    }

    private int Compare(string actual, string value) =>
        Numeric && long.TryParse(actual, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var left)
            ? left.CompareTo(long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))
            : string.CompareOrdinal(actual, value);
}

/// <summary>The order of a list: a field and a direction; a ticket without the field comes first in ascending order.</summary>
internal sealed record TicketSort(string Field, bool Descending)
{
    public List<FakeTicket> Apply(List<FakeTicket> tickets)
    {
        var numeric = TicketFields.IsTime(Field);
        Func<FakeTicket, (bool, long, string)> key = t =>
        {
            var value = TicketFields.Values(t, Field).FirstOrDefault();
            return value is null
                ? (false, 0L, string.Empty)
                : (true, numeric ? long.Parse(value, CultureInfo.InvariantCulture) : 0L, numeric ? string.Empty : value);
        };
        var comparer = Comparer<(bool, long, string)>.Create((a, b) =>
        {
            var byPresence = a.Item1.CompareTo(b.Item1);
            return byPresence != 0 ? byPresence : a.Item2 != b.Item2 ? a.Item2.CompareTo(b.Item2) : string.CompareOrdinal(a.Item3, b.Item3);
        });
        return (Descending ? tickets.OrderByDescending(key, comparer) : tickets.OrderBy(key, comparer)).ToList();
    }
}
