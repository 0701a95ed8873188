using System.Globalization;
using IncidentSdk.Authentication;

namespace IncidentSdk.Tests.Support;

/// <summary>Re-computes the signature of a captured request from its own date, headers and body, as the gateway does.</summary>
internal static class SignatureVerifier
{
    public static async Task<bool> VerifyAsync(CapturedRequest captured, AkSkCredentials credentials)
    {
        var authorization = captured.Header("Authorization");
        var signedHeaders = authorization.Split(", ").Single(p => p.StartsWith("SignedHeaders=", StringComparison.Ordinal))["SignedHeaders=".Length..];
        var date = DateTimeOffset.ParseExact(captured.Header("X-Sdk-Date"), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        using var replay = new HttpRequestMessage(captured.Method, captured.Uri) { Content = new ByteArrayContent(captured.Body) };
        replay.Content.Headers.TryAddWithoutValidation("Content-Type", captured.Headers.GetValueOrDefault("content-type", "application/json"));
        var options = new HuaweiSigningOptions();
        foreach (var name in signedHeaders.Split(';').Where(n => n == "content-type"))
        {
            options.AdditionalSignedHeaders.Add(name);
        }

        var result = await HuaweiRequestSigner.SignAsync(replay, credentials, date, options);
        return result.Authorization == authorization && captured.Header("Host") == replay.Headers.Host;
    }
}
