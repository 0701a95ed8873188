using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentSdk.Coc;

/// <summary>The envelope COC and its API gateway answer with, on success and failure alike.</summary>
internal sealed class CocResponseBody
{
    [JsonPropertyName("provider_code")]
    public string? ProviderCode { get; set; }

    [JsonPropertyName("error_code")]
    public string? ErrorCode { get; set; }

    [JsonPropertyName("error_msg")]
    public string? ErrorMessage { get; set; }

    [JsonPropertyName("data")]
    public JsonElement? Data { get; set; }

    [JsonPropertyName("request_id")]
    public string? RequestId { get; set; }
}
