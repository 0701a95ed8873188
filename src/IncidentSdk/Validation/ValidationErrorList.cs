using System.Collections.Generic;
using System.Globalization;

namespace IncidentSdk.Validation;

/// <summary>Collects errors for the validators; allocates nothing until the first error.</summary>
internal struct ValidationErrorList
{
    private List<ValidationError>? _errors;

    public void Add(string path, string rule, string message) => (_errors ??= []).Add(new ValidationError(path, rule, message));

    public void Required(string path) => Add(path, ValidationRules.Required, "is required and must not be empty.");

    public void MaxLength(string path, int length, int max) => Add(
        path,
        ValidationRules.MaxLength,
        string.Format(CultureInfo.InvariantCulture, "is {0} characters long; at most {1} are allowed.", length, max));

    /// <summary>Checks a required string with a maximum length.</summary>
    public void RequiredString(string path, string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            Required(path);
        }
        else if (value!.Length > maxLength)
        {
            MaxLength(path, value.Length, maxLength);
        }
    }

    public readonly ValidationResult ToResult() => _errors is null ? ValidationResult.Success : new ValidationResult(_errors);
}
