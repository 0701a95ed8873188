namespace IncidentSdk.Validation;

/// <summary>One broken rule: the JSON path of the field, the rule and a sentence for a person.</summary>
public sealed class ValidationError
{
    /// <summary>Creates a validation error.</summary>
    /// <param name="path">The JSON path of the field, such as <c>parameter.cause</c>.</param>
    /// <param name="rule">The rule broken; one of <see cref="ValidationRules"/>.</param>
    /// <param name="message">What is wrong and what is allowed.</param>
    public ValidationError(string path, string rule, string message)
    {
        Path = path;
        Rule = rule;
        Message = message;
    }

    /// <summary>The JSON path of the field as it goes on the wire, such as <c>incident_num</c> or <c>parameter.cause</c>.</summary>
    public string Path { get; }

    /// <summary>The rule broken; one of the <see cref="ValidationRules"/> constants.</summary>
    public string Rule { get; }

    /// <summary>What is wrong and what is allowed.</summary>
    public string Message { get; }

    /// <summary>Returns <c>path: message [rule]</c>.</summary>
    public override string ToString() => $"{Path}: {Message} [{Rule}]";
}
