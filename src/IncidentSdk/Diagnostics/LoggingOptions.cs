using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace IncidentSdk.Diagnostics;

/// <summary>
/// How a client logs: request and response summaries at Debug, retries at Information, final failures at Warning.
/// Header values are logged only for headers on an allow-list; every other value is written as
/// <see cref="RedactedValue"/>. No credential, token, session id or body is ever logged.
/// </summary>
public sealed class LoggingOptions
{
    /// <summary>What a header value not on <see cref="LoggedHeaders"/> is logged as.</summary>
    public const string RedactedValue = "[redacted]";

    /// <summary>The headers whose values are logged by default: none of them carries a secret.</summary>
    public static IReadOnlyCollection<string> DefaultLoggedHeaders { get; } =
    [
        "Content-Type",
        "Content-Length",
        "Date",
        "Host",
        "Retry-After",
        "Server",
        "User-Agent",
        "X-Request-Id",
        "X-Sdk-Date",
    ];

    /// <summary>
    /// The logger factory. Left <see langword="null"/>, a client built directly does not log, and one registered
    /// through dependency injection uses the container's <see cref="ILoggerFactory"/>. Left out of JSON serialization:
    /// it is a service, not a setting, and its providers may hold their own credentials.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// The headers whose values may be logged (case-insensitive); starts as <see cref="DefaultLoggedHeaders"/>.
    /// Adding <c>Authorization</c>, <c>X-Auth-Token</c> or <c>X-Security-Token</c> here would log secrets.
    /// </summary>
    public ISet<string> LoggedHeaders { get; } = new HashSet<string>(DefaultLoggedHeaders, StringComparer.OrdinalIgnoreCase);

    internal ILogger CreateLogger(string category) =>
        LoggerFactory?.CreateLogger(category) ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>Whether a header's value may be logged.</summary>
    internal bool MayLog(string headerName) => LoggedHeaders.Contains(headerName);
}
