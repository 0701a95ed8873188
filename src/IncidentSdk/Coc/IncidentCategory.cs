using System;
using System.ComponentModel;
using System.Text.Json.Serialization;
using IncidentSdk.Internal;

namespace IncidentSdk.Coc;

/// <summary>
/// The incident category of a solution (<c>mtm_type</c>). Known categories are named here; tenants can
/// define their own, so any other string is accepted too.
/// </summary>
[JsonConverter(typeof(IncidentCategoryJsonConverter))]
public readonly struct IncidentCategory : IEquatable<IncidentCategory>
{
    private readonly string? _value;

    /// <summary>Creates a category from its wire value.</summary>
    /// <param name="value">The <c>mtm_type</c> value.</param>
    public IncidentCategory(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>Configuration issue (<c>inc_type_p_config_issues</c>).</summary>
    public static IncidentCategory ConfigIssues { get; } = new("inc_type_p_config_issues");

    /// <summary>Middleware issue (<c>inc_type_p_middleware_issues</c>).</summary>
    public static IncidentCategory MiddlewareIssues { get; } = new("inc_type_p_middleware_issues");

    /// <summary>Security issue (<c>inc_type_p_security_issues</c>).</summary>
    public static IncidentCategory SecurityIssues { get; } = new("inc_type_p_security_issues");

    /// <summary>Change issue (<c>inc_type_p_change_issues</c>).</summary>
    public static IncidentCategory ChangeIssues { get; } = new("inc_type_p_change_issues");

    /// <summary>The wire value; <see langword="null"/> only for <c>default(IncidentCategory)</c>.</summary>
    public string? Value => _value;

    /// <summary>Converts a string to a category.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator IncidentCategory(string value) => new(value);

    /// <summary>Compares two categories by wire value (ordinal).</summary>
    public static bool operator ==(IncidentCategory left, IncidentCategory right) => left.Equals(right);

    /// <summary>Compares two categories by wire value (ordinal).</summary>
    public static bool operator !=(IncidentCategory left, IncidentCategory right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(IncidentCategory other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is IncidentCategory other && Equals(other);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Returns the wire value.</summary>
    public override string ToString() => _value ?? string.Empty;
}

internal sealed class IncidentCategoryJsonConverter : StringValueJsonConverter<IncidentCategory>
{
    protected override IncidentCategory Create(string value) => new(value);

    protected override string? GetValue(IncidentCategory value) => value.Value;
}
