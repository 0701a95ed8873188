using System;
using System.Collections.Generic;
using System.Text.Json;

namespace IncidentSdk.Testing;

// The v2 actions API (POST /v2/incidents/{incident_id}/actions, coc-incident-lifecycle.md §5, §6.6).
public sealed partial class FakeCocService
{
    private const int MaxTaskFieldLength = 100;

    /// <summary>The parameters COC documents as booleans; Terraform sends its params as strings, so <c>"true"</c>/<c>"false"</c> pass too (§5).</summary>
    private static readonly string[] BooleanParameters = ["virtual_confirm_result", "is_service_interrupt", "pause_approve_conclusion", "conclusion"];

    /// <summary>Where the history row's comment comes from, first present wins.</summary>
    private static readonly string[] CommentParameters =
    [
        "note", "virtual_confirm_comment", "solution", "virtual_send_comment", "virtual_change_level_comment", "pause_reason",
    ];

    /// <summary>
    /// One step of the v2 workflow: <c>task_id</c> must be the ticket's current (visible) task and <c>action</c> one of its
    /// operations; the answer is a bare BaseResponse. Transitions (§6.6, [INFERRED] there): accepted → Accepted;
    /// rejected → Rejected; ReOpen → Triggered; agreed (Rejected) → Confirmed; commitSolution1 → Solved;
    /// confirm → Confirmed when <c>virtual_confirm_result</c> is true, back to Accepted when false; the forwards, remark,
    /// level change and pause keep the state with a new task.
    /// </summary>
    private Answer HandleTaskAction(string incidentNumber, JsonElement root)
    {
        string? taskId = null, action = null;
        var bad = Text(root, "task_id", 1, MaxTaskFieldLength, required: true, ref taskId)
            ?? Text(root, "action", 1, MaxTaskFieldLength, required: true, ref action);
        if (bad is not null)
        {
            return bad;
        }

        JsonElement? parameters = null;
        if (root.TryGetProperty("params", out var element) && element.ValueKind != JsonValueKind.Null)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return InvalidField("params", element.GetRawText());
            }

            foreach (var name in BooleanParameters)
            {
                if (element.TryGetProperty(name, out var flag) && BooleanValue(flag) is null)
                {
                    return InvalidField("params." + name, Shown(flag));
                }
            }

            parameters = element;
        }

        lock (_gate)
        {
            if (!_tickets.TryGetValue(incidentNumber, out var ticket))
            {
                return NotFound(incidentNumber);
            }

            var now = _timeProvider.GetUtcNow();
            var node = CurrentNode(ticket);
            var operations = NodeOf(node.State).Operations;
            if (operations.Length == 0 || !IsVisible(node, now) || taskId != node.TaskId)
            {
                return InvalidField("task_id", taskId);
            }

            if (Array.FindIndex(operations, o => o.Key == action) < 0)
            {
                return InvalidField("action", action);
            }

            var next = ticket.State;
            IReadOnlyList<string>? assignees = null;
            switch (action)
            {
                case "accepted":
                    next = FakeTicketState.Accepted;
                    break;
                case "rejected":
                    next = FakeTicketState.Rejected;
                    break;
                case "ReOpen":
                    next = FakeTicketState.Triggered;
                    break;
                case "agreed":
                    next = FakeTicketState.Confirmed;
                    break;
                case "commitSolution1":
                    next = FakeTicketState.Solved;
                    break;
                case "confirm":
                    if (Parameter(parameters, "virtual_confirm_result") is not { } result || BooleanValue(result) is not { } confirmed)
                    {
                        return InvalidField("params.virtual_confirm_result", null);
                    }

                    next = confirmed ? FakeTicketState.Confirmed : FakeTicketState.Accepted;
                    break;
                case "unAcceptedForward" or "forwardOther1":
                    if (Parameter(parameters, "virtual_send_assignee") is { ValueKind: JsonValueKind.String } assignee && assignee.GetString() is { Length: > 0 } user)
                    {
                        assignees = [user];
                    }

                    break;
                default:
                    // AddRemark, incidentChangeLevel1, incidentPause: the state stays, the task is new.
                    break;
            }

            _tickets[incidentNumber] = ticket.With(next, ticket.CreateTime, now, next == FakeTicketState.Solved ? now : ticket.HandleTime, assignees);
            NewNode(incidentNumber, next, now);
            Record(incidentNumber, action!, ActionOperator, next, Comment(parameters), now);
        }

        return new Answer(System.Net.HttpStatusCode.OK, SuccessCode, Gateway: false, null) { OmitData = true };
    }

    private static JsonElement? Parameter(JsonElement? parameters, string name) =>
        parameters is { } values && values.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>The comment of a history row: the first text parameter that says why (<c>note</c>, a confirm comment, a solution...).</summary>
    private static string? Comment(JsonElement? parameters)
    {
        foreach (var name in CommentParameters)
        {
            if (Parameter(parameters, name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }

    private static string Shown(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
