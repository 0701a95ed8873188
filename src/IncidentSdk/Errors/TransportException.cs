using System;

namespace IncidentSdk;

/// <summary>
/// No usable response arrived: the connection could not be made, broke, or the call ran out of time.
/// <see cref="IncidentSdkException.RequestMayHaveReachedServer"/> says whether the service may have acted on it.
/// </summary>
public class TransportException : IncidentSdkException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="requestMayHaveReachedServer">Whether the server may have received the request.</param>
    /// <param name="innerException">The underlying exception.</param>
    public TransportException(string message, bool requestMayHaveReachedServer, Exception? innerException = null)
        : base(message, requestMayHaveReachedServer, innerException)
    {
    }

    /// <summary>The operation that failed, such as <c>acceptedIncident1</c> or <c>event.acknowledge</c>.</summary>
    public string? Operation { get; init; }
}

/// <summary>The call, or one attempt of it, took longer than its configured timeout.</summary>
public class RequestTimeoutException : TransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="requestMayHaveReachedServer">Whether the server may have received the request.</param>
    /// <param name="innerException">The underlying exception.</param>
    public RequestTimeoutException(string message, bool requestMayHaveReachedServer, Exception? innerException = null)
        : base(message, requestMayHaveReachedServer, innerException)
    {
    }
}
