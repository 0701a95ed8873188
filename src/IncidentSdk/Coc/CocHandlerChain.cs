using System;
using System.Net.Http;
using IncidentSdk.Authentication;

namespace IncidentSdk.Coc;

/// <summary>The handler that authenticates every COC attempt anew: AK/SK signing, or an IAM token.</summary>
internal static class CocHandlerChain
{
    public static DelegatingHandler CreateAuthHandler(IncidentClientOptions options)
    {
        if (options.Credentials is { } credentials)
        {
            return new AkSkSigningHandler(credentials, options.TimeProvider);
        }

        var provider = options.EffectiveTokenProvider
            ?? throw new InvalidOperationException("Set Credentials (AK/SK) or AuthToken / AuthTokenProvider (IAM token).");
        return new AuthTokenHandler(provider);
    }
}
