using System.Text.Json.Serialization;

namespace IncidentSdk.Coc;

/// <summary>One action on a COC incident ticket: the body of <c>POST /v1/external/incident/handle</c>.</summary>
public sealed class HandleIncidentRequest
{
    /// <summary>The maximum length of <see cref="IncidentNumber"/>, <see cref="Operator"/> and <see cref="OperateKey"/>.</summary>
    public const int MaxFieldLength = 255;

    /// <summary>The maximum length of the serialized <see cref="Parameter"/> object, in characters.</summary>
    public const int MaxParameterLength = 2048;

    /// <summary>Creates a request.</summary>
    /// <param name="incidentNumber">The ticket number (<c>incident_num</c>), such as <c>IM202403221515060171753781</c>.</param>
    /// <param name="operator">The operating user's id (<c>operator</c>).</param>
    /// <param name="operateKey">The action (<c>operate_key</c>).</param>
    /// <param name="parameter">The action's parameters; <see langword="null"/> sends <c>{}</c>.</param>
    public HandleIncidentRequest(string incidentNumber, string @operator, OperateKey operateKey, IncidentParameter? parameter = null)
    {
        IncidentNumber = incidentNumber;
        Operator = @operator;
        OperateKey = operateKey;
        Parameter = parameter;
    }

    /// <summary>The ticket number (<c>incident_num</c>), required, at most 255 characters.</summary>
    [JsonPropertyName("incident_num")]
    public string IncidentNumber { get; }

    /// <summary>The operating user's id (<c>operator</c>), required, at most 255 characters.</summary>
    [JsonPropertyName("operator")]
    public string Operator { get; }

    /// <summary>The action (<c>operate_key</c>), required, at most 255 characters.</summary>
    [JsonPropertyName("operate_key")]
    public OperateKey OperateKey { get; }

    /// <summary>
    /// The action's parameters (<c>parameter</c>); required for <c>commitSolution1</c> and <c>confirm</c>.
    /// When <see langword="null"/> the client sends <c>{}</c>, as Huawei's own tooling does.
    /// </summary>
    [JsonPropertyName("parameter")]
    public IncidentParameter? Parameter { get; }
}
