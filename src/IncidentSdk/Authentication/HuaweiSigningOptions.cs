using System.Collections.Generic;

namespace IncidentSdk.Authentication;

/// <summary>Choices for <see cref="HuaweiRequestSigner"/> beyond the headers it always signs.</summary>
public sealed class HuaweiSigningOptions
{
    /// <summary>
    /// Further headers to sign, such as <c>content-type</c> (which Huawei's signing guide signs and its .NET SDK
    /// does not; the gateway verifies both). <c>host</c>, <c>x-sdk-date</c> and every credential header are always signed.
    /// </summary>
    public IList<string> AdditionalSignedHeaders { get; } = new List<string>();
}
