using System.Collections.Generic;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentSdk.Coc;

/// <summary>Source-generated JSON metadata for the COC wire types (no reflection, trimming and AOT safe).</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(HandleIncidentRequest))]
[JsonSerializable(typeof(IncidentParameter))]
[JsonSerializable(typeof(SolutionParameter))]
[JsonSerializable(typeof(VerificationParameter))]
[JsonSerializable(typeof(CocResponseBody))]
[JsonSerializable(typeof(ListIncidentsBody))]
[JsonSerializable(typeof(TicketDetailBody))]
[JsonSerializable(typeof(TicketListBody))]
[JsonSerializable(typeof(CreateIncidentBody))]
[JsonSerializable(typeof(CreatedIncidentBody))]
[JsonSerializable(typeof(List<TaskBody?>), TypeInfoPropertyName = "ListTaskBody")]
[JsonSerializable(typeof(HistoryListBody))]
[JsonSerializable(typeof(IncidentActionBody))]
internal sealed partial class CocJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context used on the wire. Non-ASCII text (Chinese causes and solutions) is written as is rather than as
    /// <c>\uXXXX</c> escapes, so the documented character limits apply to the text the caller wrote; quotes,
    /// backslashes and control characters are still escaped. The body is JSON sent over HTTP, never embedded in HTML.
    /// </summary>
    public static CocJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
