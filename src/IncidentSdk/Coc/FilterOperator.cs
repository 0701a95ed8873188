using System;
using System.ComponentModel;
using System.Text.Json.Serialization;
using IncidentSdk.Internal;

namespace IncidentSdk.Coc;

/// <summary>
/// How an <see cref="IncidentFilter"/> compares a field with its values (<c>operator</c>). The operators COC documents
/// for the incident list, plus <c>&gt;=</c> and <c>&lt;=</c> (used for time ranges by Huawei's Terraform provider against
/// the live service), are named here; any other string is sent as given (coc-incident-lifecycle.md §3).
/// </summary>
[JsonConverter(typeof(FilterOperatorJsonConverter))]
public readonly struct FilterOperator : IEquatable<FilterOperator>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire form.</summary>
    /// <param name="value">The value exactly as COC writes it (case-sensitive).</param>
    public FilterOperator(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The field equals one of the values (<c>in</c>).</summary>
    public static FilterOperator In { get; } = new("in");

    /// <summary>The field contains the value (<c>like</c>).</summary>
    public static FilterOperator Like { get; } = new("like");

    /// <summary>The field starts with the value (<c>startwith</c>).</summary>
    public static FilterOperator StartWith { get; } = new("startwith");

    /// <summary>The field ends with the value (<c>endwith</c>).</summary>
    public static FilterOperator EndWith { get; } = new("endwith");

    /// <summary>The field equals the value (<c>=</c>).</summary>
    public static FilterOperator EqualTo { get; } = new("=");

    /// <summary>The field differs from the value (<c>!=</c>).</summary>
    public static FilterOperator NotEqualTo { get; } = new("!=");

    /// <summary>The field is greater than the value (<c>&gt;</c>).</summary>
    public static FilterOperator GreaterThan { get; } = new(">");

    /// <summary>The field is less than the value (<c>&lt;</c>).</summary>
    public static FilterOperator LessThan { get; } = new("<");

    /// <summary>The field is greater than or equal to the value (<c>&gt;=</c>).</summary>
    public static FilterOperator AtLeast { get; } = new(">=");

    /// <summary>The field is less than or equal to the value (<c>&lt;=</c>).</summary>
    public static FilterOperator AtMost { get; } = new("<=");


    /// <summary>The wire value; <see langword="null"/> only for <c>default(FilterOperator)</c>.</summary>
    public string? Value => _value;

    /// <summary>Converts a string to a value.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator FilterOperator(string value) => new(value);

    /// <summary>Compares two values by their wire form (ordinal, case-sensitive).</summary>
    public static bool operator ==(FilterOperator left, FilterOperator right) => left.Equals(right);

    /// <summary>Compares two values by their wire form (ordinal, case-sensitive).</summary>
    public static bool operator !=(FilterOperator left, FilterOperator right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(FilterOperator other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is FilterOperator other && Equals(other);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Returns the wire value.</summary>
    public override string ToString() => _value ?? string.Empty;
}

internal sealed class FilterOperatorJsonConverter : StringValueJsonConverter<FilterOperator>
{
    protected override FilterOperator Create(string value) => new(value);

    protected override string? GetValue(FilterOperator value) => value.Value;
}
