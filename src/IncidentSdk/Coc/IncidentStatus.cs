using System;
using System.ComponentModel;
using System.Text.Json.Serialization;
using IncidentSdk.Internal;

namespace IncidentSdk.Coc;

/// <summary>
/// A ticket's status key (<c>status</c> in the detail, <c>work_flow_status</c> in the list). The six documented keys
/// are named here (coc-incident-lifecycle.md §6.5; note the lower-case <c>incident_draft</c>); any other string is
/// kept as COC sent it, because the set is not closed.
/// </summary>
[JsonConverter(typeof(IncidentStatusJsonConverter))]
public readonly struct IncidentStatus : IEquatable<IncidentStatus>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire form.</summary>
    /// <param name="value">The value exactly as COC writes it (case-sensitive).</param>
    public IncidentStatus(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>Draft (<c>incident_draft</c>).</summary>
    public static IncidentStatus Draft { get; } = new("incident_draft");

    /// <summary>Raised and not yet accepted (<c>INCIDENT_STATUS_TRIGGERED</c>).</summary>
    public static IncidentStatus Triggered { get; } = new("INCIDENT_STATUS_TRIGGERED");

    /// <summary>Accepted and being handled (<c>INCIDENT_STATUS_ACKNOWLEDGED</c>).</summary>
    public static IncidentStatus Acknowledged { get; } = new("INCIDENT_STATUS_ACKNOWLEDGED");

    /// <summary>Rejected (<c>INCIDENT_STATUS_REJECTED</c>).</summary>
    public static IncidentStatus Rejected { get; } = new("INCIDENT_STATUS_REJECTED");

    /// <summary>A solution was submitted and waits to be verified (<c>INCIDENT_STATUS_RESOLVED</c>).</summary>
    public static IncidentStatus Resolved { get; } = new("INCIDENT_STATUS_RESOLVED");

    /// <summary>Verified and closed (<c>INCIDENT_STATUS_COMPLETED</c>).</summary>
    public static IncidentStatus Completed { get; } = new("INCIDENT_STATUS_COMPLETED");


    /// <summary>The wire value; <see langword="null"/> only for <c>default(IncidentStatus)</c>.</summary>
    public string? Value => _value;

    /// <summary>Converts a string to a value.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator IncidentStatus(string value) => new(value);

    /// <summary>Compares two values by their wire form (ordinal, case-sensitive).</summary>
    public static bool operator ==(IncidentStatus left, IncidentStatus right) => left.Equals(right);

    /// <summary>Compares two values by their wire form (ordinal, case-sensitive).</summary>
    public static bool operator !=(IncidentStatus left, IncidentStatus right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(IncidentStatus other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is IncidentStatus other && Equals(other);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Returns the wire value.</summary>
    public override string ToString() => _value ?? string.Empty;
}

internal sealed class IncidentStatusJsonConverter : StringValueJsonConverter<IncidentStatus>
{
    protected override IncidentStatus Create(string value) => new(value);

    protected override string? GetValue(IncidentStatus value) => value.Value;
}
