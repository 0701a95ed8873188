using System.Text.Json.Nodes;

namespace IncidentSdk.Coc;

/// <summary>
/// An action on a ticket through the v2 API (<c>POST /v2/incidents/{incident_id}/actions</c>, <c>ExecuteActionParamsV2</c>,
/// coc-incident-lifecycle.md §5). Take <see cref="TaskId"/> and <see cref="Action"/> verbatim from
/// <see cref="IncidentClient.GetIncidentTasksAsync"/> (or <see cref="IncidentClient.WaitForIncidentActionAsync"/>): the
/// same key means different things in different nodes, and the documented keys differ from the ones COC's examples return.
/// </summary>
public sealed class IncidentActionRequest
{
    /// <summary>The longest ticket number the path takes (<c>incident_id</c> 1–50).</summary>
    public const int MaxIncidentNumberLength = 50;

    /// <summary>The longest task id and action key (<c>task_id</c>, <c>action</c> 1–100).</summary>
    public const int MaxFieldLength = 100;

    /// <summary>Creates a request.</summary>
    /// <param name="incidentNumber">The ticket number (<c>incident_id</c> in the path).</param>
    /// <param name="taskId">The task id (<c>task_id</c>).</param>
    /// <param name="action">The action key (<c>action</c>).</param>
    public IncidentActionRequest(string incidentNumber, string taskId, string action)
    {
        IncidentNumber = incidentNumber;
        TaskId = taskId;
        Action = action;
    }

    /// <summary>Creates a request for an action the tasks API offered.</summary>
    /// <param name="incidentNumber">The ticket number.</param>
    /// <param name="operation">The action, with its task id.</param>
    public IncidentActionRequest(string incidentNumber, IncidentTaskOperation operation)
        : this(incidentNumber, operation?.TaskId!, operation?.Key!)
    {
    }

    /// <summary>The ticket number (<c>incident_id</c> in the path).</summary>
    public string IncidentNumber { get; set; }

    /// <summary>The task id (<c>task_id</c>).</summary>
    public string TaskId { get; set; }

    /// <summary>The action key (<c>action</c>).</summary>
    public string Action { get; set; }

    /// <summary>
    /// The action's parameters (<c>params</c>), sent exactly as given, such as <c>{"note":"..."}</c> for a remark or
    /// <c>{"virtual_confirm_result":true,"virtual_confirm_comment":"..."}</c> for <c>confirm</c>; left out when
    /// <see langword="null"/>. At most <see cref="RawIncidentParameter.MaxDepth"/> levels deep.
    /// </summary>
    public JsonObject? Parameters { get; set; }
}
