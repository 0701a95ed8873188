using System;
using System.Net.Http;
using System.Text.Json;
using IncidentSdk.Http;

namespace IncidentSdk.Coc;

/// <summary>
/// Turns a COC (or API gateway) response into a result or the matching exception. Success is
/// <c>error_code == "GOM.00000000"</c> on a 2xx status; anything else is a failure, even on HTTP 200.
/// </summary>
internal static class CocResponseMapper
{
    public const string SuccessCode = "GOM.00000000";

    public static HandleIncidentResult Map(HttpResponseMessage response, byte[] body, TimeProvider timeProvider)
    {
        var envelope = JsonEnvelope.TryRead(body, CocJsonContext.Wire.CocResponseBody);
        var status = (int)response.StatusCode;
        var success = status is >= 200 and < 300;
        if (success && envelope?.ErrorCode == SuccessCode)
        {
            return new HandleIncidentResult(SuccessCode, envelope.ProviderCode, envelope.Data, ErrorInfoFactory.HeaderRequestId(response) ?? envelope.RequestId);
        }

        var error = ErrorInfoFactory.FromResponse(response, body, envelope?.ErrorCode, envelope?.ErrorMessage, envelope?.ProviderCode, envelope?.RequestId);
        var retryAfter = RetryAfter.Get(response, timeProvider);
        if (string.IsNullOrEmpty(error.ErrorCode))
        {
            var summary = envelope is null
                ? StatusMapping.DescribeBody(response, body, "a COC JSON envelope")
                : $"with a JSON body that has no error_code ({body.Length} bytes)";
            if (success)
            {
                return Throw(new InvalidResponseException($"COC answered HTTP {status} {summary}", error));
            }

            return Throw(StatusMapping.ByStatus(status, $"COC answered HTTP {status} {summary}", error, retryAfter)
                ?? new InvalidResponseException($"COC answered HTTP {status} {summary}", error));
        }

        // A code decides the type; an unknown code keeps its code in the base type whatever the status.
        var failure = $"COC returned error code {error.ErrorCode}" + ClockSkewNote(response, error, timeProvider);
        return Throw(ByCode(error.ErrorCode!, failure, error, retryAfter) ?? new ServiceException(failure, error));
    }

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

    /// <summary>Known codes decide the type: COC's own and those of Huawei's API gateway (<c>APIG.</c> or <c>APIGW.</c>).</summary>
    private static ServiceException? ByCode(string code, string summary, ServiceErrorInfo error, TimeSpan? retryAfter)
    {
        var gateway = code.StartsWith("APIGW.", StringComparison.Ordinal) ? "APIG." + code.Substring(6) : code;
        return gateway switch
        {
            "GOM.00007256" or "APIG.0201" => new InvalidParameterException(summary, error),
            "APIG.0301" or "APIG.0303" or "APIG.0307" => new AuthenticationFailedException(summary, error),
            "APIG.0302" => new PermissionDeniedException(summary, error),
            "APIG.0101" => new ResourceNotFoundException(summary, error),
            "APIG.0308" => new ThrottledException(summary, error, retryAfter),
            "APIG.0202" or "APIG.0203" => new ServiceUnavailableException(summary, error, retryAfter),
            _ => null,
        };
    }

    private static HandleIncidentResult Throw(ServiceException exception) => throw exception;
}
