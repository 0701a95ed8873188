using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.Testing.Internal;

/// <summary>Reading the body of a request or a response, and looking into one that may not be JSON at all (for the records).</summary>
internal static class Bodies
{
    /// <summary>The bytes of <paramref name="content"/>; none when there is no content.</summary>
    public static async Task<byte[]> ReadAsync(HttpContent? content, CancellationToken cancellationToken) =>
        content is null ? [] : await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

    /// <summary><paramref name="read"/> applied to the root of <paramref name="body"/>, or <paramref name="otherwise"/> when the body is not JSON.</summary>
    public static T Peek<T>(byte[] body, Func<JsonElement, T> read, T otherwise)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return read(document.RootElement);
        }
        catch (JsonException)
        {
            return otherwise;
        }
    }

    /// <summary>The string value of property <paramref name="name"/> when <paramref name="element"/> is an object that has one, else <see langword="null"/>.</summary>
    public static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
