using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using IncidentSdk.Authentication;
using IncidentSdk.Testing.Internal;

namespace IncidentSdk.Testing;

// Credentials: IAM tokens and the gateway's AK/SK signature check.
public sealed partial class FakeCocService
{
    private static readonly TimeSpan SignatureWindow = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Creates an IAM token the fake accepts as <c>X-Auth-Token</c> and returns it (a random one when <paramref name="token"/> is
    /// <see langword="null"/>). Once any token is added only added tokens are accepted; before that, any non-empty token is
    /// accepted when the fake was created without credentials, and none is accepted when it was created with them.
    /// </summary>
    /// <param name="token">The token.</param>
    /// <returns>The token.</returns>
    /// <exception cref="ArgumentException"><paramref name="token"/> is empty.</exception>
    public string AddToken(string? token = null) => _tokens.Add(token);

    /// <summary>Removes an IAM token, so requests with it are refused with <c>APIG.0301</c> (other tokens stay refused too).</summary>
    /// <param name="token">The token.</param>
    /// <returns><see langword="true"/> when the token existed.</returns>
    public bool RemoveToken(string token) => _tokens.Remove(token);

    /// <summary>What the gateway checks before COC sees the request: an AK/SK signature or an IAM token.</summary>
    private Answer? Authenticate(HttpRequestMessage request, byte[] body)
    {
        var authorization = GatewaySignatureCheck.HeaderValue(request, "Authorization");
        if (authorization is not null && authorization.StartsWith("SDK-HMAC-SHA256", StringComparison.Ordinal))
        {
            return CheckSignature(request, body, authorization);
        }

        var token = GatewaySignatureCheck.HeaderValue(request, "X-Auth-Token");
        if (string.IsNullOrEmpty(token))
        {
            return Unauthorized("Incorrect IAM authentication information: x-auth-token not found");
        }

        var accepted = _tokens.AnyAdded ? _tokens.Contains(token) : _credentials is null;
        return accepted ? null : Unauthorized("Incorrect IAM authentication information: verify token fail");
    }

    private Answer? CheckSignature(HttpRequestMessage request, byte[] body, string authorization)
    {
        if (GatewaySignatureCheck.Parse(authorization) is not { } parsed)
        {
            return Unauthorized("Incorrect IAM authentication information: Authorization format incorrect");
        }

        var sdkDate = GatewaySignatureCheck.HeaderValue(request, HuaweiRequestSigner.DateHeader);
        if (sdkDate is null)
        {
            return Unauthorized("Incorrect IAM authentication information: x-sdk-date not found");
        }

        if (!DateTimeOffset.TryParseExact(sdkDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            return Unauthorized("Incorrect IAM authentication information: x-sdk-date format invalid");
        }

        if ((_timeProvider.GetUtcNow() - signedAt).Duration() > SignatureWindow)
        {
            return new Answer(HttpStatusCode.Unauthorized, "APIG.0303", Gateway: true, "Incorrect app authentication information: signature expired");
        }

        if (_credentials is null)
        {
            return null;
        }

        if (!string.Equals(parsed.AccessKey, _credentials.AccessKey, StringComparison.Ordinal))
        {
            return Unauthorized("Incorrect IAM authentication information: ak " + parsed.AccessKey + " not exist");
        }

        if (_credentials.SecurityToken is not null
            && !string.Equals(GatewaySignatureCheck.HeaderValue(request, "X-Security-Token"), _credentials.SecurityToken, StringComparison.Ordinal))
        {
            return Unauthorized("Incorrect IAM authentication information: security token invalid");
        }

        return GatewaySignatureCheck.Verify(request, body, parsed, _credentials, sdkDate)
            ? null
            : Unauthorized("Incorrect IAM authentication information: verify aksk signature fail");
    }
}
