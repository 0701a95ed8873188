using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace IncidentSdk.Coc;

/// <summary>
/// Writes each kind of <see cref="IncidentParameter"/> as the plain JSON object COC expects, and a missing
/// parameter as <c>{}</c>. Reading gives a <see cref="RawIncidentParameter"/>.
/// </summary>
internal sealed class IncidentParameterJsonConverter : JsonConverter<IncidentParameter>
{
    public override bool HandleNull => true;

    public override IncidentParameter? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var node = JsonNode.Parse(ref reader) as JsonObject
            ?? throw new JsonException("The parameter of a ticket action must be a JSON object.");
        return new RawIncidentParameter(node);
    }

    public override void Write(Utf8JsonWriter writer, IncidentParameter? value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case null:
                writer.WriteStartObject();
                writer.WriteEndObject();
                break;
            case SolutionParameter solution:
                JsonSerializer.Serialize(writer, solution, CocJsonContext.Default.SolutionParameter);
                break;
            case VerificationParameter verification:
                JsonSerializer.Serialize(writer, verification, CocJsonContext.Default.VerificationParameter);
                break;
            case RawIncidentParameter raw:
                raw.Values.WriteTo(writer);
                break;
            default:
                throw new NotSupportedException($"Unknown parameter type {value.GetType().Name}.");
        }
    }
}
