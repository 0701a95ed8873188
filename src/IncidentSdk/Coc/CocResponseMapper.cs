using System;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using IncidentSdk.Http;

namespace IncidentSdk.Coc;

/// <summary>
/// Turns a COC (or API gateway) response into a result or the matching exception. Success is
/// <c>error_code == "GOM.00000000"</c> on a 2xx status; anything else is a failure, even on HTTP 200.
/// </summary>
internal static class CocResponseMapper
{
    public const string SuccessCode = "GOM.00000000";

    public static HandleIncidentResult Map(HttpResponseMessage response, byte[] body, TimeProvider timeProvider) =>
        Map(response, body, timeProvider, envelope => new HandleIncidentResult(SuccessCode, envelope.ProviderCode, envelope.Data, ErrorInfoFactory.HeaderRequestId(response) ?? envelope.RequestId));

    /// <summary>Maps an answer whose success carries a result that <paramref name="success"/> reads from the envelope.</summary>
    public static T Map<T>(HttpResponseMessage response, byte[] body, TimeProvider timeProvider, Func<CocResponseBody, T> success)
    {
        var envelope = JsonEnvelope.TryRead(body, CocJsonContext.Wire.CocResponseBody);
        var status = (int)response.StatusCode;
        var succeeded = status is >= 200 and < 300;
        if (succeeded && envelope?.ErrorCode == SuccessCode)
        {
            return success(envelope);
        }

        throw Failure(response, body, timeProvider, envelope, status, succeeded);
    }

    /// <summary>
    /// Reads a successful answer's <c>data</c> as <typeparamref name="TData"/>. A missing or <c>null</c> <c>data</c>, or a
    /// member of a type the JSON layer refuses, is an <see cref="InvalidResponseException"/>: COC said success but the
    /// answer cannot be what it says.
    /// </summary>
    public static TData ReadData<TData>(HttpResponseMessage response, byte[] body, CocResponseBody envelope, JsonTypeInfo<TData> typeInfo, string what, JsonValueKind kind = JsonValueKind.Object)
        where TData : class
    {
        Exception? inner = null;
        if (envelope.Data is { } data && data.ValueKind == kind)
        {
            try
            {
                return data.Deserialize(typeInfo) ?? throw new JsonException("data is null.");
            }
            catch (JsonException ex)
            {
                inner = ex;
            }
        }

        var reason = inner is null
            ? $"its data is {(envelope.Data is { } present ? present.ValueKind.ToString() : "missing")}, not {(kind == JsonValueKind.Array ? "an array" : "an object")}"
            : "its data cannot be read: " + inner.Message;
        throw Malformed(response, body, envelope, what, reason, inner);
    }

    /// <summary>A success answer whose data is not what the API documents: "COC answered {what} with GOM.00000000 but {reason}".</summary>
    public static InvalidResponseException Malformed(HttpResponseMessage response, byte[] body, CocResponseBody envelope, string what, string reason, Exception? inner = null) =>
        new(
            $"COC answered {what} with {SuccessCode} but {reason}",
            ErrorInfoFactory.FromResponse(response, body, SuccessCode, envelope.ErrorMessage, envelope.ProviderCode, envelope.RequestId),
            inner);

    private static ServiceException Failure(HttpResponseMessage response, byte[] body, TimeProvider timeProvider, CocResponseBody? envelope, int status, bool success)
    {
        var found = ReadError(envelope, success);
        var error = ErrorInfoFactory.FromResponse(response, body, found.Code, found.Message, envelope?.ProviderCode, envelope?.RequestId);
        var retryAfter = RetryAfter.Get(response, timeProvider);
        if (string.IsNullOrEmpty(error.ErrorCode))
        {
            var summary = envelope is null
                ? StatusMapping.DescribeBody(response, body, "a COC JSON envelope")
                : $"with a JSON body that has no error_code ({body.Length} bytes)";
            if (success)
            {
                return new InvalidResponseException($"COC answered HTTP {status} {summary}", error);
            }

            return StatusMapping.ByStatus(status, $"COC answered HTTP {status} {summary}", error, retryAfter)
                ?? new InvalidResponseException($"COC answered HTTP {status} {summary}", error);
        }

        // A code decides the type; an unknown code keeps its code in the base type whatever the status. A numeric code
        // (Keystone-style {"error":{"code":403,...}}) only repeats an HTTP status, so there the status decides.
        var failure = $"COC returned error code {error.ErrorCode}" + ClockSkewNote(response, error, timeProvider);
        return ByCode(error.ErrorCode!, failure, error, retryAfter)
            ?? (found.NumericCode ? StatusMapping.ByStatus(status, failure, error, retryAfter) : null)
            ?? new ServiceException(failure, error);
    }

