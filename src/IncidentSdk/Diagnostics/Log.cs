using System;
using Microsoft.Extensions.Logging;

namespace IncidentSdk.Diagnostics;

/// <summary>The SDK's log messages, source-generated so that a disabled level costs nothing.</summary>
internal static partial class Log
{
    /// <summary>The category of the HTTP summaries and retries.</summary>
    public const string HttpCategory = "IncidentSdk.Http";

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Sending {Method} {Uri} ({BodyBytes} bytes); headers: {Headers}")]
    public static partial void Sending(ILogger logger, string method, string uri, long bodyBytes, string headers);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Received HTTP {StatusCode} for {Method} {Uri} after {ElapsedMs:0.0} ms; headers: {Headers}")]
    public static partial void Received(ILogger logger, int statusCode, string method, string uri, double elapsedMs, string headers);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "No response for {Method} {Uri} after {ElapsedMs:0.0} ms: {ErrorType}")]
    public static partial void NoResponse(ILogger logger, string method, string uri, double elapsedMs, string errorType);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Retrying {Operation} (attempt {NextAttempt}) in {DelayMs:0} ms after {Reason}")]
    public static partial void Retrying(ILogger logger, string operation, int nextAttempt, double delayMs, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Service} {Operation} for {Target} failed after {Attempts} attempt(s): {ErrorType} {ErrorCode} (request id {RequestId})")]
    public static partial void Failed(ILogger logger, string service, string operation, string target, int attempts, string errorType, string errorCode, string requestId, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Removed {Handler} from the HttpClient '{Client}': the SDK's own policy decides what is safe to resend, and a second retry layer would repeat ticket actions and messages")]
    public static partial void RemovedResilienceHandler(ILogger logger, string handler, string client);
}
