using System;
using System.Text.Json.Serialization;

namespace IncidentSdk.Coc;

/// <summary>The parameter of <c>commitSolution1</c>: the incident's category, cause and solution.</summary>
public sealed class SolutionParameter : IncidentParameter
{
    /// <summary>The maximum length of <see cref="Cause"/> and <see cref="Solution"/>.</summary>
    public const int MaxTextLength = 10000;

    /// <summary>Creates a solution.</summary>
    /// <param name="category">The incident category (<c>mtm_type</c>).</param>
    /// <param name="isServiceInterrupted">Whether the service was interrupted (<c>is_service_interrupt</c>).</param>
    /// <param name="cause">The cause (<c>cause</c>), at most 10000 characters.</param>
    /// <param name="solution">The solution (<c>solution</c>), at most 10000 characters.</param>
    public SolutionParameter(IncidentCategory category, bool isServiceInterrupted, string cause, string solution)
    {
        Category = category;
        IsServiceInterrupted = isServiceInterrupted;
        Cause = cause ?? throw new ArgumentNullException(nameof(cause));
        Solution = solution ?? throw new ArgumentNullException(nameof(solution));
    }

    /// <summary>The incident category (<c>mtm_type</c>), required.</summary>
    [JsonPropertyName("mtm_type")]
    public IncidentCategory Category { get; }

    /// <summary>Whether the service was interrupted (<c>is_service_interrupt</c>), required.</summary>
    [JsonPropertyName("is_service_interrupt")]
    public bool IsServiceInterrupted { get; }

    /// <summary>The cause (<c>cause</c>), required, at most 10000 characters.</summary>
    [JsonPropertyName("cause")]
    public string Cause { get; }

    /// <summary>The solution (<c>solution</c>), required, at most 10000 characters.</summary>
    [JsonPropertyName("solution")]
    public string Solution { get; }

    /// <summary>
    /// When the fault started (<c>start_time</c>), as the integer timestamp COC uses; optional and omitted when
    /// <see langword="null"/>. Huawei documents this field as a Long timestamp without naming the unit.
    /// </summary>
    [JsonPropertyName("start_time")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? StartTime { get; init; }

    /// <summary>When the service recovered (<c>fault_recovery_time</c>), in the same unit as <see cref="StartTime"/>; optional.</summary>
    [JsonPropertyName("fault_recovery_time")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? FaultRecoveryTime { get; init; }
}
