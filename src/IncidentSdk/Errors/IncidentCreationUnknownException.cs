using System;
using IncidentSdk.Coc;

namespace IncidentSdk;

/// <summary>
/// A ticket create failed after it may have reached COC, and reading the list back did not find a ticket with the
/// call's marker (or the list could not be read). The create was not sent again, so a ticket may or may not exist:
/// look for <see cref="Marker"/> (<see cref="IncidentClient.FindIncidentsByMarkerAsync"/>) before creating it again.
/// </summary>
/// <remarks>
/// <see cref="Exception.InnerException"/> and <see cref="OriginalFailure"/> are the failure of the create;
/// <see cref="ReadBackFailure"/> is why the list could not be read, when that failed too. <see cref="Request"/> keeps
/// the caller's request whole.
/// </remarks>
public class IncidentCreationUnknownException : TransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="request">The caller's request.</param>
    /// <param name="marker">The marker sent in the ticket's reference line.</param>
    /// <param name="createdSince">The earliest creation time the read-back listed from.</param>
    /// <param name="originalFailure">The failure of the create.</param>
    /// <param name="readBackFailure">Why reading the list failed, when it did.</param>
    public IncidentCreationUnknownException(
        string message,
        CreateIncidentRequest request,
        string marker,
        DateTimeOffset createdSince,
        IncidentSdkException originalFailure,
        IncidentSdkException? readBackFailure = null)
        : base(message, requestMayHaveReachedServer: true, originalFailure)
    {
        Request = request ?? throw new ArgumentNullException(nameof(request));
        Marker = marker ?? throw new ArgumentNullException(nameof(marker));
        CreatedSince = createdSince;
        OriginalFailure = originalFailure ?? throw new ArgumentNullException(nameof(originalFailure));
        ReadBackFailure = readBackFailure;
        Operation = "CreateCocIncident";
    }

    /// <summary>The caller's request, unchanged.</summary>
    public CreateIncidentRequest Request { get; }

    /// <summary>The marker sent in the ticket's reference line (<c>[ref:{marker}]</c>).</summary>
    public string Marker { get; }

    /// <summary>The earliest creation time the read-back listed from; look from here on.</summary>
    public DateTimeOffset CreatedSince { get; }

    /// <summary>The failure of the create, which left the outcome unclear (also <see cref="Exception.InnerException"/>).</summary>
    public IncidentSdkException OriginalFailure { get; }

    /// <summary>The HTTP status of the create's answer, when one arrived (such as 502 from a proxy).</summary>
    public int? StatusCode => (OriginalFailure as ServiceException)?.StatusCode;

    /// <summary>COC's or its gateway's error code for the create, when its answer carried one.</summary>
    public string? ErrorCode => (OriginalFailure as ServiceException)?.ErrorCode;

    /// <summary>Why reading the list failed, when it did.</summary>
    public IncidentSdkException? ReadBackFailure { get; }
}
