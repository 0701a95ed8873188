using System.Collections.Generic;
using System.Globalization;

namespace IncidentSdk.Validation;

/// <summary>Collects errors for the validators; allocates nothing until the first error.</summary>
internal struct ValidationErrorList
{
    private List<ValidationError>? _errors;

    public void Add(string path, string rule, string message) => (_errors ??= []).Add(new ValidationError(path, rule, message));

    public void Required(string path) => Add(path, ValidationRules.Required, "is required and must not be empty.");

    /// <summary>
    /// Checks a required COC string: at most <paramref name="maxLength"/> UTF-16 code units, and not empty or only
    /// whitespace.
    /// </summary>
    /// <remarks>
    /// COC's limits are counted in UTF-16 code units, the unit <see cref="string.Length"/> counts. Its documentation gives
    /// bare numbers ("最大长度:255") without a unit, but its errors are Java Bean Validation's
    /// (<c>incidentNum size must be between 0 and 255</c>, coc-incident-handle.md), and Hibernate Validator's
    /// <c>@Size</c> measures <c>String.length()</c>, which counts a character outside the Basic Multilingual Plane twice
    /// (see https://github.com/terasolunaorg/guideline/issues/1874). Counting units can only refuse text that a
    /// code-point count would accept, never send text that COC refuses. A value of only whitespace is refused too: every
    /// such field is an identifier or a required sentence, which Bean Validation's <c>@NotBlank</c> treats as missing.
    /// </remarks>
    public void RequiredString(string path, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(path, ValidationRules.Required, value is { Length: > 0 } ? "is only whitespace; a value is required." : "is required and must not be empty.");
            return;
        }

        if (value!.Length > maxLength)
        {
            Add(
                path,
                ValidationRules.MaxLength,
                string.Format(CultureInfo.InvariantCulture, "is {0} UTF-16 code units long; at most {1} are allowed (a character outside the Basic Multilingual Plane, such as an emoji, counts as two).", value.Length, maxLength));
        }

        EncodableText(path, value);
    }

    /// <summary>
    /// Checks a required Zabbix string: not empty, and at most <paramref name="maxCharacters"/> characters counted as
    /// Zabbix counts them, in Unicode code points. Whitespace is text to Zabbix: <c>"   "</c> is stored as given.
    /// </summary>
    /// <remarks>
    /// Zabbix measures strings with PHP's <c>mb_strlen</c> (<c>CApiInputValidator::validateStringUtf8</c> in 6.4+, the
    /// database field check in 6.0; see ui/include/classes/validators/CApiInputValidator.php at
    /// https://git.zabbix.com/projects/ZBX/repos/zabbix/browse?at=release/7.0), which counts code points
    /// (https://www.php.net/manual/en/function.mb-strlen.php): an emoji counts once, a letter and a combining accent
    /// count twice. Both real servers accept 2,048 emoji and refuse 2,049, and refuse 2,049 code points of which half are
    /// combining accents (tests/IncidentSdk.IntegrationTests). An unpaired surrogate counts as one here and is refused
    /// by <see cref="EncodableText"/>.
    /// </remarks>
    public void RequiredText(string path, string? value, int maxCharacters)
    {
        if (string.IsNullOrEmpty(value))
        {
            Required(path);
            return;
        }

        // A string is never longer in code points than in UTF-16 units, so short ones need no count.
        if (value!.Length > maxCharacters && CountCodePoints(value) is var characters && characters > maxCharacters)
        {
            Add(
                path,
                ValidationRules.MaxLength,
                string.Format(CultureInfo.InvariantCulture, "is {0} characters (Unicode code points) long; at most {1} are allowed.", characters, maxCharacters));
        }

        EncodableText(path, value);
    }

    /// <summary>The number of Unicode code points: a surrogate pair counts once, an unpaired surrogate once.</summary>
    internal static int CountCodePoints(string value)
    {
        var count = value.Length;
        for (var i = 0; i < value.Length - 1; i++)
        {
            if (char.IsHighSurrogate(value[i]) && char.IsLowSurrogate(value[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
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
