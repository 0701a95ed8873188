using System;
using System.Collections.Generic;
using System.Linq;
using IncidentSdk.Coc;

namespace IncidentSdk;

// The results of opening a ticket and of the v2 workflow.
public static partial class IncidentSdkModelFactory
{
    /// <summary>Builds a result as <see cref="IncidentClient.CreateIncidentAsync"/> returns it.</summary>
    /// <param name="incidentNumber">The ticket number.</param>
    /// <param name="marker">The marker in the ticket's reference line.</param>
    /// <param name="foundByReadBack">Whether the ticket was found through the list after a lost answer.</param>
    /// <returns>The result.</returns>
    public static CreatedIncident CreatedIncident(string incidentNumber, string marker = "isdk-00000000000000000000000000000000", bool foundByReadBack = false) =>
        new(incidentNumber, marker, foundByReadBack);

    /// <summary>Builds a workflow node as <see cref="IncidentClient.GetIncidentTasksAsync"/> returns it.</summary>
    /// <param name="type">The node type.</param>
    /// <param name="key">The node key.</param>
    /// <param name="name">The node name.</param>
    /// <param name="state">The node state.</param>
    /// <param name="operations">The actions offered; none when <see langword="null"/>.</param>
    /// <returns>The node.</returns>
    public static IncidentTask IncidentTask(string? type = "OperateNode", string? key = null, string? name = null, string? state = "running", IEnumerable<IncidentTaskOperation>? operations = null) =>
        new(type, key, name, state, operations?.ToArray() ?? []);

    /// <summary>Builds an action a node offers.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="key">The action key.</param>
    /// <param name="nameEn">The English name.</param>
    /// <param name="nameZh">The Chinese name.</param>
    /// <returns>The action.</returns>
    public static IncidentTaskOperation IncidentTaskOperation(string taskId, string key, string? nameEn = null, string? nameZh = null) =>
        new(taskId, key, nameEn, nameZh);

    /// <summary>Builds a history row as <see cref="IncidentClient.GetIncidentHistoryAsync"/> returns it.</summary>
    /// <param name="action">The action.</param>
    /// <param name="status">The status at that step.</param>
    /// <param name="actionNameZh">The action's Chinese name.</param>
    /// <param name="actionNameEn">The action's English name.</param>
    /// <param name="operator">Who acted.</param>
    /// <param name="startTime">When the step started.</param>
    /// <param name="stopTime">When the step ended.</param>
    /// <param name="comment">The comment.</param>
    /// <param name="enumValues">The display names of keys; none when <see langword="null"/>.</param>
    /// <returns>The row.</returns>
    public static IncidentHistoryEntry IncidentHistoryEntry(
        string? action = null,
        IncidentStatus? status = null,
        string? actionNameZh = null,
        string? actionNameEn = null,
        string? @operator = null,
        DateTimeOffset? startTime = null,
        DateTimeOffset? stopTime = null,
        string? comment = null,
        IEnumerable<IncidentEnumValue>? enumValues = null) =>
        new(action, status)
        {
            ActionNameZh = actionNameZh,
            ActionNameEn = actionNameEn,
            Operator = @operator,
            StartTime = startTime,
            StopTime = stopTime,
            Comment = comment,
            EnumValues = enumValues?.ToArray() ?? [],
        };
}
