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
                ValidateRawSolution(raw.Values, ref errors);
                break;
            case RawIncidentParameter raw when needsVerification:
                ValidateRawVerification(raw.Values, ref errors);
                break;
        }

        if (parameter is RawIncidentParameter rawParameter && !RawText(rawParameter.Values, "parameter", 1, ref errors))
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

    private static void ValidateRawSolution(JsonObject values, ref ValidationErrorList errors)
    {
        RawString(values, "mtm_type", int.MaxValue, ref errors);
        RawBoolean(values, "is_service_interrupt", ref errors);
        RawString(values, "cause", SolutionParameter.MaxTextLength, ref errors);
        RawString(values, "solution", SolutionParameter.MaxTextLength, ref errors);
        var start = RawOptionalInteger(values, "start_time", ref errors);
        var recovery = RawOptionalInteger(values, "fault_recovery_time", ref errors);
        ValidateTimes(start, recovery, ref errors);
    }

    private static void ValidateRawVerification(JsonObject values, ref ValidationErrorList errors)
    {
        RawBoolean(values, "virtual_confirm_result", ref errors);
        RawString(values, "virtual_confirm_comment", VerificationParameter.MaxCommentLength, ref errors);
    }

    private static void ValidateTimes(long? start, long? recovery, ref ValidationErrorList errors)
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

    private static void RawString(JsonObject values, string key, int maxLength, ref ValidationErrorList errors)
    {
        var path = "parameter." + key;
        if (!values.TryGetPropertyValue(key, out var node) || node is null)
        {
            errors.Required(path);
        }
        else if (node.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(path, ValidationRules.Type, $"must be a JSON string, not {Describe(node)}.");
        }
        else
        {
            errors.RequiredString(path, node.GetValue<string>(), maxLength);
        }
    }

    /// <summary>
    /// Every key and string value of a raw parameter, however deep, must be encodable (see
    /// <see cref="ValidationErrorList.EncodableText"/>), and objects and arrays may nest at most
    /// <see cref="RawIncidentParameter.MaxDepth"/> levels. Returns <see langword="false"/> as soon as a level past the
    /// limit is found, without descending further, so even a parameter nested a million levels deep is judged in
    /// bounded stack and time.
    /// </summary>
    /// <param name="node">The node.</param>
    /// <param name="path">Its JSON path.</param>
    /// <param name="depth">Its level when it is an object or array: 1 for the parameter object.</param>
    /// <param name="errors">The errors.</param>
    private static bool RawText(JsonNode? node, string path, int depth, ref ValidationErrorList errors)
    {
        switch (node)
        {
            case JsonObject obj:
                if (depth > RawIncidentParameter.MaxDepth)
                {
                    return false;
                }

                foreach (var pair in obj)
                {
                    var child = path + "." + pair.Key;
                    errors.EncodableText(child, pair.Key);
                    if (!RawText(pair.Value, child, depth + 1, ref errors))
                    {
                        return false;
                    }
                }

                break;
            case JsonArray array:
                if (depth > RawIncidentParameter.MaxDepth)
                {
                    return false;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    if (!RawText(array[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", depth + 1, ref errors))
                    {
                        return false;
                    }
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && value.TryGetValue<string>(out var text):
                // Strings the typed checks above already judged report once: skip the duplicates by path.
                if (!errors.HasError(path))
                {
                    errors.EncodableText(path, text);
                }

                break;
            case JsonValue value when value.GetValueKind() is JsonValueKind.Object or JsonValueKind.Array && value.TryGetValue<JsonElement>(out var element):
                // A JsonElement wrapped in a JsonValue (JsonValue.Create(element)) nests like a node.
                return ElementWithinDepth(element, depth);
        }

        return true;
    }

    private static bool ElementWithinDepth(JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (depth > RawIncidentParameter.MaxDepth)
                {
                    return false;
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (!ElementWithinDepth(property.Value, depth + 1))
                    {
                        return false;
                    }
                }

                break;
            case JsonValueKind.Array:
                if (depth > RawIncidentParameter.MaxDepth)
                {
                    return false;
                }

                foreach (var item in element.EnumerateArray())
                {
                    if (!ElementWithinDepth(item, depth + 1))
                    {
                        return false;
                    }
                }

                break;
        }

        return true;
    }

    private static void RawBoolean(JsonObject values, string key, ref ValidationErrorList errors)
    {
        var path = "parameter." + key;
        if (!values.TryGetPropertyValue(key, out var node) || node is null)
        {
            errors.Required(path);
        }
        else if (node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(path, ValidationRules.Type, $"must be JSON true or false, not {Describe(node)}.");
        }
    }

    private static long? RawOptionalInteger(JsonObject values, string key, ref ValidationErrorList errors)
    {
        if (!values.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }

        if (node.GetValueKind() == JsonValueKind.Number && node is JsonValue value && TryGetInteger(value, out var number))
        {
            return number;
        }

        errors.Add("parameter." + key, ValidationRules.Type, $"must be an integer timestamp, not {Describe(node)}.");
        return null;
    }

    private static bool TryGetInteger(JsonValue value, out long number)
    {
        if (value.TryGetValue(out number))
        {
            return true;
        }

        if (value.TryGetValue<int>(out var small))
        {
            number = small;
            return true;
        }

        if (value.TryGetValue<JsonElement>(out var element))
        {
            return element.TryGetInt64(out number);
        }

        return false;
    }

    private static string Describe(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };

    /// <summary>The number of characters the parameter takes in the JSON the client sends.</summary>
    internal static int SerializedLength(IncidentParameter parameter) =>
        Internal.Utf16LengthCounter.Measure(parameter, CocJsonContext.Wire.IncidentParameter);
}
