using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.Json;

namespace IncidentSdk.Testing;

// The reads: one ticket's detail (GET /v1/external/incident/{incident_num}) and the list (POST /v2/incidents/list).
public sealed partial class FakeCocService
{
    private const int DefaultPerPage = 10;
    private const int MaxPerPage = 200;
    private const int MaxPage = 1_000_000;
    private const int MaxFilters = 20;
    private const int MaxFilterValues = 1024;

    private Answer ReadTicket(string incidentNumber)
    {
        FakeTicket? ticket;
        lock (_gate)
        {
            _tickets.TryGetValue(incidentNumber, out ticket);
        }

        return ticket is null ? NotFound(incidentNumber) : Success(writer => WriteDetail(writer, ticket));
    }

    /// <summary>The list: filters (all must match), the order, then the page; <c>total</c> counts every match.</summary>
    private Answer ListTickets(JsonElement? body)
    {
        var page = 1;
        var perPage = DefaultPerPage;
        var containTotal = true;
        var containAll = false;
        var filters = new List<TicketFilter>();
        TicketSort? sort = null;
        var incidentsAsked = true;
        if (body is { } root)
        {
            if ((Integer(root, "page", 1, MaxPage, ref page) ?? Integer(root, "per_page", 1, MaxPerPage, ref perPage)
                ?? Flag(root, "contain_total", ref containTotal) ?? Flag(root, "contain_all", ref containAll)) is { } badPaging)
            {
                return badPaging;
            }

            if (root.TryGetProperty("condition", out var condition) && condition.ValueKind == JsonValueKind.String && condition.GetString()!.Length > 0)
            {
                return Invalid("The fake does not evaluate condition; combine filters with AND (leave condition empty)");
            }

            if (root.TryGetProperty("ticket_types", out var types) && types.ValueKind == JsonValueKind.Array)
            {
                incidentsAsked = types.GetArrayLength() == 0 || types.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == "incident");
            }

            if ((ReadFilters(root, "string_filters", numeric: false, filters) ?? ReadFilters(root, "int_filters", numeric: true, filters)) is { } badFilter)
            {
                return badFilter;
            }

            if (root.TryGetProperty("sort_filter", out var sortElement) && sortElement.ValueKind != JsonValueKind.Null)
            {
                if (ReadSort(sortElement, out sort) is { } badSort)
                {
                    return badSort;
                }
            }
        }

        List<FakeTicket> matches;
        lock (_gate)
        {
            matches = incidentsAsked ? _tickets.Values.Where(t => filters.All(f => f.Matches(t))).ToList() : [];
        }

        if (sort is { } order)
        {
            matches = order.Apply(matches);
        }

