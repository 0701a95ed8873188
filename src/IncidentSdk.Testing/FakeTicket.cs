using System;
using System.Collections.Generic;

namespace IncidentSdk.Testing;

/// <summary>
/// A ticket in <see cref="FakeCocService"/>: what the detail and list APIs report about it. Give one to
/// <see cref="FakeCocService.AddTicket(FakeTicket)"/>; <see cref="FakeCocService.GetTicket"/> returns a snapshot.
/// </summary>
public sealed class FakeTicket
{
    /// <summary>Creates a ticket with the given number and the defaults of the other fields.</summary>
    /// <param name="incidentNumber">The ticket number, e.g. <c>IM202403221515060171753781</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="incidentNumber"/> is null or empty.</exception>
    public FakeTicket(string incidentNumber)
    {
        ArgumentException.ThrowIfNullOrEmpty(incidentNumber);
        IncidentNumber = incidentNumber;
    }

    /// <summary>The ticket number (<c>incident_num</c>, <c>ticket_id</c> in the list).</summary>
    public string IncidentNumber { get; }

    /// <summary>Where the ticket is in the accept → solve → confirm workflow; its status key follows (<see cref="Status"/>).</summary>
    public FakeTicketState State { get; init; } = FakeTicketState.Triggered;

    /// <summary>The title (<c>incident_title</c>); <c>Incident {number}</c> unless set.</summary>
    public string? Title { get; init; }

    /// <summary>The description (<c>incident_description</c>).</summary>
    public string? Description { get; init; }

    /// <summary>The level key (<c>incident_level</c>); <c>level_50</c> (P5) unless set.</summary>
    public string Level { get; init; } = "level_50";

    /// <summary>The incident category (<c>incident_type</c>); <c>inc_type_p_function_issues</c> unless set.</summary>
    public string Category { get; init; } = "inc_type_p_function_issues";

    /// <summary>The source key (<c>incident_source</c>); <c>incident_source_manual</c> unless set.</summary>
    public string Source { get; init; } = "incident_source_manual";

    /// <summary>Whether the service was interrupted (<c>is_service_interrupt</c>).</summary>
    public bool IsServiceInterrupted { get; init; }

    /// <summary>The creator's user id (<c>creator</c>).</summary>
    public string? Creator { get; init; }

    /// <summary>The owners' user ids (<c>incident_assignee</c>).</summary>
    public IReadOnlyList<string> Assignees { get; init; } = [];

    /// <summary>The scheduling scene id (<c>assignee_scene</c>), given with <see cref="AssigneeRole"/> instead of <see cref="Assignees"/>.</summary>
    public string? AssigneeScene { get; init; }

    /// <summary>The scheduling role id (<c>assignee_role</c>), given with <see cref="AssigneeScene"/>.</summary>
    public string? AssigneeRole { get; init; }

    /// <summary>The regions (<c>region</c>; COC supports one).</summary>
    public IReadOnlyList<string> Regions { get; init; } = [];

    /// <summary>The enterprise projects (<c>enterprise_project</c>; COC supports one).</summary>
    public IReadOnlyList<string> EnterpriseProjects { get; init; } = [];

    /// <summary>The COC applications (<c>current_cloud_service</c>; COC supports one).</summary>
    public IReadOnlyList<string> CloudServices { get; init; } = [];

    /// <summary>The ownership key (<c>incident_ownership</c>), such as <c>incident_ownership_300</c>.</summary>
    public string? Ownership { get; init; }

    /// <summary>When the ticket was created (<c>create_time</c>); the fake's clock when it is added, unless set.</summary>
    public DateTimeOffset? CreateTime { get; init; }

    /// <summary>When the ticket last changed (<c>update_time</c>); set by the fake on every action.</summary>
    public DateTimeOffset? UpdateTime { get; init; }

    /// <summary>When the fault started (<c>start_time</c>).</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>When a solution was last submitted (<c>handle_time</c>); set by the fake on <c>commitSolution1</c>.</summary>
    public DateTimeOffset? HandleTime { get; init; }

    /// <summary>The status key the ticket's <see cref="State"/> reports (coc-incident-lifecycle.md §6.5).</summary>
    public string Status => StatusOf(State);

    /// <summary>The status key of a state.</summary>
    internal static string StatusOf(FakeTicketState state) => state switch
    {
        FakeTicketState.Triggered => "INCIDENT_STATUS_TRIGGERED",
        FakeTicketState.Accepted => "INCIDENT_STATUS_ACKNOWLEDGED",
        FakeTicketState.Solved => "INCIDENT_STATUS_RESOLVED",
        FakeTicketState.Rejected => "INCIDENT_STATUS_REJECTED",
        _ => "INCIDENT_STATUS_COMPLETED",
    };

    /// <summary>A copy with another state and the times an action sets (and other owners, when given).</summary>
    internal FakeTicket With(FakeTicketState state, DateTimeOffset? createTime, DateTimeOffset? updateTime, DateTimeOffset? handleTime, IReadOnlyList<string>? assignees = null) => new(IncidentNumber)
    {
        State = state,
        Title = Title,
        Description = Description,
        Level = Level,
        Category = Category,
        Source = Source,
        IsServiceInterrupted = IsServiceInterrupted,
        Creator = Creator,
        Assignees = assignees ?? Assignees,
        AssigneeScene = AssigneeScene,
        AssigneeRole = AssigneeRole,
        Regions = Regions,
        EnterpriseProjects = EnterpriseProjects,
        CloudServices = CloudServices,
        Ownership = Ownership,
        CreateTime = createTime,
        UpdateTime = updateTime,
        StartTime = StartTime,
        HandleTime = handleTime,
    };
}
