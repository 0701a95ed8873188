namespace IncidentSdk.Validation;

/// <summary>The names of the rules a <see cref="ValidationError"/> can report.</summary>
public static class ValidationRules
{
    /// <summary>A required field is missing or empty.</summary>
    public const string Required = "required";

    /// <summary>A string is longer than the API allows.</summary>
    public const string MaxLength = "max-length";

    /// <summary>A list has more (or fewer) items than the API allows.</summary>
    public const string MaxItems = "max-items";

    /// <summary>Objects and arrays nest deeper than the API allows.</summary>
    public const string MaxDepth = "max-depth";

    /// <summary>A value has the wrong JSON type (a string where a boolean is required, say).</summary>
    public const string Type = "type";

    /// <summary>A number is outside its allowed range.</summary>
    public const string Range = "range";

    /// <summary>A value is not one of the allowed values or forms.</summary>
    public const string Format = "format";

    /// <summary>Two values may not be used together.</summary>
    public const string Exclusive = "exclusive";

    /// <summary>A value may only be given together with another one.</summary>
    public const string Unexpected = "unexpected";

    /// <summary>The server version does not support this value.</summary>
    public const string Version = "version";
}
