using System;
using System.ComponentModel;
using System.Text.Json.Serialization;
using IncidentSdk.Internal;

namespace IncidentSdk.Coc;

/// <summary>
/// The action to take on a ticket (<c>operate_key</c>). The documented keys are named here; any other
/// string is accepted too, because COC's set of actions is open.
/// </summary>
[JsonConverter(typeof(OperateKeyJsonConverter))]
public readonly struct OperateKey : IEquatable<OperateKey>
{
    private readonly string? _value;

    /// <summary>Creates a key from its wire value.</summary>
    /// <param name="value">The <c>operate_key</c> exactly as COC expects it (case-sensitive).</param>
    public OperateKey(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>Accept the ticket (<c>acceptedIncident1</c>); takes no parameter.</summary>
    public static OperateKey AcceptedIncident { get; } = new("acceptedIncident1");

    /// <summary>Submit the solution (<c>commitSolution1</c>); takes a <see cref="SolutionParameter"/>.</summary>
    public static OperateKey CommitSolution { get; } = new("commitSolution1");

    /// <summary>Verify the handling result (<c>confirm</c>); takes a <see cref="VerificationParameter"/>.</summary>
    public static OperateKey Confirm { get; } = new("confirm");

    /// <summary>Forward the ticket to another owner (<c>forwardOther1</c>); parameter keys undocumented.</summary>
    public static OperateKey ForwardOther { get; } = new("forwardOther1");

    /// <summary>Request a pause (<c>incidentPause</c>); parameter keys undocumented.</summary>
    public static OperateKey IncidentPause { get; } = new("incidentPause");

    /// <summary>Approve a pause or level change (<c>agreed</c>); parameter keys undocumented.</summary>
    public static OperateKey Agreed { get; } = new("agreed");

    /// <summary>Reject a pause or level change (<c>rejected</c>); parameter keys undocumented.</summary>
    public static OperateKey Rejected { get; } = new("rejected");

    /// <summary>Request a level change (<c>incidentChangeLevel1</c>); parameter keys undocumented.</summary>
    public static OperateKey IncidentChangeLevel { get; } = new("incidentChangeLevel1");

    /// <summary>Resubmit after a rejection (<c>ReOpen</c>); parameter keys undocumented.</summary>
    public static OperateKey ReOpen { get; } = new("ReOpen");

    /// <summary>The wire value; <see langword="null"/> only for <c>default(OperateKey)</c>.</summary>
    public string? Value => _value;

    /// <summary>Converts a string to a key.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator OperateKey(string value) => new(value);

    /// <summary>Compares two keys by their wire value (ordinal, case-sensitive).</summary>
    public static bool operator ==(OperateKey left, OperateKey right) => left.Equals(right);

    /// <summary>Compares two keys by their wire value (ordinal, case-sensitive).</summary>
    public static bool operator !=(OperateKey left, OperateKey right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(OperateKey other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is OperateKey other && Equals(other);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Returns the wire value.</summary>
    public override string ToString() => _value ?? string.Empty;
}

internal sealed class OperateKeyJsonConverter : StringValueJsonConverter<OperateKey>
{
    protected override OperateKey Create(string value) => new(value);

    protected override string? GetValue(OperateKey value) => value.Value;
}
