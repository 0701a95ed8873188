using System;
using System.Collections.Generic;

namespace IncidentSdk.Coc;

/// <summary>
/// An incident ticket as COC reports it, from the detail API (<see cref="IncidentClient.GetIncidentAsync"/>) or the
/// list API (<see cref="IncidentClient.ListIncidentsAsync"/>). The two APIs name their fields differently and each
/// reports a few the other does not; a member that the answer did not carry is <see langword="null"/> (or empty).
/// </summary>
public sealed class IncidentTicket
{
    internal IncidentTicket(string number) => Number = number;

    /// <summary>The ticket number (<c>incident_num</c>; <c>ticket_id</c> in the list), such as <c>IM202401121015200199403234</c>.</summary>
    public string Number { get; }

    /// <summary>The title (<c>incident_title</c>; <c>title</c> in the list).</summary>
    public string? Title { get; internal init; }

    /// <summary>The description (<c>incident_description</c>; <c>description</c> in the list).</summary>
    public string? Description { get; internal init; }

    /// <summary>The level (<c>incident_level</c>; <c>level_id</c> in the list).</summary>
    public IncidentLevel? Level { get; internal init; }

    /// <summary>The status key (<c>status</c>; <c>work_flow_status</c> in the list).</summary>
    public IncidentStatus? Status { get; internal init; }

    /// <summary>The incident category (<c>incident_type</c>; <c>mtm_type</c> in the list).</summary>
    public IncidentCategory? Category { get; internal init; }

    /// <summary>The source key (<c>incident_source</c>; <c>source_id</c> in the list), such as <c>incident_source_manual</c>.</summary>
    public string? Source { get; internal init; }

    /// <summary>The ownership key (<c>incident_ownership</c>), such as <c>incident_ownership_300</c>.</summary>
    public string? Ownership { get; internal init; }

    /// <summary>Whether the service was interrupted (<c>is_service_interrupt</c>).</summary>
    public bool? IsServiceInterrupted { get; internal init; }

    /// <summary>The creator's user id (<c>creator</c>).</summary>
    public string? Creator { get; internal init; }

    /// <summary>The owners' user ids (<c>incident_assignee</c>; <c>assignee</c> in the list).</summary>
    public IReadOnlyList<string> Assignees { get; internal init; } = [];

    /// <summary>The scheduling scene id (<c>assignee_scene</c>; detail only).</summary>
    public string? AssigneeScene { get; internal init; }

    /// <summary>The scheduling role id (<c>assignee_role</c>; detail only).</summary>
    public string? AssigneeRole { get; internal init; }

    /// <summary>The user who acted last (<c>operator</c>; list only).</summary>
    public string? LastOperator { get; internal init; }

    /// <summary>The workflow phase (<c>phase</c>; list only), such as <c>phase_incident_create</c>.</summary>
    public string? Phase { get; internal init; }

    /// <summary>The regions (<c>region</c>; <c>mtm_region</c> in the list).</summary>
    public IReadOnlyList<string> Regions { get; internal init; } = [];

    /// <summary>The enterprise projects (<c>enterprise_project</c>; <c>enterprise_project_id</c> in the list).</summary>
    public IReadOnlyList<string> EnterpriseProjects { get; internal init; } = [];

    /// <summary>The COC applications (<c>current_cloud_service</c>; <c>current_cloud_service_id</c> in the list).</summary>
    public IReadOnlyList<string> CloudServices { get; internal init; } = [];

    /// <summary>The war room id (<c>warroom_id</c>; detail only).</summary>
    public string? WarRoomId { get; internal init; }

    /// <summary>When the ticket was created (<c>create_time</c>).</summary>
    public DateTimeOffset? CreateTime { get; internal init; }

    /// <summary>When the ticket last changed (<c>update_time</c>; list only).</summary>
    public DateTimeOffset? UpdateTime { get; internal init; }

    /// <summary>When the fault started (<c>start_time</c>).</summary>
    public DateTimeOffset? StartTime { get; internal init; }

    /// <summary>When a solution was last submitted (<c>handle_time</c>).</summary>
    public DateTimeOffset? HandleTime { get; internal init; }

    /// <summary>When the service recovered (<c>fault_recovery_time</c>; detail only).</summary>
    public DateTimeOffset? FaultRecoveryTime { get; internal init; }

    /// <summary>When the fault was delimited (<c>fault_delineation_time</c>; detail only).</summary>
    public DateTimeOffset? FaultDelineationTime { get; internal init; }

    /// <summary>The display names of the ticket's enumerated values (<c>enum_data_list</c>).</summary>
    public IReadOnlyList<IncidentEnumValue> EnumValues { get; internal init; } = [];
}

/// <summary>
/// The display names of one enumerated value of a ticket (one <c>enum_data_list</c> row): the detail API writes
/// <c>filed_key</c> (sic) and <c>enum_key</c>, the list API <c>prop_id</c> and <c>biz_id</c>.
/// </summary>
public sealed class IncidentEnumValue
{
    internal IncidentEnumValue(string? field, string? key, string? nameZh, string? nameEn)
    {
        Field = field;
        Key = key;
        NameZh = nameZh;
        NameEn = nameEn;
    }

    /// <summary>The field the value belongs to (<c>filed_key</c> or <c>prop_id</c>), such as <c>current_cloud_service_id</c>.</summary>
    public string? Field { get; }

    /// <summary>The value's key (<c>enum_key</c> or <c>biz_id</c>).</summary>
    public string? Key { get; }

    /// <summary>The Chinese display name (<c>name_zh</c>).</summary>
    public string? NameZh { get; }

    /// <summary>The English display name (<c>name_en</c>).</summary>
    public string? NameEn { get; }
}

/// <summary>One page of the incident list (<see cref="IncidentClient.ListIncidentsPageAsync"/>).</summary>
public sealed class IncidentTicketPage
{
    internal IncidentTicketPage(IReadOnlyList<IncidentTicket> tickets, long? total, int page, int pageSize)
    {
        Tickets = tickets;
        Total = total;
        Page = page;
        PageSize = pageSize;
    }

    /// <summary>The tickets of the page (<c>data.tickets</c>), in COC's order.</summary>
    public IReadOnlyList<IncidentTicket> Tickets { get; }

    /// <summary>How many tickets match the filters in all (<c>data.total</c>), when COC reported it.</summary>
    public long? Total { get; }

    /// <summary>The 1-based page number that was asked for (<c>page</c>).</summary>
    public int Page { get; }

    /// <summary>The page size that was asked for (<c>per_page</c>).</summary>
    public int PageSize { get; }

    /// <summary>
    /// Whether a later page may hold more tickets: the page was full and, when COC reported a total, the tickets up to
    /// and including this page are fewer than it.
    /// </summary>
    public bool HasMore => Tickets.Count >= PageSize && (Total is not { } total || ((long)Page * PageSize) < total);
}
