using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Internal;

namespace IncidentSdk.Authentication;

/// <summary>
/// Signs an <see cref="HttpRequestMessage"/> with Huawei Cloud's AK/SK algorithm (<c>SDK-HMAC-SHA256</c>):
/// sets <c>X-Sdk-Date</c>, the credential headers, <c>Host</c> and <c>Authorization</c>, and returns the
/// canonical request and string to sign so a signature mismatch can be debugged.
/// </summary>
public static class HuaweiRequestSigner
{
    /// <summary>The algorithm name that starts the string to sign and the <c>Authorization</c> header.</summary>
    public const string Algorithm = "SDK-HMAC-SHA256";

    /// <summary>The date header every signed request carries.</summary>
    public const string DateHeader = "X-Sdk-Date";

    /// <summary>
    /// The header that replaces the body's hash in the canonical request. Huawei's SDKs send
    /// <c>X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD</c> for bodies that are not JSON (uploads, streams); the gateway then
    /// takes the header's value as the payload line instead of hashing the body.
    /// </summary>
    public const string ContentSha256Header = "X-Sdk-Content-Sha256";

    /// <summary>The value of <see cref="ContentSha256Header"/> that leaves the body out of the signature.</summary>
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    internal const string ProjectIdHeader = "X-Project-Id";
    internal const string DomainIdHeader = "X-Domain-Id";
    internal const string SecurityTokenHeader = "X-Security-Token";

    /// <summary>Signs a request for the given credentials and signing time.</summary>
    /// <remarks>
    /// Header values are signed as the request will send them: several values of one header joined the way
    /// <see cref="HttpClient"/> joins them on the wire. When the request carries <see cref="ContentSha256Header"/>
    /// (such as <see cref="UnsignedPayload"/>), that header is signed and its value replaces the body's hash, and the
    /// body is not read.
    /// </remarks>
    /// <param name="request">The request to sign; it must have an absolute <see cref="HttpRequestMessage.RequestUri"/>. Its headers are changed.</param>
    /// <param name="credentials">The access key pair and optional scoping headers.</param>
    /// <param name="signingTime">The signing time; the gateway rejects a time more than 15 minutes from its clock.</param>
    /// <param name="options">Further headers to sign, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels reading the request body.</param>
    /// <returns>The intermediate strings and the header that was set.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The request has no absolute URI, or a header to sign is missing.</exception>
    public static async Task<SigningResult> SignAsync(
        HttpRequestMessage request,
        AkSkCredentials credentials,
        DateTimeOffset signingTime,
        HuaweiSigningOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        if (credentials is null)
        {
            throw new ArgumentNullException(nameof(credentials));
        }

        var body = RequestMetadata.GetBody(request);
        if (body is null && PayloadHeaderValue(request) is null)
        {
            body = request.Content is null
                ? []
#if NET8_0_OR_GREATER
                : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
#else
                : await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
#endif
        }

        return Sign(request, credentials, signingTime, body, options);
    }

    /// <summary>Signs a request whose body bytes the caller already has (they must be exactly the bytes sent).</summary>
    internal static SigningResult Sign(HttpRequestMessage request, AkSkCredentials credentials, DateTimeOffset signingTime, byte[]? body, HuaweiSigningOptions? options) =>
        SignCore(request, credentials, signingTime, body, options, detailed: true)!;

    /// <summary>
    /// Sets the signing headers on <paramref name="request"/>. With <paramref name="detailed"/> it also returns the
    /// intermediate strings; without, it builds only the headers (the per-attempt path of the signing handler).
    /// </summary>
    /// <remarks><paramref name="body"/> may be <see langword="null"/> only when the request carries <see cref="ContentSha256Header"/>.</remarks>
    internal static SigningResult? SignCore(HttpRequestMessage request, AkSkCredentials credentials, DateTimeOffset signingTime, byte[]? body, HuaweiSigningOptions? options, bool detailed)
    {
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            throw new ArgumentException("The request to sign needs an absolute RequestUri.", nameof(request));
        }

