using System;
using System.Net.Sockets;
using System.Security.Authentication;
#if NET8_0_OR_GREATER
using System.Net.Http;
#endif

namespace IncidentSdk.Http;

/// <summary>Tells transport failures that happened before the request left the client from those that may have reached the server.</summary>
internal static class TransportFailure
{
    /// <summary>
    /// <see langword="true"/> when the failure certainly happened before any byte of the request reached the server:
    /// name resolution, connection refused or unreachable, or a failed TLS handshake.
    /// </summary>
    public static bool CannotHaveReachedServer(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
#if NET8_0_OR_GREATER
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError })
            {
                return true;
            }
#endif
            if (e is SocketException socket && socket.SocketErrorCode is SocketError.ConnectionRefused
                    or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable
                    or SocketError.TryAgain or SocketError.NoData or SocketError.AddressNotAvailable)
            {
                return true;
            }

            if (e is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }
}