    /// <summary>
    /// The error code and message of a failure body, whichever shape it has. Huawei's SDK cores read, in this order,
    /// <c>error_code</c>/<c>error_msg</c> at the top level, <c>code</c>/<c>message</c> at the top level, and then the
    /// same pairs inside a nested object (IAM answers <c>{"error":{"code":"IAM.0003","message":"Policy doesn't allow
    /// ..."}}</c>); see huaweicloud-sdk-python-v3, huaweicloudsdkcore/exceptions/exception_handler.py
    /// (DefaultExceptionHandler). COC's attachment API sends <c>code</c>/<c>msg</c> (coc-incident-lifecycle.md §7).
    /// A body without any code still gives its message, so the caller sees what the service said. On a 2xx status only
    /// COC's own envelope counts: the other shapes are error answers, and a 2xx body of another shape (such as
    /// <c>{"code":0,"message":"ok"}</c>) is not a COC answer at all.
    /// </summary>
    internal static (string? Code, string? Message, bool NumericCode) ReadError(CocResponseBody? envelope, bool success)
    {
        if (envelope is null)
        {
            return (null, null, false);
        }

        if (!string.IsNullOrEmpty(envelope.ErrorCode) || success)
        {
            return (envelope.ErrorCode, envelope.ErrorMessage, false);
        }

        var message = envelope.ErrorMessage ?? Text(envelope.Message) ?? Text(envelope.Msg);
        if (Text(envelope.Code) is { Length: > 0 } code)
        {
            return (code, Text(envelope.Message) ?? Text(envelope.Msg) ?? envelope.ErrorMessage, envelope.Code!.Value.ValueKind == JsonValueKind.Number);
        }

        if (envelope.Error is { ValueKind: JsonValueKind.Object } nested)
        {
            foreach (var (codeName, messageName) in NestedPairs)
            {
                if (nested.TryGetProperty(codeName, out var nestedCode) && Text(nestedCode) is { Length: > 0 } text)
                {
                    var nestedMessage = nested.TryGetProperty(messageName, out var value) ? Text(value) : null;
                    return (text, nestedMessage ?? message, nestedCode.ValueKind == JsonValueKind.Number);
                }
            }

            if (message is null && nested.TryGetProperty("message", out var onlyMessage))
            {
                message = Text(onlyMessage);
            }
        }

        return (null, message, false);
    }

    private static readonly (string Code, string Message)[] NestedPairs = [("error_code", "error_msg"), ("code", "message")];

    /// <summary>A JSON string as is, a number as its JSON text; anything else is not a code or a message.</summary>
    private static string? Text(JsonElement? element) => element?.ValueKind switch
    {
        JsonValueKind.String => element.Value.GetString(),
        JsonValueKind.Number => element.Value.GetRawText(),
        _ => null,
    };

    /// <summary>
    /// For a signature the gateway calls expired (APIG.0303: X-Sdk-Date more than 15 minutes from its clock), how far
    /// this machine's clock is from the server's, from the response's <c>Date</c> header.
    /// </summary>
    private static string ClockSkewNote(HttpResponseMessage response, ServiceErrorInfo error, TimeProvider timeProvider)
    {
        if (!string.Equals(error.ErrorCode, "APIG.0303", StringComparison.Ordinal)
            || error.ErrorMessage is null || error.ErrorMessage.IndexOf("expired", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return string.Empty;
        }

        if (response.Headers.Date is not { } serverTime)
        {
            return ": the signature expired; the gateway accepts X-Sdk-Date within 15 minutes of its clock, so check this machine's clock";
        }

        var skew = timeProvider.GetUtcNow() - serverTime;
        var direction = skew >= TimeSpan.Zero ? "ahead of" : "behind";
        var amount = skew.Duration();
        return FormattableString.Invariant(
            $": the signature expired because this machine's clock is {(int)amount.TotalMinutes} min {amount.Seconds} s {direction} the server's (its Date header); the gateway accepts X-Sdk-Date within 15 minutes");
    }

    /// <summary>
    /// Known codes decide the type: COC's own (<c>GOM.</c> and <c>COC.</c>), those of Huawei's API gateway (<c>APIG.</c> or
    /// <c>APIGW.</c>) and those of IAM, which checks the caller's policies in front of COC.
    /// </summary>
    /// <remarks>
    /// <c>COC.00067003</c> is COC's "ticket not found", sent with HTTP 400 (coc-incident-lifecycle.md §0; Huawei's
    /// Terraform provider turns it into a 404 in huaweicloud/services/coc/resource_huaweicloud_coc_incident.go).
    /// IAM's codes are from its API reference, https://support.huaweicloud.com/api-iam/iam_02_0006.html
    /// and the per-API response examples: <c>IAM.0001</c> 401 "requires authentication", <c>IAM.0002</c> 403 "not
    /// authorized", <c>IAM.0003</c> 403 "Policy doesn't allow %(actions)s to be performed".
    /// </remarks>
    private static ServiceException? ByCode(string code, string summary, ServiceErrorInfo error, TimeSpan? retryAfter)
    {
        var gateway = code.StartsWith("APIGW.", StringComparison.Ordinal) ? "APIG." + code.Substring(6) : code;
        return gateway switch
        {
            "GOM.00007256" or "APIG.0201" => new InvalidParameterException(summary, error),
            "APIG.0301" or "APIG.0303" or "APIG.0307" or "IAM.0001" => new AuthenticationFailedException(summary, error),
            "APIG.0302" or "IAM.0002" or "IAM.0003" => new PermissionDeniedException(summary, error),
            "APIG.0101" or "COC.00067003" => new ResourceNotFoundException(summary, error),
            "APIG.0308" => new ThrottledException(summary, error, retryAfter),
            "APIG.0202" or "APIG.0203" => new ServiceUnavailableException(summary, error, retryAfter),
            _ => null,
        };
    }
}
