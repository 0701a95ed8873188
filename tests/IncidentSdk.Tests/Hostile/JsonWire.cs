using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IncidentSdk.Tests.Hostile;

/// <summary>Expected-JSON helpers: how long a value's compact JSON is, and an exact structural comparison with what was sent.</summary>
internal static class JsonWire
{
    // Both clients write non-ASCII text as is and escape quotes, backslashes and control characters (see CocJsonContext.Wire).
    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The compact JSON of <paramref name="node"/> as the clients write it.</summary>
    public static string Compact(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Writer))
        {
            if (node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                node.WriteTo(writer);
            }
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The UTF-16 length of the JSON string literal of one piece of text, quotes excluded.</summary>
    public static int EscapedLength(string text) => Compact(JsonValue.Create(text)).Length - 2;

    /// <summary>
    /// Compares what was sent with what was meant, exactly: the same members in the same order, strings equal
    /// ordinal (same UTF-16 units, same length), numbers with the same text, booleans and nulls alike.
    /// </summary>
    public static void Compare(JsonNode? expected, JsonElement actual, string path, List<string> differences)
    {
        switch (expected)
        {
            case null:
                if (actual.ValueKind != JsonValueKind.Null)
                {
                    differences.Add($"{path}: expected null, sent {actual.ValueKind}");
                }

                return;
            case JsonObject expectedObject:
                if (actual.ValueKind != JsonValueKind.Object)
                {
                    differences.Add($"{path}: expected an object, sent {actual.ValueKind}");
                    return;
                }

                var members = actual.EnumerateObject().ToList();
                if (members.Count != expectedObject.Count)
                {
                    differences.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: expected {expectedObject.Count} members, sent {members.Count}"));
                    return;
                }

                var index = 0;
                foreach (var (name, value) in expectedObject)
                {
                    var member = members[index++];
                    if (!string.Equals(member.Name, name, System.StringComparison.Ordinal))
                    {
                        differences.Add($"{path}: member {index - 1} expected name {HostileText.Show(name)}, sent {HostileText.Show(member.Name)}");
                        continue;
                    }

                    Compare(value, member.Value, path + "." + HostileText.Show(name, 40), differences);
                }

                return;
            case JsonArray expectedArray:
                if (actual.ValueKind != JsonValueKind.Array || actual.GetArrayLength() != expectedArray.Count)
                {
                    differences.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: expected an array of {expectedArray.Count}, sent {actual.ValueKind}"));
                    return;
                }

                var i = 0;
                foreach (var item in actual.EnumerateArray())
                {
                    Compare(expectedArray[i], item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), differences);
                    i++;
                }

                return;
            default:
                var kind = expected.GetValueKind();
                if (actual.ValueKind != kind)
                {
                    differences.Add($"{path}: expected {kind}, sent {actual.ValueKind}");
                    return;
                }

                if (kind == JsonValueKind.String)
                {
                    var want = expected.GetValue<string>();
                    var got = actual.GetString()!;
                    if (!string.Equals(want, got, System.StringComparison.Ordinal))
                    {
                        differences.Add($"{path}: expected {HostileText.Show(want)}, sent {HostileText.Show(got)}");
                    }
                }
                else if (kind == JsonValueKind.Number && Compact(expected) != actual.GetRawText())
                {
                    differences.Add($"{path}: expected {Compact(expected)}, sent {actual.GetRawText()}");
                }

                return;
        }
    }

    /// <summary>Renders JSON for a failure message with every string shown by <see cref="HostileText.Show"/>, so nothing is re-decoded on the way to the reader.</summary>
    public static string Render(JsonElement element, int max = 300) => element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(", ", element.EnumerateObject().Select(p => Name(p.Name) + ": " + Render(p.Value, max))) + "}",
        JsonValueKind.Array => "[" + string.Join(", ", element.EnumerateArray().Select(e => Render(e, max))) + "]",
        JsonValueKind.String => TryShow(element, max),
        _ => element.GetRawText(),
    };

    /// <summary>Renders a JSON node the same way.</summary>
    public static string Render(JsonNode? node, int max = 300)
    {
        using var document = JsonDocument.Parse(Compact(node));
        return Render(document.RootElement, max);
    }

    private static string Name(string name) =>
        name.All(c => c is > ' ' and <= '~' && c != '[' && c != '"') ? name : HostileText.Show(name, 60);

    private static string TryShow(JsonElement element, int max)
    {
        try
        {
            return HostileText.Show(element.GetString(), max);
        }
        catch (System.InvalidOperationException)
        {
            return "(undecodable string) " + element.GetRawText();
        }
    }
}