        var rows = containAll ? matches : matches.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * perPage)).Take(perPage).ToList();
        return new Answer(HttpStatusCode.OK, SuccessCode, Gateway: false, null)
        {
            Data = writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("tickets");
                foreach (var ticket in rows)
                {
                    WriteRow(writer, ticket);
                }

                writer.WriteEndArray();
                if (containTotal)
                {
                    writer.WriteNumber("total", matches.Count);
                }

                writer.WriteEndObject();
            },
        };
    }

    private static Answer? Integer(JsonElement root, string name, int min, int max, ref int value)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var number) || number < min || number > max)
        {
            return Invalid("The field[" + name + "] value[" + element.GetRawText() + "] invalid");
        }

        value = number;
        return null;
    }

    private static Answer? Flag(JsonElement root, string name, ref bool value)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return Invalid("The field[" + name + "] value[" + element.GetRawText() + "] invalid");
        }

        value = element.GetBoolean();
        return null;
    }

    private static Answer? ReadFilters(JsonElement root, string name, bool numeric, List<TicketFilter> filters)
    {
        if (!root.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > MaxFilters)
        {
            return Invalid(name + " size must be between 0 and " + MaxFilters.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var item in list.EnumerateArray())
        {
            if (TicketFilter.Read(item, name, numeric, out var filter) is { } message)
            {
                return Invalid(message);
            }

            filters.Add(filter!);
        }

        return null;
    }

    private static Answer? ReadSort(JsonElement element, out TicketSort? sort)
    {
        sort = null;
        var field = Internal.Bodies.StringProperty(element, "field");
        var direction = Internal.Bodies.StringProperty(element, "operator");
        if (field is null || !TicketFields.IsKnown(field))
        {
            return Invalid("The field[sort_filter.field] value[" + field + "] invalid");
        }

        if (direction is not ("asc" or "desc"))
        {
            return Invalid("The field[sort_filter.operator] value[" + direction + "] invalid");
        }

        sort = new TicketSort(field, direction == "desc");
        return null;
    }

    private static void WriteDetail(Utf8JsonWriter writer, FakeTicket ticket)
    {
        writer.WriteStartObject();
        writer.WriteString("incident_num", ticket.IncidentNumber);
        WriteList(writer, "region", ticket.Regions);
        WriteList(writer, "enterprise_project", ticket.EnterpriseProjects);
        WriteList(writer, "current_cloud_service", ticket.CloudServices);
        writer.WriteString("incident_level", ticket.Level);
        writer.WriteBoolean("is_service_interrupt", ticket.IsServiceInterrupted);
        WriteTime(writer, "start_time", ticket.StartTime);
        writer.WriteString("incident_type", ticket.Category);
        writer.WriteString("incident_title", TicketFields.Title(ticket));
        WriteText(writer, "incident_description", ticket.Description);
        writer.WriteString("incident_source", ticket.Source);
        writer.WriteStartArray("incident_assignee");
        foreach (var assignee in ticket.Assignees)
        {
            writer.WriteStringValue(assignee);
        }

        writer.WriteEndArray();
        WriteText(writer, "assignee_scene", ticket.AssigneeScene);
        WriteText(writer, "assignee_role", ticket.AssigneeRole);
        WriteText(writer, "incident_ownership", ticket.Ownership);
        WriteTime(writer, "handle_time", ticket.HandleTime);
        writer.WriteString("status", ticket.Status);
        WriteTime(writer, "create_time", ticket.CreateTime);
        WriteText(writer, "creator", ticket.Creator);
        writer.WriteStartArray("enum_data_list");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A list row with the keys Huawei's Terraform provider reads (§3); times and flags as JSON numbers and booleans, as in the examples.</summary>
    private static void WriteRow(Utf8JsonWriter writer, FakeTicket ticket)
    {
        writer.WriteStartObject();
        writer.WriteString("ticket_id", ticket.IncidentNumber);
        writer.WriteString("title", TicketFields.Title(ticket));
        WriteText(writer, "description", ticket.Description);
        writer.WriteString("level_id", ticket.Level);
        writer.WriteString("mtm_type", ticket.Category);
        writer.WriteString("source_id", ticket.Source);
        writer.WriteBoolean("is_service_interrupt", ticket.IsServiceInterrupted);
        writer.WriteString("work_flow_status", ticket.Status);
        // The type of assignee is not shown by any source (§3); the fake writes the first owner as a string.
        WriteText(writer, "assignee", ticket.Assignees.Count > 0 ? ticket.Assignees[0] : null);
        WriteText(writer, "creator", ticket.Creator);
        WriteTime(writer, "create_time", ticket.CreateTime);
        WriteTime(writer, "update_time", ticket.UpdateTime);
        WriteTime(writer, "start_time", ticket.StartTime);
        WriteTime(writer, "handle_time", ticket.HandleTime);
        writer.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            writer.WriteNumber(name, value.ToUnixTimeMilliseconds());
        }
    }

    /// <summary>An array of strings, written only when it has items (so tickets without them read as before).</summary>
    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }

    private static void WriteText(Utf8JsonWriter writer, string name, string? text)
    {
        if (text is not null)
        {
            writer.WriteString(name, text);
        }
    }
}
