using System.Text.Json.Serialization;

namespace IncidentSdk.Coc;

/// <summary>
/// The <c>parameter</c> object of a ticket action. Use <see cref="SolutionParameter"/> for
/// <c>commitSolution1</c>, <see cref="VerificationParameter"/> for <c>confirm</c>, and
/// <see cref="RawIncidentParameter"/> for any other action.
/// </summary>
[JsonConverter(typeof(IncidentParameterJsonConverter))]
public abstract class IncidentParameter
{
    private protected IncidentParameter()
    {
    }
}
