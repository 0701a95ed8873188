using System;
using System.Collections.Generic;

namespace IncidentSdk.Coc;

/// <summary>
/// A workflow node of a ticket (<c>CocTaskDetailV2</c>, coc-incident-lifecycle.md §4a), such as the handling node, with
/// the actions it offers now.
/// </summary>
public sealed class IncidentTask
{
    /// <summary>Creates a node.</summary>
    /// <param name="type">The node type (<c>type</c>), such as <c>OperateNode</c>.</param>
    /// <param name="key">The node key (<c>key</c>), such as <c>userTaskHandle</c>.</param>
    /// <param name="name">The node name (<c>name</c>).</param>
    /// <param name="state">The node state (<c>state</c>), such as <c>running</c>.</param>
    /// <param name="operations">The actions the node offers.</param>
    public IncidentTask(string? type, string? key, string? name, string? state, IReadOnlyList<IncidentTaskOperation> operations)
    {
        Type = type;
        Key = key;
        Name = name;
        State = state;
        Operations = operations ?? throw new ArgumentNullException(nameof(operations));
    }

    /// <summary>The node type (<c>type</c>), such as <c>OperateNode</c>.</summary>
    public string? Type { get; }

    /// <summary>The node key (<c>key</c>), such as <c>userTaskHandle</c>.</summary>
    public string? Key { get; }

    /// <summary>The node name (<c>name</c>).</summary>
    public string? Name { get; }

    /// <summary>The node state (<c>state</c>), such as <c>running</c>.</summary>
    public string? State { get; }

    /// <summary>The actions the node offers (<c>operations</c>).</summary>
    public IReadOnlyList<IncidentTaskOperation> Operations { get; }
}

/// <summary>
/// An action a ticket's workflow offers (<c>CocTaskOperationDetailV2</c>, §4a): send <see cref="TaskId"/> and
/// <see cref="Key"/> exactly as given to <see cref="IncidentClient.ExecuteIncidentActionAsync"/>.
/// </summary>
public sealed class IncidentTaskOperation
{
    /// <summary>Creates an action.</summary>
    /// <param name="taskId">The task id (<c>task_id</c>), a long decimal number kept as text.</param>
    /// <param name="key">The action key (<c>key</c>), such as <c>commitSolution1</c>.</param>
    /// <param name="nameEn">The English name (<c>name_en</c>), when COC gave one.</param>
    /// <param name="nameZh">The Chinese name (<c>name_cn</c>), when COC gave one.</param>
    public IncidentTaskOperation(string taskId, string key, string? nameEn, string? nameZh)
    {
        TaskId = taskId ?? throw new ArgumentNullException(nameof(taskId));
        Key = key ?? throw new ArgumentNullException(nameof(key));
        NameEn = nameEn;
        NameZh = nameZh;
    }

    /// <summary>The task id (<c>task_id</c>), such as <c>19102976566880092186683</c>; it changes as the workflow moves.</summary>
    public string TaskId { get; }

    /// <summary>The action key (<c>key</c>), such as <c>accepted</c> or <c>commitSolution1</c>.</summary>
    public string Key { get; }

    /// <summary>The English name (<c>name_en</c>).</summary>
    public string? NameEn { get; }

    /// <summary>The Chinese name (<c>name_cn</c>).</summary>
    public string? NameZh { get; }

    /// <inheritdoc/>
    public override string ToString() => Key + " (task " + TaskId + ")";
}

/// <summary>One step in a ticket's history (<c>CocTicketHistoryBaseInfoV2</c>, §4b).</summary>
public sealed class IncidentHistoryEntry
{
    /// <summary>Creates an entry.</summary>
    /// <param name="action">The action (<c>action</c>), such as <c>create_incident</c>.</param>
    /// <param name="status">The ticket's status at that step (<c>status</c>).</param>
    public IncidentHistoryEntry(string? action, IncidentStatus? status)
    {
        Action = action;
        Status = status;
    }

    /// <summary>The action (<c>action</c>), such as <c>create_incident</c>.</summary>
    public string? Action { get; }

    /// <summary>The ticket's status at that step (<c>status</c>).</summary>
    public IncidentStatus? Status { get; }

    /// <summary>The action's Chinese name (<c>action_name_zh</c>).</summary>
    public string? ActionNameZh { get; init; }

    /// <summary>The action's English name (<c>action_name_en</c>).</summary>
    public string? ActionNameEn { get; init; }

    /// <summary>Who acted (<c>operator</c>, a user id).</summary>
    public string? Operator { get; init; }

    /// <summary>When the step started (<c>start_time</c>, sent by COC as a string of epoch milliseconds).</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>When the step ended (<c>stop_time</c>).</summary>
    public DateTimeOffset? StopTime { get; init; }

    /// <summary>The comment (<c>comment</c>).</summary>
    public string? Comment { get; init; }

    /// <summary>Names of the keys in the entry (<c>enum_data_list</c>: <c>prop_id</c>, <c>biz_id</c>, names).</summary>
    public IReadOnlyList<IncidentEnumValue> EnumValues { get; init; } = [];
}
