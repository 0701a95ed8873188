using System;
using System.Collections.Generic;
using System.Linq;

namespace IncidentSdk.Validation;

/// <summary>The outcome of validating a request: every broken rule at once.</summary>
public sealed class ValidationResult
{
    private static readonly ValidationError[] NoErrors = [];

    /// <summary>A result with no errors.</summary>
    public static ValidationResult Success { get; } = new(NoErrors);

    /// <summary>Creates a result from a list of errors.</summary>
    /// <param name="errors">The broken rules; empty for a valid request.</param>
    public ValidationResult(IReadOnlyList<ValidationError> errors)
    {
        Errors = errors ?? throw new ArgumentNullException(nameof(errors));
    }

    /// <summary>Every broken rule, in field order.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    /// <summary><see langword="true"/> when no rule is broken.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>Throws <see cref="RequestValidationException"/> listing every error when the request is invalid.</summary>
    /// <param name="requestName">The request's name for the message, such as <c>HandleIncidentRequest</c>.</param>
    /// <exception cref="RequestValidationException">The request is invalid.</exception>
    public void ThrowIfInvalid(string requestName)
    {
        if (!IsValid)
        {
            throw new RequestValidationException(requestName, Errors);
        }
    }

    /// <summary>Returns the errors, one per line, or <c>valid</c>.</summary>
    public override string ToString() => IsValid ? "valid" : string.Join(Environment.NewLine, Errors.Select(e => e.ToString()));
}
