using System;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace IncidentSdk.Cli;

/// <summary>Turns a failure into an exit code, one line on stderr and, with <c>--json</c>, one JSON object on stdout.</summary>
internal static class ErrorReporter
{
    /// <summary>The exit code and a short name for a failure.</summary>
    public static (int ExitCode, string Kind) Classify(Exception exception) => exception switch
    {
        CliUsageException => (ExitCodes.Usage, "usage error"),
        ActionNotOfferedException => (ExitCodes.ActionNotOffered, "action not offered"),
        IncidentCreationUnknownException => (ExitCodes.CreationUnknown, "create outcome unknown"),
        RequestValidationException => (ExitCodes.Validation, "invalid request"),
        AuthenticationFailedException => (ExitCodes.Authentication, "authentication failed"),
        PermissionDeniedException => (ExitCodes.Authentication, "permission denied"),
        ResourceNotFoundException => (ExitCodes.NotFound, "not found"),
        ThrottledException => (ExitCodes.Throttled, "throttled"),
        ServiceUnavailableException => (ExitCodes.Service, "service unavailable"),
        InvalidResponseException => (ExitCodes.Service, "invalid response"),
        UnexpectedRedirectException => (ExitCodes.Service, "redirect refused"),
        ServiceException => (ExitCodes.Service, "service error"),
        RequestTimeoutException => (ExitCodes.Transport, "timeout"),
        TransportException => (ExitCodes.Transport, "transport error"),
        DuplicateSendRefusedException => (ExitCodes.Other, "resend refused"),
        OperationCanceledException => (ExitCodes.Other, "cancelled"),
        _ => (ExitCodes.Other, "error"),
    };

    /// <summary>Reports the failure and returns its exit code.</summary>
    public static int Report(CliContext context, Exception exception, bool json)
    {
        var (exitCode, kind) = Classify(exception);
        context.Error.WriteLine(FormatLine(exception, exitCode, kind));
        if (json)
        {
            JsonOutput.WriteObject(context.Out, w => WriteJson(w, exception, exitCode, kind));
        }

        return exitCode;
    }

    /// <summary>The single stderr line: the kind, the exit code, and the message, which for a service error carries its code and request id.</summary>
    public static string FormatLine(Exception exception, int exitCode, string kind)
    {
        var line = new StringBuilder("incident: ").Append(kind).Append(" (exit ").Append(exitCode.ToString(CultureInfo.InvariantCulture)).Append("): ");
        if (exitCode == ExitCodes.Other && exception is not OperationCanceledException)
        {
            line.Append(exception.GetType().Name).Append(": ");
        }

        line.Append(OneLine(exception.Message));
        switch (exception)
        {
            case ServiceException { RequestId: { Length: > 0 } requestId } service when !service.Message.Contains(requestId, StringComparison.Ordinal):
                line.Append(" (request id ").Append(OneLine(requestId)).Append(')');
                break;
            case IncidentCreationUnknownException unknown:
                line.Append(" The create failed with: ").Append(OneLine(unknown.OriginalFailure.Message).TrimEnd('.')).Append('.');
                line.Append(" Look for a ticket whose description holds [ref:").Append(unknown.Marker).Append("] among those created since ")
                    .Append(FormatTime(unknown.CreatedSince)).Append(" (incident coc list --created-after ").Append(FormatTime(unknown.CreatedSince))
                    .Append(" --json) before creating it again.");
                break;
            case TransportException { RequestMayHaveReachedServer: true }:
                line.Append(" The request may have reached the server; check before repeating it.");
                break;
        }

        var retryAfter = exception switch
        {
            ThrottledException throttled => throttled.RetryAfter,
            ServiceUnavailableException unavailable => unavailable.RetryAfter,
            _ => null,
        };
        if (retryAfter is { } delay)
        {
            line.Append(" Retry after ").Append(Math.Ceiling(delay.TotalSeconds).ToString(CultureInfo.InvariantCulture)).Append(" s.");
        }

        return line.ToString();
    }

    private static void WriteJson(Utf8JsonWriter json, Exception exception, int exitCode, string kind)
    {
        json.WriteBoolean("ok", false);
        json.WriteNumber("exit_code", exitCode);
        json.WriteStartObject("error");
        json.WriteString("kind", kind);
        json.WriteString("type", exception.GetType().Name);
        json.WriteString("message", OneLine(exception.Message));
        if (exception is ServiceException service)
        {
            json.WriteStringOrNull("code", service.ErrorCode);
            json.WriteStringOrNull("service_message", service.ErrorMessage);
            json.WriteStringOrNull("data", service.ErrorData);
            json.WriteStringOrNull("request_id", service.RequestId);
            json.WriteStringOrNull("operation", service.Error.Operation);
            if (service.StatusCode is { } status)
            {
                json.WriteNumber("http_status", status);
            }
            else
            {
                json.WriteNull("http_status");
            }
        }

        if (exception is IncidentSdkException sdk)
        {
            json.WriteBoolean("may_have_reached_server", sdk.RequestMayHaveReachedServer);
        }
        else
        {
            json.WriteBoolean("may_have_reached_server", false);
        }

        if (exception is IncidentCreationUnknownException unknown)
        {
            json.WriteString("marker", unknown.Marker);
            json.WriteString("created_since", FormatTime(unknown.CreatedSince));
            json.WriteString("original_failure", OneLine(unknown.OriginalFailure.Message));
            json.WriteStringOrNull("read_back_failure", unknown.ReadBackFailure is { } readBack ? OneLine(readBack.Message) : null);
        }

        if (exception is RequestValidationException validation)
        {
            json.WriteStartArray("validation_errors");
            foreach (var error in validation.Errors)
            {
                json.WriteStartObject();
                json.WriteString("path", error.Path);
                json.WriteString("rule", error.Rule);
                json.WriteString("message", error.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Folds line breaks and tabs into spaces so a message stays on one line.</summary>
    public static string OneLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        var lastWasSpace = false;
        foreach (var c in text)
        {
            var space = c is '\r' or '\n' or '\t' || char.IsControl(c);
            if (space)
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
            }
            else
            {
                builder.Append(c);
                lastWasSpace = c == ' ';
            }
        }

        return builder.ToString().Trim();
    }
}
