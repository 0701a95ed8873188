using System;
using System.Collections.Generic;
using System.Globalization;

namespace IncidentSdk.Testing;

// The tasks API (GET /v2/incidents/{incident_id}/tasks, coc-incident-lifecycle.md §4a): the workflow node a ticket waits in.
public sealed partial class FakeCocService
{
    private static readonly Operation[] AcceptOperations =
    [
        new("accepted", "Accept"), new("rejected", "Reject"), new("unAcceptedForward", "Forward"),
    ];

    private static readonly Operation[] HandleOperations =
    [
        new("commitSolution1", "Submit Solution"), new("forwardOther1", "Forward"), new("AddRemark", "Add Remark"),
        new("incidentChangeLevel1", "Change Level"), new("incidentPause", "Pause"),
    ];

    private static readonly Operation[] ConfirmOperations = [new("confirm", "Verify")];

    private static readonly Operation[] RejectedOperations = [new("ReOpen", "Reopen"), new("agreed", "Close")];

    private readonly Dictionary<string, TaskNode> _nodes = new(StringComparer.Ordinal);
    private TimeSpan _taskDelay;
    private long _taskCounter;

    /// <summary>
    /// How long after a ticket is created or moved (on the fake's clock) its task appears: before that the tasks API answers
    /// an empty <c>data</c> array and the v2 actions API refuses every <c>task_id</c>. COC creates tasks asynchronously and
    /// Huawei's Terraform tests wait 10 s for them (coc-incident-lifecycle.md §6.6). <see cref="TimeSpan.Zero"/> by default.
    /// </summary>
    /// <remarks>
    /// The tasks the fake offers are its own choice, since the real keys are [UNCERTAIN] in the spec (§4a, §5). Each is one
    /// <c>OperateNode</c> in state <c>running</c> whose operations share one <c>task_id</c> (a 23-digit string from a counter,
    /// new whenever the node changes or an action is taken):
    /// Triggered: node <c>userTaskAccept</c> with <c>accepted</c>, <c>rejected</c>, <c>unAcceptedForward</c>;
    /// Accepted: <c>userTaskHandle</c> with <c>commitSolution1</c>, <c>forwardOther1</c>, <c>AddRemark</c>,
    /// <c>incidentChangeLevel1</c>, <c>incidentPause</c> (the APIDEF example keys);
    /// Solved: <c>userTaskConfirm</c> with <c>confirm</c>;
    /// Rejected: <c>userTaskRejected</c> with <c>ReOpen</c>, <c>agreed</c>;
    /// Confirmed: no node (<c>data</c> is <c>[]</c>).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan TaskDelay
    {
        get
        {
            lock (_gate)
            {
                return _taskDelay;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (_gate)
            {
                _taskDelay = value;
            }
        }
    }

    private static (string Key, string Name, Operation[] Operations) NodeOf(FakeTicketState state) => state switch
    {
        FakeTicketState.Triggered => ("userTaskAccept", "受理", AcceptOperations),
        FakeTicketState.Accepted => ("userTaskHandle", "处理", HandleOperations),
        FakeTicketState.Solved => ("userTaskConfirm", "验证", ConfirmOperations),
        FakeTicketState.Rejected => ("userTaskRejected", "驳回", RejectedOperations),
        _ => (string.Empty, string.Empty, []),
    };

    private Answer ReadTasks(string incidentNumber)
    {
        TaskNode node;
        bool visible;
        lock (_gate)
        {
            if (!_tickets.TryGetValue(incidentNumber, out var ticket))
            {
                return NotFound(incidentNumber);
            }

            node = CurrentNode(ticket);
            visible = IsVisible(node, _timeProvider.GetUtcNow());
        }

        var (key, name, operations) = NodeOf(node.State);
        return Success(writer =>
        {
            writer.WriteStartArray();
            if (visible && operations.Length > 0)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "OperateNode");
                writer.WriteString("key", key);
                writer.WriteString("name", name);
                writer.WriteString("state", "running");
                writer.WriteStartArray("operations");
                foreach (var operation in operations)
                {
                    writer.WriteStartObject();
                    writer.WriteString("task_id", node.TaskId);
                    writer.WriteString("key", operation.Key);
                    writer.WriteString("name_en", operation.NameEn);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>
    /// The ticket's node (under the gate); a ticket added with <see cref="AddTicket(FakeTicket)"/> or put in
    /// another state gets a new one, dated from its last change.
    /// </summary>
    private TaskNode CurrentNode(FakeTicket ticket)
    {
        if (_nodes.TryGetValue(ticket.IncidentNumber, out var node) && node.State == ticket.State)
        {
            return node;
        }

        return NewNode(ticket.IncidentNumber, ticket.State, ticket.UpdateTime ?? ticket.CreateTime ?? _timeProvider.GetUtcNow());
    }

    /// <summary>A new node with a new task id (under the gate).</summary>
    private TaskNode NewNode(string incidentNumber, FakeTicketState state, DateTimeOffset since)
    {
        _taskCounter++;
        var node = new TaskNode(state, "1" + _taskCounter.ToString("D22", CultureInfo.InvariantCulture), since);
        _nodes[incidentNumber] = node;
        return node;
    }

    private bool IsVisible(TaskNode node, DateTimeOffset now) => now >= node.Since + _taskDelay;

    private sealed record TaskNode(FakeTicketState State, string TaskId, DateTimeOffset Since);

    private sealed record Operation(string Key, string NameEn);
}
