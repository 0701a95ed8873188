using IncidentSdk.Coc;
using Microsoft.Extensions.Options;

namespace IncidentSdk.DependencyInjection;

/// <summary>Runs <see cref="IncidentClientOptions.Validate"/> for the options system, so bad settings fail at start-up.</summary>
internal sealed class IncidentClientOptionsValidator : IValidateOptions<IncidentClientOptions>
{
    public ValidateOptionsResult Validate(string? name, IncidentClientOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
