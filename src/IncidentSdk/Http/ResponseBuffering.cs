using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.Http;

/// <summary>Reads a response body into memory, stopping at a limit so a huge or endless body cannot exhaust it.</summary>
internal static class ResponseBuffering
{
    public static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        var content = response.Content;
        if (content is null)
        {
            return [];
        }

        if (content.Headers.ContentLength > maxBytes)
        {
            throw TooLarge(response, maxBytes, $"declares {content.Headers.ContentLength} bytes");
        }

#if NET8_0_OR_GREATER
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        using (stream)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[Math.Min(81920, maxBytes + 1)];
            while (true)
            {
#if NET8_0_OR_GREATER
                var read = await stream.ReadAsync(chunk.AsMemory(), cancellationToken).ConfigureAwait(false);
#else
                var read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false);
#endif
                if (read == 0)
                {
                    return buffer.ToArray();
                }

                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(response, maxBytes, "is longer");
                }

                buffer.Write(chunk, 0, read);
            }
        }
    }

    /// <summary>Reads the body within the limit and replaces the content with the buffered bytes, keeping its headers.</summary>
    public static async Task BufferAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        var original = response.Content;
        if (original is null || original is ByteArrayContent)
        {
            return;
        }

        var bytes = await ReadBoundedAsync(response, maxBytes, cancellationToken).ConfigureAwait(false);
        var buffered = new ByteArrayContent(bytes);
        foreach (var header in original.Headers)
        {
            buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = buffered;
        original.Dispose();
    }

    private static InvalidResponseException TooLarge(HttpResponseMessage response, int maxBytes, string what)
    {
        var error = ErrorInfoFactory.FromResponse(response, body: null, errorCode: null, errorMessage: null, providerCode: null, bodyRequestId: null);
        return new InvalidResponseException(
            $"The response body {what} than the {maxBytes}-byte limit (MaxResponseBodyBytes); the client stopped reading it",
            error);
    }
}
