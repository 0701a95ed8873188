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

    internal const string ProjectIdHeader = "X-Project-Id";
    internal const string DomainIdHeader = "X-Domain-Id";
    internal const string SecurityTokenHeader = "X-Security-Token";

    /// <summary>Signs a request for the given credentials and signing time.</summary>
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
        if (body is null)
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
    internal static SigningResult Sign(HttpRequestMessage request, AkSkCredentials credentials, DateTimeOffset signingTime, byte[] body, HuaweiSigningOptions? options)
    {
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            throw new ArgumentException("The request to sign needs an absolute RequestUri.", nameof(request));
        }

        var sdkDate = signingTime.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var headers = request.Headers;
        var host = HostHeaderValue(uri);
        headers.Host = host;
        SetHeader(headers, DateHeader, sdkDate);
        SetHeader(headers, ProjectIdHeader, credentials.ProjectId);
        SetHeader(headers, DomainIdHeader, credentials.DomainId);
        SetHeader(headers, SecurityTokenHeader, credentials.SecurityToken);

        var names = new SortedSet<string>(StringComparer.Ordinal) { "host", "x-sdk-date" };
        if (credentials.ProjectId is not null)
        {
            names.Add("x-project-id");
        }

        if (credentials.DomainId is not null)
        {
            names.Add("x-domain-id");
        }

        if (credentials.SecurityToken is not null)
        {
            names.Add("x-security-token");
        }

        if (options is not null)
        {
            foreach (var extra in options.AdditionalSignedHeaders)
            {
                names.Add(extra.Trim().ToLowerInvariant());
            }
        }

        var signedHeaders = string.Join(";", names);
        var canonical = new StringBuilder(256)
            .Append(request.Method.Method.ToUpperInvariant()).Append('\n')
            .Append(SigningEncoding.CanonicalUri(uri)).Append('\n')
            .Append(SigningEncoding.CanonicalQuery(uri)).Append('\n');
        foreach (var name in names)
        {
            var value = name == "host" ? host : HeaderValue(request, name);
            canonical.Append(name).Append(':').Append(value.Trim()).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(HashHelper.Sha256Hex(body));
        var canonicalRequest = canonical.ToString();
        var stringToSign = Algorithm + "\n" + sdkDate + "\n" + HashHelper.Sha256Hex(canonicalRequest);
        var signature = HashHelper.HmacSha256Hex(credentials.SecretKey, stringToSign);
        var authorization = $"{Algorithm} Access={credentials.AccessKey}, SignedHeaders={signedHeaders}, Signature={signature}";
        headers.Remove("Authorization");
        headers.TryAddWithoutValidation("Authorization", authorization);
        return new SigningResult(sdkDate, names.ToArray(), canonicalRequest, stringToSign, signature, authorization);
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

    private static bool TryGetRaw(HttpHeaders headers, string name, out string value)
    {
#if NET8_0_OR_GREATER
        if (headers.NonValidated.TryGetValues(name, out var values))
        {
            value = values.Count == 1 ? values.ToString() : string.Join(",", values);
            return true;
        }
#else
        if (headers.TryGetValues(name, out var values))
        {
            value = string.Join(",", values);
            return true;
        }
#endif
        value = string.Empty;
        return false;
    }
}
