using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;

namespace IncidentSdk.FaultTests.Support;

/// <summary>What the server recomputed for one request, and whether the request's signature matches it.</summary>
internal sealed record WireVerification(bool Matches, string Reason, string CanonicalRequest, string RawTarget, IReadOnlyDictionary<string, string> SignedHeaderLines);

/// <summary>
/// Verifies an AK/SK signature as a gateway would, from the request exactly as it arrived at the server: the method,
/// the raw request target (Kestrel's <see cref="IHttpRequestFeature.RawTarget"/>, before any decoding), each signed
/// header as received (one line, values joined as the client wrote them), and the body bytes. It follows
/// /work/shared/spec/huawei-signing.md step by step and shares no code with the SDK's signer.
/// </summary>
internal static class WireSignatureVerifier
{
    private const string Algorithm = "SDK-HMAC-SHA256";
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    public static WireVerification Verify(HttpContext context, byte[] body, string accessKey, string secretKey)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var headers = context.Request.Headers;
        var authorization = headers.Authorization.ToString();
        var parsed = ParseAuthorization(authorization);
        if (parsed is null)
        {
            return Fail("no SDK-HMAC-SHA256 Authorization header", rawTarget);
        }

        var (access, signedHeaders, signature) = parsed.Value;
        if (access != accessKey)
        {
            return Fail("another access key", rawTarget);
        }

        var lines = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in signedHeaders)
        {
            if (!headers.TryGetValue(name, out var values) || values.Count == 0)
            {
                return Fail($"signed header {name} did not arrive", rawTarget);
            }

            if (values.Count > 1)
            {
                return Fail($"signed header {name} arrived on {values.Count} lines", rawTarget);
            }

            lines[name] = values[0]!;
        }

        var sdkDate = headers["X-Sdk-Date"].ToString();
        var payload = string.Equals(headers["X-Sdk-Content-Sha256"].ToString().Trim(), UnsignedPayload, StringComparison.Ordinal)
            ? UnsignedPayload
            : Hex(SHA256.HashData(body));
        var canonical = CanonicalRequest(context.Request.Method, rawTarget, signedHeaders, lines, payload);
        var expected = Signature(canonical, sdkDate, secretKey);
        return new WireVerification(
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)),
            expected == signature ? "match" : "signature differs",
            canonical,
            rawTarget,
            lines);
    }

    /// <summary>Spec step 3: method, canonical URI, canonical query, canonical headers, signed names, payload line.</summary>
    public static string CanonicalRequest(string method, string rawTarget, IReadOnlyList<string> signedHeaders, IReadOnlyDictionary<string, string> headerValues, string payload)
    {
        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? rawTarget : rawTarget[..question];
        var query = question < 0 ? string.Empty : rawTarget[(question + 1)..];

        var text = new StringBuilder();
        text.Append(method.ToUpperInvariant()).Append('\n');
        text.Append(CanonicalUri(path)).Append('\n');
        text.Append(CanonicalQuery(query)).Append('\n');
        foreach (var name in signedHeaders)
        {
            text.Append(name).Append(':').Append(headerValues[name].Trim()).Append('\n');
        }

        text.Append('\n');
        text.Append(string.Join(";", signedHeaders)).Append('\n');
        text.Append(payload);
        return text.ToString();
    }

    /// <summary>Spec steps 4 and 5: string to sign, then lower-case hex HMAC-SHA256 keyed with the UTF-8 bytes of the SK.</summary>
    public static string Signature(string canonicalRequest, string sdkDate, string secretKey)
    {
        var stringToSign = Algorithm + "\n" + sdkDate + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
        return Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>Percent-decode the whole path, then split on <c>/</c>, encode each segment, join, end with <c>/</c>.</summary>
    public static string CanonicalUri(string rawPath)
    {
        var decoded = PercentDecode(rawPath);
        var joined = string.Join("/", decoded.Split('/').Select(Encode));
        return joined.EndsWith('/') ? joined : joined + "/";
    }

    /// <summary>Decode each pair, sort by key and then value (ordinal), encode both, join with <c>&amp;</c>.</summary>
    public static string CanonicalQuery(string rawQuery)
    {
        if (rawQuery.Length == 0)
        {
            return string.Empty;
        }

        var pairs = rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            return equals < 0
                ? (Key: PercentDecode(part), Value: string.Empty)
                : (Key: PercentDecode(part[..equals]), Value: PercentDecode(part[(equals + 1)..]));
        });
        return string.Join("&", pairs
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => Encode(p.Key) + "=" + Encode(p.Value)));
    }

    private static WireVerification Fail(string reason, string rawTarget) =>
        new(false, reason, string.Empty, rawTarget, new Dictionary<string, string>());

    private static (string Access, string[] SignedHeaders, string Signature)? ParseAuthorization(string value)
    {
        const string prefix = Algorithm + " ";
        if (!value.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = value[prefix.Length..].Split(", ").Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);
        return parts.TryGetValue("Access", out var access) && parts.TryGetValue("SignedHeaders", out var names) && parts.TryGetValue("Signature", out var signature)
            ? (access, names.Split(';'), signature)
            : null;
    }

    /// <summary>%XX sequences to bytes, read as UTF-8; everything else as is (a <c>+</c> stays a plus).</summary>
    private static string PercentDecode(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
            {
                bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());

        static bool IsHex(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F');
    }

    /// <summary>Keep <c>A-Z a-z 0-9 - _ . ~</c>; every other UTF-8 byte as <c>%XX</c> with upper-case hex.</summary>
    private static string Encode(string text)
    {
        var result = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                result.Append((char)b);
            }
            else
            {
                result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return result.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
