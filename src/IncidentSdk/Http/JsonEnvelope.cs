using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IncidentSdk.Http;

/// <summary>Reads a response body as a JSON object of a known shape, or gives <see langword="null"/> for anything else.</summary>
internal static class JsonEnvelope
{
    /// <summary>
    /// Deserializes <paramref name="body"/> when it is a JSON object; returns <see langword="null"/> for an empty body,
    /// an HTML page, an array, truncated JSON or members of the wrong type, so callers can report the body instead.
    /// </summary>
    public static T? TryRead<T>(byte[] body, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var start = 0;
        while (start < body.Length && body[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start == body.Length || body[start] != (byte)'{')
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
