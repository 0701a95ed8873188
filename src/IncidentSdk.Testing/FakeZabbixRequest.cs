using System.Globalization;
using System.Text;
using IncidentSdk.Testing.Internal;

namespace IncidentSdk.Testing;

/// <summary>
/// One JSON-RPC request the Zabbix fake received. <see cref="Body"/> is verbatim; <c>ToString()</c> prints it with
/// every <c>auth</c>, <c>password</c>, <c>token</c> and <c>sessionid</c> value masked, and a body that is not JSON
/// not at all, so test output shows no credential.
/// </summary>
/// <param name="Method">The method name.</param>
/// <param name="Body">The request body exactly as received (UTF-8 text).</param>
/// <param name="ErrorCode">The JSON-RPC error code answered, or <see langword="null"/> on success.</param>
public sealed record FakeZabbixRequest(string Method, string Body, int? ErrorCode)
{
    /// <summary>The HTTP status answered: 200 for every JSON-RPC answer (errors included), 412 for a refused Content-Type, 0 when an injected exception was thrown.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>
    /// <see langword="true"/> when the fake handled the call but dropped its response (<see cref="FakeFailures.LoseNextResponse"/>);
    /// <see cref="ErrorCode"/> then says what it would have answered.
    /// </summary>
    public bool ResponseLost { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Method = ").Append(Method)
            .Append(", Body = ").Append(CredentialMask.JsonBody(Body))
            .Append(", ErrorCode = ").Append(ErrorCode?.ToString(CultureInfo.InvariantCulture))
            .Append(", StatusCode = ").Append(StatusCode.ToString(CultureInfo.InvariantCulture))
            .Append(", ResponseLost = ").Append(ResponseLost ? "True" : "False");
        return true;
    }
}
