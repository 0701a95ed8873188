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
        else
        {
            if (value!.Length > maxLength)
            {
                MaxLength(path, value.Length, maxLength);
            }

            EncodableText(path, value);
        }
    }

    /// <summary>
    /// Checks that a string can be sent: an unpaired UTF-16 surrogate has no UTF-8 form, and a JSON writer would
    /// silently replace it with U+FFFD, so the server would receive something other than what was given.
    /// </summary>
    public void EncodableText(string path, string? value)
    {
        if (value is null)
        {
            return;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                Add(path, ValidationRules.Format, string.Format(CultureInfo.InvariantCulture, "has an unpaired UTF-16 surrogate (U+{0:X4}) at index {1}, which cannot be sent as UTF-8.", (int)c, i));
                return;
            }
        }
    }

    /// <summary>Whether an error was already reported for <paramref name="path"/>.</summary>
    public readonly bool HasError(string path)
    {
        if (_errors is null)
        {
            return false;
        }

        foreach (var error in _errors)
        {
            if (error.Path == path)
            {
                return true;
            }
        }

        return false;
    }

    public readonly ValidationResult ToResult() => _errors is null ? ValidationResult.Success : new ValidationResult(_errors);
}
