using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using IncidentSdk.Http;

namespace IncidentSdk.JsonRpc;

/// <summary>
/// Reads a JSON-RPC response: checks the envelope and its id, and turns a JSON-RPC <c>error</c> (sent with
/// HTTP 200) or an HTTP failure into the SDK's exceptions, keeping code, message, data, method and id.
/// </summary>
internal static class JsonRpcResponseMapper
{
    /// <summary>The <c>data</c> texts with which Zabbix refuses credentials (Zabbix 6.0–7.x).</summary>
    private static readonly string[] AuthenticationTexts =
    [
        "Not authorized.",
        "Session terminated, re-login, please.",
        "Incorrect user name or password or account is temporarily blocked.",
        "API token expired.",
        "must be called without the \"auth\" parameter",
        "without authorization header",
    ];

    public static JsonElement Map(HttpResponseMessage response, byte[] body, string method, long id, TimeProvider timeProvider, string? authenticationHint = null, IReadOnlyList<string>? targets = null)
    {
        var status = (int)response.StatusCode;
        var requestId = id.ToString(CultureInfo.InvariantCulture);
        var envelope = JsonEnvelope.TryRead(body, ZabbixJsonContext.Wire.JsonRpcResponse);
        if (status is < 200 or >= 300)
        {
            var info = Info(response, body, method, requestId, null, targets);
            var summary = status == 412
                ? "Zabbix answered HTTP 412 Precondition Failed: it refused the request's Content-Type (the SDK sends application/json-rpc; a proxy may have changed it)"
                : FormattableString.Invariant($"Zabbix answered HTTP {status} ") + StatusMapping.DescribeBody(response, body, "a JSON-RPC response");
            throw StatusMapping.ByStatus(status, summary, info, RetryAfter.Get(response, timeProvider))
                ?? new InvalidResponseException(summary, info);
        }

        if (envelope is null)
        {
            throw new InvalidResponseException(
                FormattableString.Invariant($"Zabbix answered HTTP {status} ") + StatusMapping.DescribeBody(response, body, "a JSON-RPC response object"),
                Info(response, body, method, requestId, null, targets));
        }

        if (envelope.Error is { } error)
        {
            if (envelope.Id is { ValueKind: not JsonValueKind.Null } errorId && !IdMatches(errorId, id))
            {
                throw IdMismatch(response, body, method, id, errorId, targets);
            }

            throw FromError(error, Info(response, body, method, requestId, error, targets), authenticationHint);
        }

        if (envelope.Id is not { } responseId || !IdMatches(responseId, id))
        {
            throw IdMismatch(response, body, method, id, envelope.Id, targets);
        }

        if (envelope.Result is not { } result)
        {
            throw new InvalidResponseException("Zabbix answered a JSON-RPC response with neither result nor error", Info(response, body, method, requestId, null, targets));
        }

        return result;
    }

    /// <summary>Whether an exception says the session ended (Zabbix's wording), so a new login may fix it.</summary>
    public static bool IsSessionEnded(ServiceException exception) =>
        exception is AuthenticationFailedException && exception.ErrorData is { } data
        && (data.Contains("Session terminated") || data == "Not authorized.");

    private static ServiceException FromError(JsonRpcErrorBody error, ServiceErrorInfo info, string? authenticationHint)
    {
        var summary = FormattableString.Invariant($"Zabbix answered '{info.Operation}' with JSON-RPC error {error.Code}");
        var data = info.ErrorData ?? string.Empty;
        foreach (var text in AuthenticationTexts)
        {
            if (data.Contains(text))
            {
                var hinted = text == "Not authorized." && authenticationHint is not null ? summary + ". " + authenticationHint : summary;
                return new AuthenticationFailedException(hinted, info);
            }
        }

        return error.Code switch
        {
            -32700 or -32600 or -32602 => new InvalidParameterException(summary, info),
            -32601 => new ResourceNotFoundException(summary, info),
            -32500 when data.Contains("No permissions to referred object or it does not exist") => new ResourceNotFoundException(summary, info),
            -32603 or 1 => new ServiceUnavailableException(summary, info),
            _ => new ServiceException(summary, info),
        };
    }

    private static ServiceErrorInfo Info(HttpResponseMessage response, byte[] body, string method, string requestId, JsonRpcErrorBody? error, IReadOnlyList<string>? targets) => new()
    {
        Targets = targets,
        StatusCode = (int)response.StatusCode,
        ErrorCode = error?.Code.ToString(CultureInfo.InvariantCulture),
        ErrorMessage = error?.Message,
        ErrorData = error?.Data is { } data ? (data.ValueKind == JsonValueKind.String ? StringOrRaw(data) : SafeRaw(data)) : null,
        RequestId = requestId,
        Operation = method,
        ResponseBodyExcerpt = ErrorInfoFactory.Excerpt(body),
    };

    private static InvalidResponseException IdMismatch(HttpResponseMessage response, byte[] body, string method, long id, JsonElement? responseId, IReadOnlyList<string>? targets) =>
        new($"Zabbix answered '{method}' with id {(responseId is { } value ? SafeRaw(value) : "(none)")}, not the request's id {id}", Info(response, body, method, id.ToString(CultureInfo.InvariantCulture), null, targets));

    private static bool IdMatches(JsonElement responseId, long id) => responseId.ValueKind switch
    {
        JsonValueKind.Number => responseId.TryGetInt64(out var number) && number == id,
        JsonValueKind.String => StringOrRaw(responseId) == id.ToString(CultureInfo.InvariantCulture),
        _ => false,
    };

    /// <summary>
    /// A JSON string's text, or its raw JSON when it cannot be decoded (a lone surrogate escape such as
    /// <c>"\ud800"</c>), or a placeholder for invalid UTF-8, so that a hostile answer still maps to the SDK's own
    /// exceptions.
    /// </summary>
    private static string StringOrRaw(JsonElement element)
    {
        try
        {
            return element.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return SafeRaw(element);
        }
    }

    /// <summary>An element's raw JSON, or a placeholder when it holds bytes that are not valid UTF-8.</summary>
    private static string SafeRaw(JsonElement element)
    {
        try
        {
            return element.GetRawText();
        }
        catch (InvalidOperationException)
        {
            return "(JSON that is not valid UTF-8)";
        }
    }
}
