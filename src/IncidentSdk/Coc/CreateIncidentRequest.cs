using System;

namespace IncidentSdk.Coc;

/// <summary>
/// A new COC ticket (<c>POST /v1/external/incident/create</c>, <c>CreateExternalIncidentRequest</c>,
/// coc-incident-lifecycle.md §1). Give an owner either as <see cref="Assignee"/> or as <see cref="AssigneeScene"/> with
/// <see cref="AssigneeRole"/>, not both. <see cref="CreateIncidentRequestValidator"/> checks every documented limit.
/// </summary>
/// <remarks>
/// Creating a ticket is not idempotent, so the client never sends it twice on its own. To find out whether a call
/// whose answer was lost created a ticket, the client appends a reference line holding <see cref="Marker"/> to the
/// description and looks for it through the list API (see <see cref="IncidentClient.CreateIncidentAsync"/>).
/// </remarks>
public sealed class CreateIncidentRequest
{
    /// <summary>The longest title (<c>incident_title</c> 0–200).</summary>
    public const int MaxTitleLength = 200;

    /// <summary>The longest description, counting the reference line the client appends (<c>incident_description</c> 0–600).</summary>
    public const int MaxDescriptionLength = 600;

    /// <summary>The longest value of the other text fields (0–255).</summary>
    public const int MaxFieldLength = 255;

    /// <summary>The longest ownership key (<c>incident_ownership</c> 1–50).</summary>
    public const int MaxOwnershipLength = 50;

    /// <summary>The shortest <see cref="Marker"/>.</summary>
    public const int MinMarkerLength = 8;

    /// <summary>The longest <see cref="Marker"/>.</summary>
    public const int MaxMarkerLength = 64;

    /// <summary>The largest <c>start_time</c> COC accepts, in epoch milliseconds (9999999999999, in the year 2286).</summary>
    public const long MaxStartTimeMilliseconds = 9_999_999_999_999;

    /// <summary>Creates a request with the fields COC requires.</summary>
    /// <param name="title">The title (<c>incident_title</c>).</param>
    /// <param name="level">The level (<c>incident_level</c>), such as <see cref="IncidentLevel.P3"/>.</param>
    /// <param name="category">The category (<c>incident_type</c>), such as <see cref="IncidentCategory.SecurityIssues"/>.</param>
    /// <param name="source">The source key (<c>incident_source</c>), such as <c>incident_source_alarm</c>.</param>
    /// <param name="creator">The creating user's COC id (<c>creator</c>).</param>
    public CreateIncidentRequest(string title, IncidentLevel level, IncidentCategory category, string source, string creator)
    {
        Title = title;
        Level = level;
        Category = category;
        Source = source;
        Creator = creator;
    }

    /// <summary>The title (<c>incident_title</c>), 1–200 characters.</summary>
    public string Title { get; set; }

    /// <summary>The level (<c>incident_level</c>).</summary>
    public IncidentLevel Level { get; set; }

    /// <summary>The category (<c>incident_type</c>).</summary>
    public IncidentCategory Category { get; set; }

    /// <summary>The source key (<c>incident_source</c>): <c>incident_source_manual</c>, <c>incident_source_forwarding</c> or <c>incident_source_alarm</c> (§6.3).</summary>
    public string Source { get; set; }

    /// <summary>The creating user's COC id (<c>creator</c>).</summary>
    public string Creator { get; set; }

    /// <summary>Whether the service is interrupted (<c>is_service_interrupt</c>, sent as a JSON boolean as COC's example and Terraform send it, §1).</summary>
    public bool IsServiceInterrupted { get; set; }

    /// <summary>The description (<c>incident_description</c>); the client appends its reference line.</summary>
    public string? Description { get; set; }

    /// <summary>The owner's user id (<c>incident_assignee</c>, a one-item list on the wire). Set this or the scene and role.</summary>
    public string? Assignee { get; set; }

    /// <summary>The scheduling scene id (<c>assignee_scene</c>); give it with <see cref="AssigneeRole"/>.</summary>
    public string? AssigneeScene { get; set; }

    /// <summary>The scheduling role id (<c>assignee_role</c>); give it with <see cref="AssigneeScene"/>.</summary>
    public string? AssigneeRole { get; set; }

    /// <summary>The region (<c>region</c>, a one-item list); required by COC when a WarRoom starts automatically.</summary>
    public string? Region { get; set; }

    /// <summary>The enterprise project id (<c>enterprise_project</c>, a one-item list), such as <c>0</c>.</summary>
    public string? EnterpriseProject { get; set; }

    /// <summary>The COC application id (<c>current_cloud_service</c>, a one-item list).</summary>
    public string? Application { get; set; }

    /// <summary>The ownership key (<c>incident_ownership</c>), such as <c>incident_ownership_300</c>; 1–50 characters.</summary>
    public string? Ownership { get; set; }

    /// <summary>When the fault started (<c>start_time</c>, epoch milliseconds, 0 to 9999999999999).</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>
    /// What identifies this ticket among others: 8–64 letters, digits, <c>.</c>, <c>_</c>, <c>:</c> or <c>-</c>. The
    /// client appends <c>[ref:{marker}]</c> on its own line to the description and finds the ticket by it when an
    /// answer is lost. Give one derived from what the ticket is for (such as <c>zabbix-event-12345</c>) to find the
    /// ticket after a restart; when <see langword="null"/>, the client makes a random one for the call.
    /// </summary>
    public string? Marker { get; set; }
}
