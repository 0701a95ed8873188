using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentSdk.Validation;

namespace IncidentSdk.Coc;

/// <summary>
/// Checks a <see cref="HandleIncidentRequest"/> against every rule the COC API documents, without any I/O.
/// <see cref="IncidentClient"/> runs it before sending; an app can run it earlier (before queueing work, say).
/// </summary>
public static class HandleIncidentRequestValidator
{
    /// <summary>Validates a request and reports every broken rule at once.</summary>
    /// <param name="request">The request to check.</param>
    /// <returns>The result; <see cref="ValidationResult.IsValid"/> is <see langword="true"/> when nothing is wrong.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public static ValidationResult Validate(HandleIncidentRequest request)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var errors = new ValidationErrorList();
        errors.RequiredString("incident_num", request.IncidentNumber, HandleIncidentRequest.MaxFieldLength);
        errors.RequiredString("operator", request.Operator, HandleIncidentRequest.MaxFieldLength);
        errors.RequiredString("operate_key", request.OperateKey.Value, HandleIncidentRequest.MaxFieldLength);
        ValidateParameter(request.OperateKey, request.Parameter, ref errors);
        return errors.ToResult();
    }

    private static void ValidateParameter(OperateKey key, IncidentParameter? parameter, ref ValidationErrorList errors)
    {
        var needsSolution = key == OperateKey.CommitSolution;
        var needsVerification = key == OperateKey.Confirm;
        if (parameter is null)
        {
            if (needsSolution || needsVerification)
            {
                errors.Add("parameter", ValidationRules.Required, $"is required for operate_key '{key}'.");
            }

            return;
        }

        switch (parameter)
        {
            case SolutionParameter solution when needsSolution:
                ValidateSolution(solution, ref errors);
                break;
            case VerificationParameter verification when needsVerification:
                ValidateVerification(verification, ref errors);
                break;
            case SolutionParameter or VerificationParameter:
                errors.Add(
                    "parameter",
                    ValidationRules.Type,
                    $"a {parameter.GetType().Name} belongs to operate_key '{(parameter is SolutionParameter ? OperateKey.CommitSolution : OperateKey.Confirm)}', not '{key}'.");
                break;
            case RawIncidentParameter raw when needsSolution:
                RawParameterRules.Solution(raw.Values, ref errors);
                break;
            case RawIncidentParameter raw when needsVerification:
                RawParameterRules.Verification(raw.Values, ref errors);
                break;
        }

        if (parameter is RawIncidentParameter rawParameter && !RawParameterRules.TextWithinDepth(rawParameter.Values, "parameter", 1, ref errors))
        {
            // Too deep to measure: a JSON writer gives up at its own depth limit, so the length is not checked.
            errors.Add(
                "parameter",
                ValidationRules.MaxDepth,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "nests objects and arrays more than {0} levels deep (the parameter object is level 1); at most {0} are allowed.",
                    RawIncidentParameter.MaxDepth));
            return;
        }

        int length;
        try
        {
            length = SerializedLength(parameter);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            // A raw value such as double.NaN has no JSON form; the writer would throw the same when sending.
            errors.Add("parameter", ValidationRules.Format, "holds a value JSON cannot express: " + ex.Message);
            return;
        }

        if (length > HandleIncidentRequest.MaxParameterLength)
        {
            errors.Add(
                "parameter",
                ValidationRules.MaxLength,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "serializes to {0} characters of JSON; at most {1} are allowed.",
                    length,
                    HandleIncidentRequest.MaxParameterLength));
        }
    }

    private static void ValidateSolution(SolutionParameter solution, ref ValidationErrorList errors)
    {
        errors.RequiredString("parameter.mtm_type", solution.Category.Value, int.MaxValue);

        errors.RequiredString("parameter.cause", solution.Cause, SolutionParameter.MaxTextLength);
        errors.RequiredString("parameter.solution", solution.Solution, SolutionParameter.MaxTextLength);
        ValidateTimes(solution.StartTime, solution.FaultRecoveryTime, ref errors);
    }

    private static void ValidateVerification(VerificationParameter verification, ref ValidationErrorList errors) =>
        errors.RequiredString("parameter.virtual_confirm_comment", verification.Comment, VerificationParameter.MaxCommentLength);

    internal static void ValidateTimes(long? start, long? recovery, ref ValidationErrorList errors)
    {
        if (start < 0)
        {
            errors.Add("parameter.start_time", ValidationRules.Range, "must not be negative.");
        }

        if (recovery < 0)
        {
            errors.Add("parameter.fault_recovery_time", ValidationRules.Range, "must not be negative.");
        }

        if (start >= 0 && recovery >= 0 && recovery < start)
        {
            errors.Add("parameter.fault_recovery_time", ValidationRules.Range, "must not be earlier than start_time.");
        }
    }

    /// <summary>The number of characters the parameter takes in the JSON the client sends.</summary>
    internal static int SerializedLength(IncidentParameter parameter) =>
        Internal.Utf16LengthCounter.Measure(parameter, CocJsonContext.Wire.IncidentParameter);
}
