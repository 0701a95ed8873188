using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace IncidentSdk.Testing;

// The histories API (POST /v2/incidents/{incident_id}/histories, coc-incident-lifecycle.md §4b) and the console's close.
public sealed partial class FakeCocService
{
    /// <summary>The names of the actions the fake records (its own wording; COC's are not in the spec beyond <c>create incident</c>).</summary>
    private static readonly Dictionary<string, (string Zh, string En)> ActionNames = new(StringComparer.Ordinal)
    {
        ["create_incident"] = ("创建事件单", "create incident"),
        ["close_incident"] = ("关闭事件单", "close incident"),
        ["accepted"] = ("受理", "accept"),
        ["acceptedIncident1"] = ("受理", "accept"),
        ["rejected"] = ("驳回", "reject"),
        ["ReOpen"] = ("重新打开", "reopen"),
        ["agreed"] = ("同意", "agree"),
        ["unAcceptedForward"] = ("转派", "forward"),
        ["forwardOther1"] = ("转派", "forward"),
        ["AddRemark"] = ("添加备注", "add remark"),
        ["incidentChangeLevel1"] = ("变更级别", "change level"),
        ["incidentPause"] = ("暂停", "pause"),
        ["commitSolution1"] = ("提交解决方案", "commit solution"),
        ["confirm"] = ("验证", "verify"),
    };

    private readonly Dictionary<string, List<FakeHistoryEntry>> _histories = new(StringComparer.Ordinal);

    /// <summary>The ticket's history, oldest first (a snapshot); empty for a ticket that had none or does not exist.</summary>
    /// <param name="incidentNumber">The ticket number.</param>
    /// <returns>The rows.</returns>
    public IReadOnlyList<FakeHistoryEntry> GetHistory(string incidentNumber)
    {
        lock (_gate)
        {
            return incidentNumber is not null && _histories.TryGetValue(incidentNumber, out var rows) ? [.. rows] : [];
        }
    }

    /// <summary>
    /// Moves the ticket to <see cref="FakeTicketState.Confirmed"/> as if it was closed in the console, with a
    /// <c>close_incident</c> history row by <see cref="ActionOperator"/>; a ticket already there is left as it is.
    /// </summary>
    /// <param name="incidentNumber">The ticket number.</param>
    /// <exception cref="ArgumentException">There is no such ticket.</exception>
    public void CompleteTicket(string incidentNumber)
    {
        lock (_gate)
        {
            if (incidentNumber is null || !_tickets.TryGetValue(incidentNumber, out var ticket))
            {
                throw new ArgumentException("There is no ticket " + incidentNumber + ".", nameof(incidentNumber));
            }

            if (ticket.State == FakeTicketState.Confirmed)
            {
                return;
            }

            var now = _timeProvider.GetUtcNow();
            _tickets[incidentNumber] = ticket.With(FakeTicketState.Confirmed, ticket.CreateTime, now, ticket.HandleTime);
            NewNode(incidentNumber, FakeTicketState.Confirmed, now);
            Record(incidentNumber, "close_incident", ActionOperator, FakeTicketState.Confirmed, null, now);
        }
    }

    /// <summary>Adds a history row (under the gate).</summary>
    private void Record(string incidentNumber, string action, string actor, FakeTicketState state, string? comment, DateTimeOffset at)
    {
        if (!_histories.TryGetValue(incidentNumber, out var rows))
        {
            _histories[incidentNumber] = rows = [];
        }

        var (zh, en) = ActionNames.TryGetValue(action, out var names) ? names : (action, action);
        rows.Add(new FakeHistoryEntry(action, zh, en, actor, FakeTicket.StatusOf(state), at, at, comment));
    }

    /// <summary>
    /// The rows, oldest first, or newest first with <c>sort_filter {field:"start_time", operator:"desc"}</c>. The fake
    /// filters nothing: non-empty <c>string_filters</c> or <c>int_filters</c> are refused. Extra fields (Terraform sends
    /// <c>incident_id</c>) are ignored.
    /// </summary>
    private Answer ListHistory(string incidentNumber, JsonElement? body)
    {
        var descending = false;
        if (body is { } root)
        {
            foreach (var name in new[] { "string_filters", "int_filters" })
            {
                if (root.TryGetProperty(name, out var filters) && filters.ValueKind != JsonValueKind.Null
                    && (filters.ValueKind != JsonValueKind.Array || filters.GetArrayLength() > 0))
                {
                    return Invalid("The fake does not filter histories; leave " + name + " empty");
                }
            }

            if (root.TryGetProperty("sort_filter", out var sort) && sort.ValueKind != JsonValueKind.Null)
            {
                var field = Internal.Bodies.StringProperty(sort, "field");
                var direction = Internal.Bodies.StringProperty(sort, "operator");
                if (field != "start_time")
                {
                    return InvalidField("sort_filter.field", field);
                }

                if (direction is not ("asc" or "desc"))
                {
                    return InvalidField("sort_filter.operator", direction);
                }

                descending = direction == "desc";
            }
        }

        List<FakeHistoryEntry> rows;
        lock (_gate)
        {
            if (!_tickets.ContainsKey(incidentNumber))
            {
                return NotFound(incidentNumber);
            }

            // Stable: rows with the same start time keep the order they were written in (reversed when descending).
            rows = _histories.TryGetValue(incidentNumber, out var written) ? [.. written] : [];
        }

        var ordered = rows.Select((row, index) => (row, index)).OrderBy(r => r.row.StartTime).ThenBy(r => r.index).Select(r => r.row).ToList();
        if (descending)
        {
            ordered.Reverse();
        }

        return Success(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("total", ordered.Count);
            writer.WriteStartArray("info");
            foreach (var row in ordered)
            {
                writer.WriteStartObject();
                writer.WriteString("action", row.Action);
                writer.WriteString("action_name_zh", row.ActionNameZh);
                writer.WriteString("action_name_en", row.ActionNameEn);
                writer.WriteString("operator", row.Operator);
                writer.WriteString("status", row.Status);
                writer.WriteString("start_time", row.StartTime.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
                writer.WriteString("stop_time", row.StopTime.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
                if (row.Comment is null)
                {
                    writer.WriteNull("comment");
                }
                else
                {
                    writer.WriteString("comment", row.Comment);
                }

                writer.WriteStartArray("enum_data_list");
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }
}
