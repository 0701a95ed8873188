using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentSdk.Coc;

/// <summary>
/// The envelope COC and its API gateway answer with, on success and failure alike, plus the other error shapes
/// Huawei services put in front of COC answer with: <c>{"code","message"}</c> at the top level and
/// <c>{"error":{"code","message"}}</c> (IAM; Keystone-style bodies carry a numeric code there).
/// </summary>
/// <remarks>
/// The fields outside COC's own envelope are read as raw JSON so that an unexpected type in one of them never makes
/// the whole body unreadable (and with it the <c>error_code</c> that is there).
/// </remarks>
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

    /// <summary>A top-level <c>code</c> (the shape of some Huawei services and of COC's attachment API).</summary>
    [JsonPropertyName("code")]
    public JsonElement? Code { get; set; }

    /// <summary>The <c>message</c> that goes with a top-level <c>code</c>.</summary>
    [JsonPropertyName("message")]
    public JsonElement? Message { get; set; }

    /// <summary>The <c>msg</c> that COC's attachment API sends with its <c>code</c>.</summary>
    [JsonPropertyName("msg")]
    public JsonElement? Msg { get; set; }

    /// <summary>A nested error object, <c>{"error":{"code":"IAM.0003","message":"..."}}</c>.</summary>
    [JsonPropertyName("error")]
    public JsonElement? Error { get; set; }
}
