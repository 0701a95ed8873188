using System;
using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace IncidentSdk.Internal;

/// <summary>SHA-256 and HMAC-SHA256 over spans, without allocating on .NET 8+.</summary>
internal static class HashHelper
{
    public const int HashSize = 32;

#if NET8_0_OR_GREATER
    // Reused per thread: creating a native hash context per call costs more than hashing a small request.
    [ThreadStatic]
    private static IncrementalHash? _sha256;

    [ThreadStatic]
    private static IncrementalHash? _hmac;

    [ThreadStatic]
    private static byte[]? _hmacKey;
#endif

    public static void Sha256(ReadOnlySpan<byte> data, Span<byte> hash)
    {
#if NET8_0_OR_GREATER
        var sha = _sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(data);
        sha.GetHashAndReset(hash);
#else
        using var sha = SHA256.Create();
        sha.ComputeHash(data.ToArray()).CopyTo(hash);
#endif
    }

    public static void HmacSha256(byte[] key, ReadOnlySpan<byte> data, Span<byte> hash)
    {
#if NET8_0_OR_GREATER
        if (!ReferenceEquals(_hmacKey, key))
        {
            _hmac?.Dispose();
            _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            _hmacKey = key;
        }

        _hmac!.AppendData(data);
        _hmac.GetHashAndReset(hash);
#else
        using var hmac = new HMACSHA256(key);
        hmac.ComputeHash(data.ToArray()).CopyTo(hash);
#endif
    }

    /// <summary>Hashes the UTF-8 form of <paramref name="text"/> through a pooled buffer.</summary>
    public static void Sha256Utf8(ReadOnlySpan<char> text, Span<byte> hash)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var count = GetUtf8(text, buffer);
            Sha256(buffer.AsSpan(0, count), hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>HMACs the UTF-8 form of <paramref name="text"/> through a pooled buffer.</summary>
    public static void HmacSha256Utf8(byte[] key, ReadOnlySpan<char> text, Span<byte> hash)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var count = GetUtf8(text, buffer);
            HmacSha256(key, buffer.AsSpan(0, count), hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int GetUtf8(ReadOnlySpan<char> text, byte[] buffer)
    {
#if NET8_0_OR_GREATER
        return Encoding.UTF8.GetBytes(text, buffer);
#else
        var chars = text.ToArray();
        return Encoding.UTF8.GetBytes(chars, 0, chars.Length, buffer, 0);
#endif
    }
}
