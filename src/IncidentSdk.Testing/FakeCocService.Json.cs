using System;
using System.Net;
using System.Net.Http;
using System.Text.Json;

namespace IncidentSdk.Testing;

// JSON writing: the answers of COC and of the gateway in front of it.
public sealed partial class FakeCocService
{
    private static Answer Invalid(string message) => new(HttpStatusCode.BadRequest, InvalidParameterCode, Gateway: false, message);

    /// <summary>A refused field, as COC words it: <c>The field[name] value[shown] invalid</c> (long values shortened).</summary>
    private static Answer InvalidField(string name, string? shown)
    {
        shown ??= string.Empty;
        if (shown.Length > 64)
        {
            shown = shown.Substring(0, 64) + "...";
        }

        return Invalid("The field[" + name + "] value[" + shown + "] invalid");
    }

    /// <summary>A ticket that does not exist: HTTP 400 with <c>COC.00067003</c> (§0); no source shows the message, so this one is the fake's own.</summary>
    private static Answer NotFound(string incidentNumber) =>
        new(HttpStatusCode.BadRequest, NotFoundCode, Gateway: false, "The incident " + incidentNumber + " does not exist");

    private static Answer Success(Action<Utf8JsonWriter>? data = null) => new(HttpStatusCode.OK, SuccessCode, Gateway: false, null) { Data = data };

    private static Answer Unauthorized(string message) => Gateway(HttpStatusCode.Unauthorized, "APIG.0301", message);

    private static Answer Gateway(HttpStatusCode status, string code, string message) => new(status, code, Gateway: true, message);

    private HttpResponseMessage BuildResponse(Answer answer, string requestId)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("error_code", answer.ErrorCode);
            if (answer.Message is null)
            {
                writer.WriteNull("error_msg");
            }
            else
            {
                writer.WriteString("error_msg", answer.Message);
            }

            if (answer.Gateway)
            {
                writer.WriteString("request_id", requestId);
            }
            else
            {
                writer.WriteString("provider_code", "049");
                if (answer.OmitData)
                {
                    // The v2 actions API answers a bare BaseResponse (coc-incident-lifecycle.md §5).
                }
                else if (answer.Data is { } data)
                {
                    writer.WritePropertyName("data");
                    data(writer);
                }
                else
                {
                    writer.WriteNull("data");
                }
            }

            writer.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json;charset=UTF-8");
        var response = new HttpResponseMessage(answer.Status) { Content = content };
        response.Headers.TryAddWithoutValidation("X-Request-Id", requestId);
        response.Headers.Date = _timeProvider.GetUtcNow();
        return response;
    }

    private sealed record Answer(HttpStatusCode Status, string ErrorCode, bool Gateway, string? Message)
    {
        /// <summary>Writes the <c>data</c> value of a success; <c>null</c> is written when absent.</summary>
        public Action<Utf8JsonWriter>? Data { get; init; }

        /// <summary>Whether the answer has no <c>data</c> key at all.</summary>
        public bool OmitData { get; init; }
    }
}
