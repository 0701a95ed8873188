using System.Text.Json;

namespace IncidentSdk.Coc;

/// <summary>The successful outcome of a ticket action.</summary>
public sealed class HandleIncidentResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="errorCode">The response code (<c>GOM.00000000</c> on success).</param>
    /// <param name="providerCode">The service id (<c>049</c>).</param>
    /// <param name="data">The <c>data</c> member, currently always <see langword="null"/>.</param>
    /// <param name="requestId">The <c>X-Request-Id</c> of the response.</param>
    public HandleIncidentResult(string errorCode, string? providerCode, JsonElement? data, string? requestId)
    {
        ErrorCode = errorCode;
        ProviderCode = providerCode;
        Data = data;
        RequestId = requestId;
    }

    /// <summary>The response code: always <c>GOM.00000000</c> for a result (anything else throws).</summary>
    public string ErrorCode { get; }

    /// <summary>The service id the response carried (<c>049</c> for COC).</summary>
    public string? ProviderCode { get; }

    /// <summary>The response's <c>data</c> member; COC documents it as currently always <see langword="null"/>.</summary>
    public JsonElement? Data { get; }

    /// <summary>The <c>X-Request-Id</c> of the response, to quote to support.</summary>
    public string? RequestId { get; }
}
