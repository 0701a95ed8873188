using System.Collections.Generic;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentSdk.JsonRpc;

/// <summary>Source-generated JSON metadata for the Zabbix JSON-RPC wire types (no reflection; trimming and AOT safe).</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(JsonRpcRequest<AcknowledgeParams>))]
[JsonSerializable(typeof(JsonRpcRequest<EventGetParams>))]
[JsonSerializable(typeof(JsonRpcRequest<LoginParams>))]
[JsonSerializable(typeof(JsonRpcRequest<EmptyParams>))]
[JsonSerializable(typeof(JsonRpcRequest<CheckAuthenticationParams>))]
[JsonSerializable(typeof(UserBody))]
[JsonSerializable(typeof(JsonRpcRequest<string[]>))]
[JsonSerializable(typeof(JsonRpcResponse))]
[JsonSerializable(typeof(AcknowledgeResultBody))]
[JsonSerializable(typeof(List<EventBody>))]
[JsonSerializable(typeof(JsonRpcRequest<ProblemGetParams>))]
[JsonSerializable(typeof(List<ProblemBody>))]
[JsonSerializable(typeof(string))]
internal sealed partial class ZabbixJsonContext : JsonSerializerContext
{
    /// <summary>The context used on the wire: non-ASCII message text is written as is, not as <c>\uXXXX</c> escapes.</summary>
    public static ZabbixJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
