using System;
using System.ComponentModel;
using System.Text.Json.Serialization;
using IncidentSdk.Internal;

namespace IncidentSdk.Coc;

/// <summary>
/// A ticket's level (<c>incident_level</c> in the detail, <c>level_id</c> in the list). The five documented keys are
/// named here (coc-incident-lifecycle.md §6.1); levels can be edited in the console, so any other string is kept.
/// </summary>
[JsonConverter(typeof(IncidentLevelJsonConverter))]
public readonly struct IncidentLevel : IEquatable<IncidentLevel>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire form.</summary>
    /// <param name="value">The value exactly as COC writes it (case-sensitive).</param>
    public IncidentLevel(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>P1, the most severe (<c>level_10</c>).</summary>
    public static IncidentLevel P1 { get; } = new("level_10");

    /// <summary>P2 (<c>level_20</c>).</summary>
    public static IncidentLevel P2 { get; } = new("level_20");

    /// <summary>P3 (<c>level_30</c>).</summary>
    public static IncidentLevel P3 { get; } = new("level_30");

    /// <summary>P4 (<c>level_40</c>).</summary>
    public static IncidentLevel P4 { get; } = new("level_40");

    /// <summary>P5, the least severe (<c>level_50</c>).</summary>
    public static IncidentLevel P5 { get; } = new("level_50");


    /// <summary>The wire value; <see langword="null"/> only for <c>default(IncidentLevel)</c>.</summary>
    public string? Value => _value;

    /// <summary>Converts a string to a value.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator IncidentLevel(string value) => new(value);

    /// <summary>Compares two values by their wire form (ordinal, case-sensitive).</summary>
    public static bool operator ==(IncidentLevel left, IncidentLevel right) => left.Equals(right);

    /// <summary>Compares two values by their wire form (ordinal, case-sensitive).</summary>
    public static bool operator !=(IncidentLevel left, IncidentLevel right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(IncidentLevel other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is IncidentLevel other && Equals(other);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Returns the wire value.</summary>
    public override string ToString() => _value ?? string.Empty;
}

internal sealed class IncidentLevelJsonConverter : StringValueJsonConverter<IncidentLevel>
{
    protected override IncidentLevel Create(string value) => new(value);

    protected override string? GetValue(IncidentLevel value) => value.Value;
}
