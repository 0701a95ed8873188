namespace IncidentSdk.Testing;

/// <summary>
/// Where a ticket in <see cref="FakeCocService"/> is in the workflow: accept → solve → confirm, or reject → reopen or close
/// (coc-incident-lifecycle.md §6.5, §6.6).
/// </summary>
public enum FakeTicketState
{
    /// <summary>Raised and waiting to be accepted.</summary>
    Triggered,

    /// <summary>Accepted (<c>acceptedIncident1</c>).</summary>
    Accepted,

    /// <summary>A solution was committed (<c>commitSolution1</c>).</summary>
    Solved,

    /// <summary>The solution was confirmed (<c>confirm</c>), or the ticket was closed: status key <c>INCIDENT_STATUS_COMPLETED</c>.</summary>
    Confirmed,

    /// <summary>Rejected before it was accepted (v2 action <c>rejected</c>): status key <c>INCIDENT_STATUS_REJECTED</c>.</summary>
    Rejected,
}
