using System.Collections.Generic;

namespace IncidentSdk.Authentication;

/// <summary>
/// What <see cref="HuaweiRequestSigner"/> computed for one request: the intermediate strings Huawei support asks
/// for when a signature does not verify, and the header that was set.
/// </summary>
public sealed class SigningResult
{
    internal SigningResult(string sdkDate, IReadOnlyList<string> signedHeaders, string canonicalRequest, string stringToSign, string signature, string authorization)
    {
        SdkDate = sdkDate;
        SignedHeaders = signedHeaders;
        CanonicalRequest = canonicalRequest;
        StringToSign = stringToSign;
        Signature = signature;
        Authorization = authorization;
    }

    /// <summary>The <c>X-Sdk-Date</c> value, <c>yyyyMMddTHHmmssZ</c>.</summary>
    public string SdkDate { get; }

    /// <summary>The signed header names: lower case, sorted.</summary>
    public IReadOnlyList<string> SignedHeaders { get; }

    /// <summary>The canonical request, lines joined by <c>\n</c>.</summary>
    public string CanonicalRequest { get; }

    /// <summary>The string to sign: algorithm, date and the hex SHA-256 of the canonical request.</summary>
    public string StringToSign { get; }

    /// <summary>The lower-case hex HMAC-SHA256 signature.</summary>
    public string Signature { get; }

    /// <summary>The <c>Authorization</c> header value. It names the access key, so treat it as sensitive.</summary>
    public string Authorization { get; }

    /// <summary>Returns the date, signed headers and string to sign; never the access key.</summary>
    public override string ToString() => $"SigningResult {{ SdkDate = {SdkDate}, SignedHeaders = {string.Join(";", SignedHeaders)}, StringToSign = {StringToSign.Replace("\n", "\\n")} }}";
}
