using System;
using System.Net.Http;

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

    /// <summary>The process-wide pool, which a client's disposal leaves open.</summary>
    public static TransportGuard SharedTransport() => new(Http.SharedTransport.Instance, disposeTransport: false);

    /// <summary>An app's own client, which the SDK never disposes.</summary>
    public static TransportGuard AppClient(HttpClient httpClient) =>
        new(new HttpClientForwardingHandler(httpClient ?? throw new ArgumentNullException(nameof(httpClient))), disposeTransport: true);
}
