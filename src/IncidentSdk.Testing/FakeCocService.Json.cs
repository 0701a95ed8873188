using System;
using System.Net;
using System.Net.Http;
using System.Text.Json;

namespace IncidentSdk.Testing;

// JSON writing: the answers of COC and of the gateway in front of it.
public sealed partial class FakeCocService
{
    private static Answer Invalid(string message) => new(HttpStatusCode.BadRequest, InvalidParameterCode, Gateway: false, message);

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
                if (answer.Data is { } data)
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
    }
}
