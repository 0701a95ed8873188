using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentSdk.Internal;

/// <summary>Writes and reads an extensible string value type as a plain JSON string.</summary>
internal abstract class StringValueJsonConverter<T> : JsonConverter<T>
    where T : struct
{
    protected abstract T Create(string value);

    protected abstract string? GetValue(T value);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a JSON string for {typeof(T).Name}.");
        }

        return Create(reader.GetString()!);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        var text = GetValue(value);
        if (text is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }
}
