using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentSdk.Coc;

// COC's ticket reads are typed loosely: the list API's schema types every field as a string while its examples carry
// JSON numbers and booleans (create_time: 1742220680602, is_service_interrupt: false, enterprise_project_id: 0), and
// the detail API types times as int64 (coc-incident-lifecycle.md §2, §3 [UNCERTAIN]). These converters accept each
// documented spelling of a value and refuse anything else with a JsonException, which the client reports as an
// InvalidResponseException: a value that is neither is a malformed answer, not a missing one.

/// <summary>An epoch-milliseconds time as a JSON number or a string of digits; <c>null</c> or <c>""</c> is no time.</summary>
internal sealed class EpochMillisecondsJsonConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        long milliseconds;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out milliseconds):
                break;
            case JsonTokenType.String:
                var text = reader.GetString()!;
                if (text.Length == 0)
                {
                    return null;
                }

                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out milliseconds))
                {
                    throw new JsonException("Expected epoch milliseconds, got the string \"" + Shorten(text) + "\".");
                }

                break;
            default:
                throw new JsonException("Expected epoch milliseconds as a JSON integer or a string of digits, got " + reader.TokenType + ".");
        }

        try
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new JsonException("The epoch milliseconds " + milliseconds.ToString(CultureInfo.InvariantCulture) + " are outside the range of a date.", ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } time)
        {
            writer.WriteNumberValue(time.ToUnixTimeMilliseconds());
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    internal static string Shorten(string text) => text.Length > 64 ? text.Substring(0, 64) + "..." : text;
}

/// <summary>A boolean as <c>true</c>/<c>false</c>, the strings <c>"true"</c>/<c>"false"</c> (any case), or 0/1 as a number or string.</summary>
internal sealed class TolerantBooleanJsonConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Number when reader.TryGetInt64(out var number) && number is 0 or 1:
                return number == 1;
            case JsonTokenType.String:
                var text = reader.GetString()!;
                if (text.Length == 0)
                {
                    return null;
                }

                if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) || text == "1")
                {
                    return true;
                }

                if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) || text == "0")
                {
                    return false;
                }

                throw new JsonException("Expected a boolean, got the string \"" + EpochMillisecondsJsonConverter.Shorten(text) + "\".");
            default:
                throw new JsonException("Expected a boolean, got " + reader.TokenType + ".");
        }
    }

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } flag)
        {
            writer.WriteBooleanValue(flag);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>A count as a JSON integer or a string of digits.</summary>
internal sealed class TolerantInt64JsonConverter : JsonConverter<long?>
{
    public override bool HandleNull => true;

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number when reader.TryGetInt64(out var number) => number,
        JsonTokenType.String when long.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new JsonException("Expected an integer, got " + reader.TokenType + "."),
    };

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>A text value as a JSON string, or a number or boolean as its JSON text (<c>0</c> reads as <c>"0"</c>).</summary>
internal sealed class TolerantStringJsonConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Text(ref reader);

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    internal static string? Text(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => Raw(ref reader),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => throw new JsonException("Expected a string, number or boolean, got " + reader.TokenType + "."),
    };

    private static string Raw(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }
}

/// <summary>A list of text values as a JSON array, or one value on its own; <c>null</c> and <c>""</c> are no values.</summary>
internal sealed class TolerantStringListJsonConverter : JsonConverter<IReadOnlyList<string>?>
{
    public override bool HandleNull => true;

    public override IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            var single = TolerantStringJsonConverter.Text(ref reader);
            return string.IsNullOrEmpty(single) ? [] : [single!];
        }

        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(TolerantStringJsonConverter.Text(ref reader) ?? throw new JsonException("A list item is null."));
        }

        return values;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string>? value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value ?? [])
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }
}
