using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentSdk.JsonRpc;

/// <summary>
/// Event ids on the wire. Writes one id as a string and several as an array, as the manual's examples do; reads a
/// single id or an array of ids given as strings or numbers (Zabbix 6.0 answers numbers).
/// </summary>
internal sealed class EventIdsJsonConverter : JsonConverter<IReadOnlyList<string>>
{
    /// <summary>Sees <c>null</c> too: Zabbix always lists ids, so <c>"eventids": null</c> is a malformed answer, not an empty list.</summary>
    public override bool HandleNull => true;

    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            throw new JsonException("The event ids are null.");
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return [ReadId(ref reader)];
        }

        var ids = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            ids.Add(ReadId(ref reader));
        }

        return ids;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        if (value.Count == 1)
        {
            writer.WriteStringValue(value[0]);
            return;
        }

        writer.WriteStartArray();
        foreach (var id in value)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
    }

    private static string ReadId(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString()!,
        JsonTokenType.Number when reader.TryGetUInt64(out var number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new JsonException($"An event id must be a string or a whole number, not {reader.TokenType}."),
    };
}