        var sdkDate = FormatSdkDate(signingTime);
        var headers = request.Headers;
        var host = HostHeaderValue(uri);
        headers.Host = host;
        SetHeader(headers, DateHeader, sdkDate);
        SetHeader(headers, ProjectIdHeader, credentials.ProjectId);
        SetHeader(headers, DomainIdHeader, credentials.DomainId);
        SetHeader(headers, SecurityTokenHeader, credentials.SecurityToken);

        // The payload line is the header's value when the request carries one (Huawei's signers read it before hashing
        // the body); the header is then signed too, as every Huawei SDK signs it (huawei-signing.md, step 3 "Payload").
        var payloadHeader = PayloadHeaderValue(request);

        string[] names;
        string signedHeaders;
        if ((options is null || options.AdditionalSignedHeaders.Count == 0) && payloadHeader is null)
        {
            names = credentials.SignedHeaderNames;
            signedHeaders = credentials.SignedHeaders;
        }
        else
        {
            var set = new SortedSet<string>(credentials.SignedHeaderNames, StringComparer.Ordinal);
            if (options is not null)
            {
                foreach (var extra in options.AdditionalSignedHeaders)
                {
                    set.Add(extra.Trim().ToLowerInvariant());
                }
            }

            if (payloadHeader is not null)
            {
                set.Add(ContentSha256HeaderLower);
            }

            names = set.ToArray();
            signedHeaders = string.Join(";", names);
        }

