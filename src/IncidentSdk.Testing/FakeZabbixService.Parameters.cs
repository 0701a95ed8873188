using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace IncidentSdk.Testing;

// Parameter reading as the PHP API does it: ids, integers, texts and unexpected names.
public sealed partial class FakeZabbixService
{
    private static JsonElement? Property(JsonElement parameters, string name) =>
        parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(name, out var value) ? value : null;

    private static void ThrowOnUnexpected(JsonElement parameters, IEnumerable<string> allowed, bool allowCauseEventId = false)
    {
        var set = new HashSet<string>(allowed, StringComparer.Ordinal);
        foreach (var property in parameters.EnumerateObject())
        {
            if (!set.Contains(property.Name) && !(allowCauseEventId && property.Name == "cause_eventid"))
            {
                throw new RpcError(-32602, $"Invalid parameter \"/\": unexpected parameter \"{property.Name}\".");
            }
        }
    }

    private static string? StringParameter(JsonElement parameters, string name) =>
        parameters.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? PhpText(value) : null;

    /// <summary>An id as Zabbix takes it: a whole number, given as a JSON number or a string of digits.</summary>
    private static string? IdText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetUInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.String when value.GetString() is { Length: > 0 } text && text.All(char.IsAsciiDigit) => text,
        _ => null,
    };

    private static ulong? CanonicalId(string? text) =>
        text is { Length: > 0 } && text.All(char.IsAsciiDigit) && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>An integer as PHP's API validators take it: a JSON integer or a string of digits with an optional sign.</summary>
    private static bool TryInteger(JsonElement value, out long number)
    {
        number = 0;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out number),
            JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number),
            _ => false,
        };
    }

    /// <summary>A value as PHP turns it into text (for messages and error texts).</summary>
    private static string PhpText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "1",
        JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        _ => value.GetRawText(),
    };

    /// <summary>Zabbix counts characters (code points), not UTF-16 units.</summary>
    private static int CountCharacters(string text) => text.EnumerateRunes().Count();
}
