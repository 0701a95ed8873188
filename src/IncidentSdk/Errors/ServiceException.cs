using System;
using System.Globalization;
using System.Text;

namespace IncidentSdk;

/// <summary>
/// The service answered, and the answer is a failure: an error code other than success (even on HTTP 200),
/// an error status, or a body that is not what the API documents.
/// Subtypes exist only where callers branch; an unknown error code lands in this type with its code kept.
/// </summary>
public class ServiceException : IncidentSdkException
{
    /// <summary>Creates the exception from what the service said.</summary>
    /// <param name="summary">A one-line description of the failure.</param>
    /// <param name="error">What the service said.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public ServiceException(string summary, ServiceErrorInfo error, Exception? innerException = null)
        : base(FormatMessage(summary, error), requestMayHaveReachedServer: true, innerException)
    {
        Error = error ?? throw new ArgumentNullException(nameof(error));
    }

    /// <summary>Creates the exception for a failure the client decided on before sending (its own rate limiter).</summary>
    private protected ServiceException(string summary, ServiceErrorInfo error, bool requestMayHaveReachedServer, Exception? innerException)
        : base(FormatMessage(summary, error), requestMayHaveReachedServer, innerException)
    {
        Error = error ?? throw new ArgumentNullException(nameof(error));
    }

    /// <summary>Everything the service said about the failure.</summary>
    public ServiceErrorInfo Error { get; }

    /// <summary>The HTTP status code, when the failure came with a response.</summary>
    public int? StatusCode => Error.StatusCode;

    /// <summary>The service's error code verbatim, or <see langword="null"/> when the body carried none.</summary>
    public string? ErrorCode => Error.ErrorCode;

    /// <summary>The service's error message verbatim.</summary>
    public string? ErrorMessage => Error.ErrorMessage;

    /// <summary>The error's detail: the JSON-RPC error <c>data</c>, where Zabbix explains the failure.</summary>
    public string? ErrorData => Error.ErrorData;

    /// <summary>The request id to quote to support.</summary>
    public string? RequestId => Error.RequestId;

    /// <summary>The bounded start of the raw response body.</summary>
    public string? ResponseBodyExcerpt => Error.ResponseBodyExcerpt;

    private static string FormatMessage(string summary, ServiceErrorInfo? error)
    {
        var text = new StringBuilder(summary);
        if (error is null)
        {
            return text.ToString();
        }

        text.Append(" (");
        var first = true;
        void Part(string name, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return;
            }

            if (!first)
            {
                text.Append(", ");
            }

            first = false;
            text.Append(name).Append(value);
        }

        Part("operation ", error.Operation);
        Part("HTTP ", error.StatusCode?.ToString(CultureInfo.InvariantCulture));
        Part("code ", error.ErrorCode);
        Part("message: ", error.ErrorMessage);
        Part("data: ", error.ErrorData);
        Part("request id ", error.RequestId);
        if (error.Targets is { Count: > 0 } targets)
        {
            Part("ids ", string.Join(", ", System.Linq.Enumerable.Take(targets, 10)) + (targets.Count > 10 ? $" and {targets.Count - 10} more" : string.Empty));
        }

        if (first)
        {
            text.Length -= 2;
            return text.ToString();
        }

        return text.Append(')').ToString();
    }
}
