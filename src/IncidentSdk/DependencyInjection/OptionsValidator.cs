using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Options;

namespace IncidentSdk.DependencyInjection;

/// <summary>
/// Runs an options type's own <c>Validate()</c> for the options system, so bad settings fail at start-up. When the
/// registration was bound from a configuration section, each message names the full key: a message that starts with
/// an option's key (<c>Resilience:MaxRetries is 500; ...</c>) gets the section path before it
/// (<c>Coc:Resilience:MaxRetries is 500; ...</c>); any other message is prefixed with the section (<c>Coc: Set ...</c>).
/// </summary>
internal sealed class OptionsValidator<TOptions>(Func<TOptions, IReadOnlyList<string>> validate, Func<string, string?> sectionOf) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var problems = validate(options);
        if (problems.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        var section = sectionOf(name ?? Options.DefaultName);
        return ValidateOptionsResult.Fail(section is null ? problems : problems.Select(p => Qualify(section, p)));
    }

    /// <summary>Puts the section path before a message: joined with ':' when the message starts with a key, else with ": ".</summary>
    internal static string Qualify(string section, string problem)
    {
        var end = 0;
        while (end < problem.Length && (char.IsLetterOrDigit(problem[end]) || problem[end] == ':'))
        {
            end++;
        }

        // Option keys are PascalCase words that are not the verb of a sentence ("Set Endpoint ...", "Set only one ...").
        var first = problem.Substring(0, end);
        var isKey = end > 0 && char.IsUpper(problem[0]) && first != "Set" && (end == problem.Length || problem[end] == ' ');
        return isKey ? section + ":" + problem : section + ": " + problem;
    }
}
