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
        if (body is null && SigningHeaders.PayloadValue(request) is null)
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
        var host = SigningHeaders.HostValue(uri);
        headers.Host = host;
        SigningHeaders.Set(headers, DateHeader, sdkDate);
        SigningHeaders.Set(headers, ProjectIdHeader, credentials.ProjectId);
        SigningHeaders.Set(headers, DomainIdHeader, credentials.DomainId);
        SigningHeaders.Set(headers, SecurityTokenHeader, credentials.SecurityToken);

        // The payload line is the header's value when the request carries one (Huawei's signers read it before hashing
        // the body); the header is then signed too, as every Huawei SDK signs it (huawei-signing.md, step 3 "Payload").
        var payloadHeader = SigningHeaders.PayloadValue(request);

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

    private static string CanonicalHeaderValue(HttpRequestMessage request, AkSkCredentials credentials, string name, string host, string sdkDate) => name switch
    {
        "host" => host,
        "x-sdk-date" => sdkDate,
        "x-project-id" when credentials.ProjectId is not null => credentials.ProjectId,
        "x-domain-id" when credentials.DomainId is not null => credentials.DomainId,
        "x-security-token" when credentials.SecurityToken is not null => credentials.SecurityToken,
        _ => SigningHeaders.Value(request, name),
    };

    // The last date written on this thread: calls in the same second (most of them, under load) reuse its text.
    [ThreadStatic]
    private static long _lastDateSecond;

    [ThreadStatic]
    private static string? _lastDate;

    private static string FormatSdkDate(DateTimeOffset time)
    {
        var second = time.UtcTicks / TimeSpan.TicksPerSecond;
        if (_lastDate is { } cached && _lastDateSecond == second)
        {
            return cached;
        }

        _lastDate = WriteSdkDate(time);
        _lastDateSecond = second;
        return _lastDate;
    }

    private static string WriteSdkDate(DateTimeOffset time)
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
}
