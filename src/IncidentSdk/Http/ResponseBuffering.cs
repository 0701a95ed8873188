using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.Http;

/// <summary>Reads a response body into memory, stopping at a limit so a huge or endless body cannot exhaust it.</summary>
internal static class ResponseBuffering
{
    private const int ChunkSize = 1024;

    public static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        var content = response.Content;
        if (content is null)
        {
            return [];
        }

        if (content is BufferedContent buffered)
        {
            return buffered.Bytes;
        }

        var declared = content.Headers.ContentLength;
        if (declared > maxBytes)
        {
            throw TooLarge(response, maxBytes, FormattableString.Invariant($"declares {declared} bytes, more"));
        }

#if NET8_0_OR_GREATER
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        using (stream)
        {
            if (declared is { } exact)
            {
                return await ReadExactAsync(stream, response, (int)exact, cancellationToken).ConfigureAwait(false);
            }

            // No declared length (chunked): grow from a small pooled buffer.
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            var total = 0;
            try
            {
                while (true)
                {
                    if (total == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, maxBytes + 1L));
                        Buffer.BlockCopy(buffer, 0, larger, 0, total);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

#if NET8_0_OR_GREATER
                    var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
#else
                    var read = await stream.ReadAsync(buffer, total, buffer.Length - total, cancellationToken).ConfigureAwait(false);
#endif
                    if (read == 0)
                    {
                        var result = new byte[total];
                        Buffer.BlockCopy(buffer, 0, result, 0, total);
                        return result;
                    }

                    total += read;
                    if (total > maxBytes)
                    {
                        throw TooLarge(response, maxBytes, "is longer");
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Reads a body whose length is declared straight into an array of that size.</summary>
    private static async Task<byte[]> ReadExactAsync(Stream stream, HttpResponseMessage response, int length, CancellationToken cancellationToken)
    {
        var result = new byte[length];
        var total = 0;
        while (total < length)
        {
#if NET8_0_OR_GREATER
            var read = await stream.ReadAsync(result.AsMemory(total), cancellationToken).ConfigureAwait(false);
#else
            var read = await stream.ReadAsync(result, total, length - total, cancellationToken).ConfigureAwait(false);
#endif
            if (read == 0)
            {
                throw new InvalidResponseException(
                    FormattableString.Invariant($"The response body ended after {total} of its declared {length} bytes"),
                    ErrorInfoFactory.FromResponse(response, result.AsSpan(0, total).ToArray(), null, null, null, null));
            }

            total += read;
        }

        return result;
    }

    /// <summary>Reads the body within the limit and replaces the content with the buffered bytes, keeping its headers.</summary>
    public static async Task BufferAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        var original = response.Content;
        if (original is null || original is BufferedContent)
        {
            return;
        }

        var bytes = await ReadBoundedAsync(response, maxBytes, cancellationToken).ConfigureAwait(false);
        var buffered = new BufferedContent(bytes);
#if NET8_0_OR_GREATER
        // The raw values, as received: enumerating the validated view would parse every header (and allocate) first.
        foreach (var header in original.Headers.NonValidated)
        {
            if (header.Value.Count == 1)
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value.ToString());
            }
            else
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
#else
        foreach (var header in original.Headers)
        {
            buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
#endif

        response.Content = buffered;
        original.Dispose();
    }

    private static InvalidResponseException TooLarge(HttpResponseMessage response, int maxBytes, string what)
    {
        var error = ErrorInfoFactory.FromResponse(response, body: null, errorCode: null, errorMessage: null, providerCode: null, bodyRequestId: null);
        return new InvalidResponseException(
            FormattableString.Invariant($"The response body {what} than the {maxBytes}-byte limit (MaxResponseBodyBytes); the client stopped reading it"),
            error);
    }

    /// <summary>A response body already read into memory; the client takes its bytes without copying them again.</summary>
    private sealed class BufferedContent(byte[] bytes) : HttpContent
    {
        public byte[] Bytes { get; } = bytes;

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(Bytes, 0, Bytes.Length);

        protected override bool TryComputeLength(out long length)
        {
            length = Bytes.Length;
            return true;
        }
    }
}
