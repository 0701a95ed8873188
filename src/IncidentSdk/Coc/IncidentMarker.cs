using System;

namespace IncidentSdk.Coc;

/// <summary>The reference line the client appends to a new ticket's description, and how it is found again.</summary>
internal static class IncidentMarker
{
    /// <summary>The length of a marker the client makes: <c>isdk-</c> and 32 hex digits.</summary>
    public const int GeneratedLength = 37;

    private const string Prefix = "[ref:";

    public static string Generate() => "isdk-" + Guid.NewGuid().ToString("N");

    /// <summary>The description sent: the caller's text, a line break when there is one, then <c>[ref:{marker}]</c>.</summary>
    public static string Describe(string? description, string marker) =>
        string.IsNullOrEmpty(description) ? Prefix + marker + "]" : description + "\n" + Prefix + marker + "]";

    /// <summary>Whether a description holds the reference line of <paramref name="marker"/> (string.Contains is ordinal, whole marker).</summary>
    public static bool IsIn(string? description, string marker) =>
        description is not null && description.Contains(Prefix + marker + "]");
}
