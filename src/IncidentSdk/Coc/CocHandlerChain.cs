using System;
using System.Net.Http;
using IncidentSdk.Authentication;
using IncidentSdk.Diagnostics;
using IncidentSdk.Http;

namespace IncidentSdk.Coc;

/// <summary>Builds the handlers of a COC client: resilience outermost, authentication inside it, so every attempt is authenticated anew.</summary>
internal static class CocHandlerChain
{
    /// <summary>The client's retry and timeout rules as <paramref name="options"/> are now, with the circuit of <paramref name="scope"/>.</summary>
    public static ResiliencePolicy CreatePolicy(IncidentClientOptions options, ResilienceScope scope) =>
        scope.Policy(options.Resilience, options.TimeProvider, options.Logging.CreateLogger(Log.HttpCategory));

    public static DelegatingHandler CreateResilienceHandler(IncidentClientOptions options, ResilienceScope scope) =>
        new ResilienceHandler(CreatePolicy(options, scope), options.MaxResponseBodyBytes);

    public static DelegatingHandler CreateLoggingHandler(IncidentClientOptions options) =>
        new LoggingHandler(options.Logging.CreateLogger(Log.HttpCategory), options.Logging, options.TimeProvider);

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

    /// <summary>Resilience → authentication → logging → <paramref name="transport"/>, for a client built with <c>new</c>: its circuit is its options object's.</summary>
    public static HttpMessageInvoker CreateInvoker(IncidentClientOptions options, TransportGuard transport) =>
        HandlerChain.Create(CreateResilienceHandler(options, ResilienceScope.Of(options.Resilience)), CreateAuthHandler(options), CreateLoggingHandler(options), transport);
}
