using System.Globalization;
using System.Text.Json;

namespace IncidentSdk.Testing;

// COC's own checks of the body's fields; kept apart from the SDK's validators so tests catch their bugs.
public sealed partial class FakeCocService
{
    private const int MaxFieldLength = 255;
    private const int MaxParameterLength = 2048;
    private const int MaxSolutionTextLength = 10000;
    private const int MaxCommentLength = 300;

    /// <summary>The checks of the body's fields: the three strings, and <c>parameter</c> an object of limited size when present.</summary>
    private static Answer? CheckBody(JsonElement root, out JsonElement? parameter)
    {
        parameter = null;
        if (CheckField(root, "incident_num", "incidentNum") is { } badNumber)
        {
            return badNumber;
        }

        if (CheckField(root, "operator", "operator") is { } badOperator)
        {
            return badOperator;
        }

        if (CheckField(root, "operate_key", "operateKey") is { } badKey)
        {
            return badKey;
        }

        if (root.TryGetProperty("parameter", out var parameterElement) && parameterElement.ValueKind != JsonValueKind.Null)
        {
            if (parameterElement.ValueKind != JsonValueKind.Object)
            {
                return Invalid("The field[parameter] value[" + parameterElement.GetRawText() + "] invalid");
            }

            if (parameterElement.GetRawText().Length > MaxParameterLength)
            {
                return Invalid("parameter size must be between 0 and " + MaxParameterLength.ToString(CultureInfo.InvariantCulture));
            }

            parameter = parameterElement;
        }

        return null;
    }

    private static Answer? CheckField(JsonElement root, string name, string javaName)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return Invalid(javaName + " must not be null");
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return Invalid("The field[" + name + "] value[" + value.GetRawText() + "] invalid");
        }

        var length = value.GetString()!.Length;
        return length > MaxFieldLength
            ? Invalid(javaName + " size must be between 0 and " + MaxFieldLength.ToString(CultureInfo.InvariantCulture))
            : null;
    }

    private static Answer? CheckSolution(JsonElement? parameter)
    {
        if (parameter is not { } values)
        {
            return Invalid("The field[parameter] value[] invalid");
        }

        var bad = CheckString(values, "mtm_type", int.MaxValue) ?? CheckBoolean(values, "is_service_interrupt")
            ?? CheckString(values, "cause", MaxSolutionTextLength) ?? CheckString(values, "solution", MaxSolutionTextLength);
        if (bad is not null)
        {
            return bad;
        }

        if (values.GetProperty("is_service_interrupt").GetBoolean())
        {
            // With an interruption the times of the outage are required (Huawei's Terraform provider documents this).
            return CheckInteger(values, "start_time") ?? CheckInteger(values, "fault_recovery_time");
        }

        return null;
    }

    private static Answer? CheckVerification(JsonElement? parameter) =>
        parameter is not { } values
            ? Invalid("The field[parameter] value[] invalid")
            : CheckBoolean(values, "virtual_confirm_result") ?? CheckString(values, "virtual_confirm_comment", MaxCommentLength);

    private static Answer? CheckString(JsonElement values, string key, int maxLength) =>
        values.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text && text.Length <= maxLength
            ? null
            : InvalidKey(key, values);

    private static Answer? CheckBoolean(JsonElement values, string key) =>
        values.TryGetProperty(key, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : InvalidKey(key, values);

    private static Answer? CheckInteger(JsonElement values, string key) =>
        values.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0
            ? null
            : InvalidKey(key, values);

    private static Answer InvalidKey(string key, JsonElement values)
    {
        var shown = values.TryGetProperty(key, out var value) ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()) : string.Empty;
        if (shown!.Length > 64)
        {
            shown = shown.Substring(0, 64) + "...";
        }

        return Invalid("The field[parameter." + key + "] value[" + shown + "] invalid");
    }
}
