using System;
using System.Net.Http;

namespace IncidentSdk.Http;

/// <summary>Assembles a client's handlers: resilience outermost, then authentication (if any), then logging, then the transport.</summary>
internal static class HandlerChain
{
    public static HttpMessageInvoker Create(DelegatingHandler resilience, DelegatingHandler? authentication, DelegatingHandler logging, HttpMessageHandler transport)
    {
        logging.InnerHandler = transport;
        transport = logging;
        if (authentication is not null)
        {
            authentication.InnerHandler = transport;
            resilience.InnerHandler = authentication;
        }
        else
        {
            resilience.InnerHandler = transport;
        }

        return new HttpMessageInvoker(resilience, disposeHandler: true);
    }

    public static HttpMessageHandler CreateDefaultTransport()
    {
#if NET8_0_OR_GREATER
        return new SocketsHttpHandler
        {
            // Pick up DNS changes of the endpoint without recreating the client.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
#else
        return new HttpClientHandler();
#endif
    }
}
