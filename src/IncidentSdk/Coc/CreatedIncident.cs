namespace IncidentSdk.Coc;

/// <summary>A ticket <see cref="IncidentClient.CreateIncidentAsync"/> opened.</summary>
public sealed class CreatedIncident
{
    /// <summary>Creates a result.</summary>
    /// <param name="incidentNumber">The ticket number COC gave.</param>
    /// <param name="marker">The marker in the ticket's reference line.</param>
    /// <param name="foundByReadBack">Whether the answer was lost and the ticket was found through the list API.</param>
    public CreatedIncident(string incidentNumber, string marker, bool foundByReadBack)
    {
        IncidentNumber = incidentNumber;
        Marker = marker;
        FoundByReadBack = foundByReadBack;
    }

    /// <summary>The ticket number (<c>incident_num</c>), such as <c>IM202401121015200199403234</c>.</summary>
    public string IncidentNumber { get; }

    /// <summary>The marker in the ticket's reference line, <c>[ref:{marker}]</c>: the caller's, or the one the client made.</summary>
    public string Marker { get; }

    /// <summary>
    /// <see langword="true"/> when COC's answer to the create did not arrive or could not be read, and the ticket was
    /// found by its marker through the list API; <see langword="false"/> when COC's answer gave the number.
    /// </summary>
    public bool FoundByReadBack { get; }

    /// <inheritdoc/>
    public override string ToString() => IncidentNumber;
}
