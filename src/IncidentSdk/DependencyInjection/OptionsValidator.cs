using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace IncidentSdk.DependencyInjection;

/// <summary>Runs an options type's own <c>Validate()</c> for the options system, so bad settings fail at start-up.</summary>
internal sealed class OptionsValidator<TOptions>(Func<TOptions, IReadOnlyList<string>> validate) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var problems = validate(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