        Span<byte> hash = stackalloc byte[HashHelper.HashSize];
        var canonical = new PooledCharBuilder(512);
        try
        {
            foreach (var c in request.Method.Method)
            {
                canonical.Append(char.ToUpperInvariant(c));
            }

            canonical.Append('\n');
            SigningEncoding.AppendCanonicalUri(ref canonical, uri);
            canonical.Append('\n');
            canonical.Append(SigningEncoding.CanonicalQuery(uri));
            canonical.Append('\n');
            foreach (var name in names)
            {
                canonical.Append(name);
                canonical.Append(':');
                canonical.Append(CanonicalHeaderValue(request, credentials, name, host, sdkDate).AsSpan().Trim());
                canonical.Append('\n');
            }

            canonical.Append('\n');
            canonical.Append(signedHeaders);
            canonical.Append('\n');
            if (payloadHeader is not null)
            {
                canonical.Append(payloadHeader);
            }
            else
            {
                HashHelper.Sha256(body ?? throw new ArgumentNullException(nameof(body)), hash);
                canonical.AppendHexLower(hash);
            }

            HashHelper.Sha256Utf8(canonical.Span, hash);
            var stringToSign = new PooledCharBuilder(128);
            try
            {
                stringToSign.Append(Algorithm);
                stringToSign.Append('\n');
                stringToSign.Append(sdkDate);
                stringToSign.Append('\n');
                stringToSign.AppendHexLower(hash);
                HashHelper.HmacSha256Utf8(credentials.SecretKeyBytes, stringToSign.Span, hash);

                var header = new PooledCharBuilder(256);
                try
                {
                    header.Append(AuthorizationPrefix);
                    header.Append(credentials.AccessKey);
                    header.Append(", SignedHeaders=");
                    header.Append(signedHeaders);
                    header.Append(", Signature=");
                    header.AppendHexLower(hash);
                    var authorization = header.ToString();
                    headers.Remove("Authorization");
                    headers.TryAddWithoutValidation("Authorization", authorization);
                    return detailed
                        ? new SigningResult(sdkDate, names, canonical.ToString(), stringToSign.ToString(), authorization.Substring(authorization.Length - (2 * HashHelper.HashSize)), authorization)
                        : null;
                }
                finally
                {
                    header.Dispose();
                }
            }
            finally
            {
                stringToSign.Dispose();
            }
        }
        finally
        {
            canonical.Dispose();
        }
    }

    private const string AuthorizationPrefix = Algorithm + " Access=";

    private const string ContentSha256HeaderLower = "x-sdk-content-sha256";

    /// <summary>The trimmed value of <see cref="ContentSha256Header"/>, or <see langword="null"/> when the request has none.</summary>
    private static string? PayloadHeaderValue(HttpRequestMessage request) =>
        TryGetRaw(request.Headers, ContentSha256Header, out var value)
        || (request.Content is not null && TryGetRaw(request.Content.Headers, ContentSha256Header, out value))
            ? value.Trim()
            : null;

    private static string CanonicalHeaderValue(HttpRequestMessage request, AkSkCredentials credentials, string name, string host, string sdkDate) => name switch
    {
        "host" => host,
        "x-sdk-date" => sdkDate,
        "x-project-id" when credentials.ProjectId is not null => credentials.ProjectId,
        "x-domain-id" when credentials.DomainId is not null => credentials.DomainId,
        "x-security-token" when credentials.SecurityToken is not null => credentials.SecurityToken,
        _ => HeaderValue(request, name),
    };

    private static string FormatSdkDate(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        Span<char> text = stackalloc char[16];
        Write(text, 0, utc.Year, 4);
        Write(text, 4, utc.Month, 2);
        Write(text, 6, utc.Day, 2);
        text[8] = 'T';
        Write(text, 9, utc.Hour, 2);
        Write(text, 11, utc.Minute, 2);
        Write(text, 13, utc.Second, 2);
        text[15] = 'Z';
        return text.ToString();

        static void Write(Span<char> destination, int start, int value, int digits)
        {
            for (var i = start + digits - 1; i >= start; i--)
            {
                destination[i] = (char)('0' + (value % 10));
                value /= 10;
            }
        }
    }

    /// <summary>The Host header exactly as it goes on the wire: with <c>:port</c> when the port is not the scheme's default.</summary>
    internal static string HostHeaderValue(Uri uri)
    {
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        return uri.IsDefaultPort ? host : host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
    }

    private static void SetHeader(HttpRequestHeaders headers, string name, string? value)
    {
        headers.Remove(name);
        if (value is not null)
        {
            headers.TryAddWithoutValidation(name, value);
        }
    }

    private static string HeaderValue(HttpRequestMessage request, string name)
    {
        if (TryGetRaw(request.Headers, name, out var value)
            || (request.Content is not null && TryGetRaw(request.Content.Headers, name, out value)))
        {
            return value;
        }

        throw new ArgumentException($"The header '{name}' is to be signed but the request does not carry it.", nameof(request));
    }

    /// <summary>
    /// A header's value as it goes on the wire. The handler writes all values of a header on one line, joined by the
    /// separator of that header's grammar: <c>", "</c> for most headers, <c>" "</c> for the product lists of
    /// <c>User-Agent</c> and <c>Server</c>, <c>"; "</c> for <c>Cookie</c>. The runtime's own join is used rather than a
    /// copy of that table, so the value signed is the value sent on whatever runtime the library runs.
    /// </summary>
    private static bool TryGetRaw(HttpHeaders headers, string name, out string value)
    {
#if NET8_0_OR_GREATER
        // HeaderStringValues.ToString() joins several values with the header's separator, as SocketsHttpHandler does.
        if (headers.NonValidated.TryGetValues(name, out var values))
        {
            value = values.ToString();
            return true;
        }
#else
        // Without the NonValidated view, HttpHeaders.ToString() is the runtime's join: one "Name: value" line per
        // header, its values joined with the header's separator, the same join the handler writes (on .NET Framework
        // too, whose HttpClientHandler copies headers with that join).
        if (headers.TryGetValues(name, out var values))
        {
            var list = values as ICollection<string> ?? values.ToList();
            if (list.Count == 1)
            {
                value = list.First();
                return true;
            }

            if (JoinedAsWritten(headers, name) is { } joined)
            {
                value = joined;
                return true;
            }

            value = string.Join(", ", list);
            return true;
        }
#endif
        value = string.Empty;
        return false;
    }

#if !NET8_0_OR_GREATER
    // HttpHeaders.ToString() ends each line with Environment.NewLine on .NET and with "\r\n" on .NET Framework.
    private static readonly char[] LineBreaks = ['\r', '\n'];

    private static string? JoinedAsWritten(HttpHeaders headers, string name)
    {
        foreach (var line in headers.ToString().Split(LineBreaks, StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':');
            if (colon == name.Length && string.Compare(line, 0, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return line.Substring(colon + 1).TrimStart(' ');
            }
        }

        return null;
    }
#endif
}
