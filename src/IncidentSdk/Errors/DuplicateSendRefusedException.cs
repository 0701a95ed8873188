using System;

namespace IncidentSdk;

/// <summary>
/// A handler outside the SDK (such as a retry or hedging handler an app added to the SDK's <c>HttpClient</c>, or
/// an outer handler that sent the same request into the SDK again) tried to send a request the SDK's own policy
/// had not decided to send, and the SDK refused before it reached the transport. It guards the promise that a COC
/// ticket action or a Zabbix message reaches the service at most once per decision of the SDK's policy, and that
/// any call reaches it at most <c>MaxRetries + 1</c> times. The earlier send may have reached the service.
/// </summary>
public class DuplicateSendRefusedException : IncidentSdkException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="operation">The operation whose request was refused.</param>
    /// <param name="previousStatusCode">The HTTP status of the answer to the earlier send, when one arrived.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public DuplicateSendRefusedException(string message, string? operation, int? previousStatusCode, Exception? innerException = null)
        : base(message, requestMayHaveReachedServer: true, innerException)
    {
        Operation = operation;
        PreviousStatusCode = previousStatusCode;
    }

    /// <summary>The operation whose request was refused, such as <c>acceptedIncident1</c> or <c>event.acknowledge</c>.</summary>
    public string? Operation { get; }

    /// <summary>The HTTP status of the answer to the earlier send, when one arrived; <see langword="null"/> otherwise.</summary>
    public int? PreviousStatusCode { get; }
}
