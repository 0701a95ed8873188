using System;
using System.Collections.Generic;
using System.Linq;
using IncidentSdk.JsonRpc;

namespace IncidentSdk;

/// <summary>What is known, per event, about a Zabbix message after a call that adds it failed ambiguously.</summary>
public enum MessageOutcome
{
    /// <summary>
    /// Not known: the events could not be read back, or Zabbix shows a message with this text from this user (or from
    /// a user the client could not tell apart) recorded in a second that may be before or after the call was sent.
    /// The message was not resent, so as not to record it twice; check the event before sending it again.
    /// </summary>
    Unknown = 0,

    /// <summary>The read-back shows this call's message: the session's or token's user, this text, recorded in or after the second the call was sent (by the server's clock).</summary>
    Stored = 1,

    /// <summary>The read-back showed the message absent, and it was sent again; Zabbix listed the event as updated.</summary>
    Resent = 2,

    /// <summary>The read-back showed the message absent, and sending it again failed before Zabbix acted on it; the message is not recorded.</summary>
    NotStored = 3,
}

/// <summary>
/// A Zabbix call that adds a message failed after it may have reached the server, and reading the events back did
/// not settle every event: <see cref="Outcomes"/> says, per event id, whether the message is stored, was resent,
/// is not stored, or is unknown. The client never resends a message it could not prove absent, so an
/// <see cref="MessageOutcome.Unknown"/> event may or may not hold it.
/// </summary>
/// <remarks>
/// <see cref="Exception.InnerException"/> and <see cref="OriginalFailure"/> are the failure of the first send;
/// <see cref="ReadBackFailure"/> and <see cref="ResendFailure"/> what went wrong after. The message text is never part
/// of <see cref="Exception.Message"/>; <see cref="Request"/> keeps the caller's request whole.
/// </remarks>
public class MessageNotConfirmedException : TransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="request">The caller's request.</param>
    /// <param name="outcomes">Each event id of the request with its outcome.</param>
    /// <param name="originalFailure">The failure of the first send, which left the outcome unclear.</param>
    /// <param name="readBackFailure">Why reading the events back failed, when it did.</param>
    /// <param name="resendFailure">Why sending the message again failed, when it did.</param>
    public MessageNotConfirmedException(
        string message,
        AcknowledgeEventRequest request,
        IReadOnlyDictionary<string, MessageOutcome> outcomes,
        IncidentSdkException originalFailure,
        IncidentSdkException? readBackFailure = null,
        IncidentSdkException? resendFailure = null)
        : base(message, requestMayHaveReachedServer: true, originalFailure)
    {
        Request = request ?? throw new ArgumentNullException(nameof(request));
        Outcomes = outcomes ?? throw new ArgumentNullException(nameof(outcomes));
        OriginalFailure = originalFailure ?? throw new ArgumentNullException(nameof(originalFailure));
        ReadBackFailure = readBackFailure;
        ResendFailure = resendFailure;
        Operation = "event.acknowledge";
    }

    /// <summary>The caller's request, unchanged.</summary>
    public AcknowledgeEventRequest Request { get; }

    /// <summary>Each event id of the request with what is known about its message.</summary>
    public IReadOnlyDictionary<string, MessageOutcome> Outcomes { get; }

    /// <summary>The event ids whose outcome is <see cref="MessageOutcome.Unknown"/>, in request order.</summary>
    public IReadOnlyList<string> UnknownEventIds => Request.EventIds.Where(id => Outcomes.TryGetValue(id, out var outcome) && outcome == MessageOutcome.Unknown).ToArray();

    /// <summary>The failure of the first send, which left the outcome unclear (also <see cref="Exception.InnerException"/>).</summary>
    public IncidentSdkException OriginalFailure { get; }

    /// <summary>The HTTP status of the first send's answer, when one arrived (such as 502 from a proxy).</summary>
    public int? StatusCode => (OriginalFailure as ServiceException)?.StatusCode;

    /// <summary>The server's error code for the first send, when its answer carried one.</summary>
    public string? ErrorCode => (OriginalFailure as ServiceException)?.ErrorCode;

    /// <summary>Why reading the events back (<c>event.get</c>) failed, when it did; every outcome is then <see cref="MessageOutcome.Unknown"/>.</summary>
    public IncidentSdkException? ReadBackFailure { get; }

    /// <summary>Why sending the message again to the events that lacked it failed, when it did.</summary>
    public IncidentSdkException? ResendFailure { get; }
}
