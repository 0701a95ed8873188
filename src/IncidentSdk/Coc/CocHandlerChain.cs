using System;
using System.Net.Http;
using IncidentSdk.Authentication;
using IncidentSdk.Diagnostics;
using IncidentSdk.Http;

namespace IncidentSdk.Coc;

/// <summary>Builds the handlers of a COC client: resilience outermost, authentication inside it, so every attempt is authenticated anew.</summary>
internal static class CocHandlerChain
{
    public static DelegatingHandler CreateResilienceHandler(IncidentClientOptions options) =>
        new ResilienceHandler(options.Resilience, options.MaxResponseBodyBytes, options.TimeProvider, options.Logging.CreateLogger(Log.HttpCategory));

    public static DelegatingHandler CreateLoggingHandler(IncidentClientOptions options) =>
        new LoggingHandler(options.Logging.CreateLogger(Log.HttpCategory), options.Logging);

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

    /// <summary>Resilience → authentication → logging → <paramref name="transport"/>.</summary>
    public static HttpMessageInvoker CreateInvoker(IncidentClientOptions options, TransportGuard transport) =>
        HandlerChain.Create(CreateResilienceHandler(options), CreateAuthHandler(options), CreateLoggingHandler(options), transport);
}
