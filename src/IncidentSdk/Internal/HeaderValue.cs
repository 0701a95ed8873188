using System;

namespace IncidentSdk.Internal;

/// <summary>
/// The rule for credentials that travel in HTTP headers: printable ASCII only, with no leading or trailing space.
/// A CR, LF or NUL could end the header line and start another; other control characters, DEL and non-ASCII
/// characters are not allowed in a header value, and servers strip surrounding spaces, which would break a
/// signature or a token comparison.
/// </summary>
internal static class HeaderValue
{
    /// <summary>What the rule allows, for messages; it never includes the value.</summary>
    public const string Rule = "may hold only printable ASCII characters (no control characters such as CR, LF or NUL, no non-ASCII characters) with no leading or trailing space";

    /// <summary>Whether <paramref name="value"/> can be sent as a header value as it is; empty counts as usable.</summary>
    public static bool IsUsable(string value)
    {
        if (value.Length == 0)
        {
            return true;
        }

        if (value[0] == ' ' || value[value.Length - 1] == ' ')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c < ' ' || c > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The sentence that says <paramref name="field"/> breaks the rule, without its value.</summary>
    public static string Problem(string field) => $"{field} {Rule}; the value is not shown.";

    /// <summary>Returns <paramref name="value"/>, or throws an <see cref="ArgumentException"/> that names <paramref name="field"/> but not the value.</summary>
    public static string? Require(string? value, string field, string parameterName) =>
        value is null || IsUsable(value) ? value : throw new ArgumentException(Problem(field), parameterName);
}
