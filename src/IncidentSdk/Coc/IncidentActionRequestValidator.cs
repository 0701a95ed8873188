using System;
using System.Globalization;
using IncidentSdk.Validation;

namespace IncidentSdk.Coc;

/// <summary>Checks an <see cref="IncidentActionRequest"/> against the limits of <c>ExecuteActionParamsV2</c> (§5), without any I/O.</summary>
public static class IncidentActionRequestValidator
{
    /// <summary>Validates a request and reports every broken rule at once.</summary>
    /// <param name="request">The request to check.</param>
    /// <returns>The result; <see cref="ValidationResult.IsValid"/> is <see langword="true"/> when nothing is wrong.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public static ValidationResult Validate(IncidentActionRequest request)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var number = IncidentReadValidator.IncidentNumber(request.IncidentNumber, IncidentActionRequest.MaxIncidentNumberLength);
        var errors = new ValidationErrorList();
        foreach (var error in number.Errors)
        {
            errors.Add("incident_id", error.Rule, error.Message);
        }

        errors.RequiredString("task_id", request.TaskId, IncidentActionRequest.MaxFieldLength);
        errors.RequiredString("action", request.Action, IncidentActionRequest.MaxFieldLength);
        if (request.Parameters is { } parameters && !RawParameterRules.TextWithinDepth(parameters, "params", 1, ref errors))
        {
            errors.Add(
                "params",
                ValidationRules.MaxDepth,
                string.Format(CultureInfo.InvariantCulture, "nests objects and arrays more than {0} levels deep (the params object is level 1); at most {0} are allowed.", RawIncidentParameter.MaxDepth));
        }

        return errors.ToResult();
    }
}
