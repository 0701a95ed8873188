using System;
using System.Collections.Generic;
using System.Linq;
using IncidentSdk.Validation;

namespace IncidentSdk;

/// <summary>The request broke one or more documented rules and was not sent.</summary>
public class RequestValidationException : IncidentSdkException
{
    /// <summary>Creates the exception from every broken rule.</summary>
    /// <param name="requestName">The request's type name, for the message.</param>
    /// <param name="errors">The broken rules; at least one.</param>
    public RequestValidationException(string requestName, IReadOnlyList<ValidationError> errors)
        : base(FormatMessage(requestName, errors), requestMayHaveReachedServer: false)
    {
        Errors = errors;
    }

    /// <summary>Creates the exception from every broken rule found, with a note on what could not be checked and why.</summary>
    internal RequestValidationException(string requestName, IReadOnlyList<ValidationError> errors, string note, Exception innerException)
        : base(FormatMessage(requestName, errors) + " " + note, requestMayHaveReachedServer: false, innerException)
    {
        Errors = errors;
    }

    /// <summary>Every broken rule, each with its JSON path and rule name.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    private static string FormatMessage(string requestName, IReadOnlyList<ValidationError> errors)
    {
        if (errors is null || errors.Count == 0)
        {
            throw new ArgumentException("A validation exception needs at least one error.", nameof(errors));
        }

        var noun = errors.Count == 1 ? "rule" : "rules";
        return $"{requestName} breaks {errors.Count} {noun} and was not sent: "
            + string.Join("; ", errors.Select(e => e.ToString()));
    }
}
