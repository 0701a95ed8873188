using System;
using System.Net.Http;
using IncidentSdk.Diagnostics;

namespace IncidentSdk.Http;

/// <summary>Assembles a client's handlers: resilience outermost, then authentication (if any), then logging, then the transport guard and the transport.</summary>
internal static class HandlerChain
{
    public static HttpMessageInvoker Create(DelegatingHandler resilience, DelegatingHandler? authentication, DelegatingHandler logging, TransportGuard transport)
    {
        logging.InnerHandler = transport;
        HttpMessageHandler inner = logging;
        if (authentication is not null)
        {
            authentication.InnerHandler = inner;
            inner = authentication;
        }

        resilience.InnerHandler = inner;
        return new HttpMessageInvoker(resilience, disposeHandler: true);
    }

    /// <summary>Resilience → <paramref name="authentication"/> → logging → <paramref name="transport"/>, for a client built with <c>new</c>: its circuit is its options object's.</summary>
    public static HttpMessageInvoker Create(IClientOptions options, DelegatingHandler? authentication, TransportGuard transport) =>
        Create(CreateResilienceHandler(options, options.Resilience.Scope), authentication, CreateLoggingHandler(options), transport);

    /// <summary>The client's retry and timeout rules as <paramref name="options"/> are now, with the circuit of <paramref name="scope"/>.</summary>
    public static ResiliencePolicy CreatePolicy(IClientOptions options, ResilienceScope scope) =>
        scope.Policy(options.Resilience, options.TimeProvider, options.Logging.CreateLogger(Log.HttpCategory));

    public static DelegatingHandler CreateResilienceHandler(IClientOptions options, ResilienceScope scope) =>
        new ResilienceHandler(CreatePolicy(options, scope), options.MaxResponseBodyBytes);

    public static DelegatingHandler CreateLoggingHandler(IClientOptions options) =>
        new LoggingHandler(options.Logging.CreateLogger(Log.HttpCategory), options.Logging, options.TimeProvider);

    /// <summary>The process-wide pool, which a client's disposal leaves open.</summary>
    public static TransportGuard SharedTransport() => new(Http.SharedTransport.Instance, disposeTransport: false);

    /// <summary>An app's own client, which the SDK never disposes.</summary>
    public static TransportGuard AppClient(HttpClient httpClient) =>
        new(new HttpClientForwardingHandler(httpClient ?? throw new ArgumentNullException(nameof(httpClient))), disposeTransport: true);
}
