using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using IncidentSdk.Authentication;

namespace IncidentSdk.Testing.Internal;

/// <summary>
/// Re-computes an <c>SDK-HMAC-SHA256</c> signature from the request as received, the way Huawei's API gateway does: it
/// trusts only the <c>SignedHeaders</c> list, the headers and the body it was sent (huawei-signing.md, steps 3–6).
/// Written independently of the library's signer so the fake checks it rather than mirrors it.
/// </summary>
internal static class GatewaySignatureCheck
{
    private const string Prefix = "SDK-HMAC-SHA256 ";
    private const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>The parts of an <c>Authorization: SDK-HMAC-SHA256 ...</c> header, or <see langword="null"/> when it is not one.</summary>
    public static ParsedAuthorization? Parse(string authorization)
    {
        if (!authorization.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        string? access = null, signedHeaders = null, signature = null;
        foreach (var part in authorization.Substring(Prefix.Length).Split(','))
        {
            var item = part.Trim();
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }

            var value = item.Substring(equals + 1);
            switch (item.Substring(0, equals))
            {
                case "Access": access = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
                default: return null;
            }
        }

        return string.IsNullOrEmpty(access) || string.IsNullOrEmpty(signedHeaders) || string.IsNullOrEmpty(signature)
            ? null
            : new ParsedAuthorization(access, signedHeaders.Split(';'), signature);
    }

    /// <summary>Whether the signature matches the request signed with <paramref name="credentials"/>.</summary>
    public static bool Verify(HttpRequestMessage request, byte[] body, ParsedAuthorization authorization, AkSkCredentials credentials, string sdkDate)
    {
        var canonical = new StringBuilder(512);
        canonical.Append(request.Method.Method.ToUpperInvariant()).Append('\n');
        canonical.Append(CanonicalUri(request.RequestUri!)).Append('\n');
        canonical.Append(CanonicalQuery(request.RequestUri!)).Append('\n');
        foreach (var name in authorization.SignedHeaders)
        {
            if (HeaderValue(request, name) is not { } value)
            {
                return false;
            }

            canonical.Append(name.ToLowerInvariant()).Append(':').Append(value.Trim()).Append('\n');
        }

        canonical.Append('\n');
        canonical.Append(string.Join(";", authorization.SignedHeaders)).Append('\n');
        canonical.Append(PayloadHash(request, body));

        var stringToSign = "SDK-HMAC-SHA256\n" + sdkDate + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
        var expected = Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(credentials.SecretKey), Encoding.UTF8.GetBytes(stringToSign)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(authorization.Signature));
    }

    /// <summary>A request header's value as sent (<c>host</c> from the URI when the request carries no Host header).</summary>
    public static string? HeaderValue(HttpRequestMessage request, string name)
    {
        if (string.Equals(name, "host", StringComparison.OrdinalIgnoreCase))
        {
            return request.Headers.Host ?? HostOf(request.RequestUri!);
        }

        if (request.Headers.NonValidated.TryGetValues(name, out var values))
        {
            return values.ToString();
        }

        return request.Content is not null && request.Content.Headers.NonValidated.TryGetValues(name, out var contentValues)
            ? contentValues.ToString()
            : null;
    }

    private static string HostOf(Uri uri) =>
        uri.IsDefaultPort ? uri.IdnHost : uri.IdnHost + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);

    private static string PayloadHash(HttpRequestMessage request, byte[] body)
    {
        if (HeaderValue(request, "X-Sdk-Content-Sha256") is "UNSIGNED-PAYLOAD")
        {
            return "UNSIGNED-PAYLOAD";
        }

        return body.Length == 0 ? EmptyBodyHash : Hex(SHA256.HashData(body));
    }

    private static string CanonicalUri(Uri uri)
    {
        // As the gateway does: decode the whole path first, then split it, so an encoded slash separates segments.
        var segments = Uri.UnescapeDataString(uri.AbsolutePath).Split('/').Select(Encode);
        var path = string.Join("/", segments);
        return path.EndsWith('/') ? path : path + "/";
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var item in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? item : item.Substring(0, equals));
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(item.Substring(equals + 1));
            pairs.Add(new KeyValuePair<string, string>(key, value));
        }

        return string.Join("&", pairs
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => Encode(p.Key) + "=" + Encode(p.Value)));
    }

    /// <summary>Keeps <c>A-Z a-z 0-9 - _ . ~</c>; every other UTF-8 byte becomes <c>%XX</c> (upper-case hex).</summary>
    private static string Encode(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                result.Append(c);
            }
            else
            {
                result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return result.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    internal sealed record ParsedAuthorization(string AccessKey, string[] SignedHeaders, string Signature);
}
