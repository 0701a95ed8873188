namespace IncidentSdk.Testing;

/// <summary>Where a ticket in <see cref="FakeCocService"/> is in the accept → solve → confirm workflow.</summary>
public enum FakeTicketState
{
    /// <summary>Raised and waiting to be accepted.</summary>
    Triggered,

    /// <summary>Accepted (<c>acceptedIncident1</c>).</summary>
    Accepted,

    /// <summary>A solution was committed (<c>commitSolution1</c>).</summary>
    Solved,

    /// <summary>The solution was confirmed (<c>confirm</c>).</summary>
    Confirmed,
}
