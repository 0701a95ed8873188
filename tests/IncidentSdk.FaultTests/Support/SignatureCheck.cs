using System.Globalization;
using IncidentSdk.Authentication;

namespace IncidentSdk.FaultTests.Support;

/// <summary>
/// Checks, on the server, that a request's AK/SK signature matches that exact request: its method, URI, Host, date
/// and body bytes as received, signed again with the public signer and compared with the <c>Authorization</c> header.
/// </summary>
internal static class SignatureCheck
{
    public static async Task<bool> VerifyAsync(HttpContext context, byte[] body, AkSkCredentials credentials)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        var sdkDate = request.Headers[HuaweiRequestSigner.DateHeader].ToString();
        var signedPart = authorization.Split(", ").FirstOrDefault(p => p.StartsWith("SignedHeaders=", StringComparison.Ordinal));
        if (signedPart is null || sdkDate.Length == 0)
        {
            return false;
        }

        var date = DateTimeOffset.ParseExact(sdkDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var uri = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}");
        using var replay = new HttpRequestMessage(new HttpMethod(request.Method), uri) { Content = new ByteArrayContent(body) };
        if (request.ContentType is { } contentType)
        {
            replay.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var options = new HuaweiSigningOptions();
        foreach (var name in signedPart["SignedHeaders=".Length..].Split(';').Where(n => n == "content-type"))
        {
            options.AdditionalSignedHeaders.Add(name);
        }

        var result = await HuaweiRequestSigner.SignAsync(replay, credentials, date, options);
        return result.Authorization == authorization && request.Host.Value == replay.Headers.Host;
    }
}
