using System;
using System.Security.Cryptography;
using System.Text;

namespace IncidentSdk.Internal;

/// <summary>SHA-256, HMAC-SHA256 and lower-case hex, on every target framework.</summary>
internal static class HashHelper
{
    public static string Sha256Hex(byte[] data)
    {
#if NET8_0_OR_GREATER
        return ToHexLower(SHA256.HashData(data));
#else
        using var sha = SHA256.Create();
        return ToHexLower(sha.ComputeHash(data));
#endif
    }

    public static string Sha256Hex(string text) => Sha256Hex(Encoding.UTF8.GetBytes(text));

    public static string HmacSha256Hex(string key, string data)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var dataBytes = Encoding.UTF8.GetBytes(data);
#if NET8_0_OR_GREATER
        return ToHexLower(HMACSHA256.HashData(keyBytes, dataBytes));
#else
        using var hmac = new HMACSHA256(keyBytes);
        return ToHexLower(hmac.ComputeHash(dataBytes));
#endif
    }

    public static string ToHexLower(byte[] bytes)
    {
#if NET10_0_OR_GREATER
        return Convert.ToHexStringLower(bytes);
#else
        const string Digits = "0123456789abcdef";
        var chars = new char[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = Digits[bytes[i] >> 4];
            chars[(2 * i) + 1] = Digits[bytes[i] & 0xF];
        }

        return new string(chars);
#endif
    }
}
