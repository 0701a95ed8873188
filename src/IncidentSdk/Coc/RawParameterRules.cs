using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentSdk.Validation;

namespace IncidentSdk.Coc;

/// <summary>
/// The rules for a <see cref="RawIncidentParameter"/>: the documented fields of a solution or verification checked
/// in their JSON form (type, length, range), and every string in it walked within <see cref="RawIncidentParameter.MaxDepth"/>.
/// </summary>
internal static class RawParameterRules
{
    public static void Solution(JsonObject values, ref ValidationErrorList errors)
    {
        RawString(values, "mtm_type", int.MaxValue, ref errors);
        RawBoolean(values, "is_service_interrupt", ref errors);
        RawString(values, "cause", SolutionParameter.MaxTextLength, ref errors);
        RawString(values, "solution", SolutionParameter.MaxTextLength, ref errors);
        var start = RawOptionalInteger(values, "start_time", ref errors);
        var recovery = RawOptionalInteger(values, "fault_recovery_time", ref errors);
        HandleIncidentRequestValidator.ValidateTimes(start, recovery, ref errors);
    }

    public static void Verification(JsonObject values, ref ValidationErrorList errors)
    {
        RawBoolean(values, "virtual_confirm_result", ref errors);
        RawString(values, "virtual_confirm_comment", VerificationParameter.MaxCommentLength, ref errors);
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
    public static bool TextWithinDepth(JsonNode? node, string path, int depth, ref ValidationErrorList errors)
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
                    if (!TextWithinDepth(pair.Value, child, depth + 1, ref errors))
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
                    if (!TextWithinDepth(array[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", depth + 1, ref errors))
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
}
