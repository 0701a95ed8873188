using System;

namespace IncidentSdk;

/// <summary>
/// The base type of every exception the SDK throws for a failed call: invalid input, a service error,
/// an unexpected response or a transport failure. Catch this type to handle them all.
/// </summary>
/// <remarks>
/// A call cancelled through the caller's own <see cref="System.Threading.CancellationToken"/> is not wrapped:
/// it surfaces as <see cref="OperationCanceledException"/>, as everywhere else in .NET.
/// </remarks>
public class IncidentSdkException : Exception
{
    /// <summary>Creates an exception with a message and whether the request may have reached the server.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="requestMayHaveReachedServer">Whether the server may have received (and acted on) the request.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public IncidentSdkException(string message, bool requestMayHaveReachedServer, Exception? innerException = null)
        : base(message, innerException)
    {
        RequestMayHaveReachedServer = requestMayHaveReachedServer;
    }

    /// <summary>
    /// <see langword="true"/> when the server may have received the request, so a non-idempotent action
    /// (accepting a ticket, adding a message) may already have taken effect; <see langword="false"/> when the
    /// request certainly never left the client or was refused before it was acted on.
    /// </summary>
    public bool RequestMayHaveReachedServer { get; }
}
