using IncidentSdk.JsonRpc;
using Microsoft.Extensions.Options;

namespace IncidentSdk.DependencyInjection;

/// <summary>Runs <see cref="JsonRpcEventClientOptions.Validate"/> for the options system, so bad settings fail at start-up.</summary>
internal sealed class JsonRpcEventClientOptionsValidator : IValidateOptions<JsonRpcEventClientOptions>
{
    public ValidateOptionsResult Validate(string? name, JsonRpcEventClientOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
