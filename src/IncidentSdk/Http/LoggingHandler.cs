using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Diagnostics;
using Microsoft.Extensions.Logging;

namespace IncidentSdk.Http;

/// <summary>
/// Logs a summary of every attempt at Debug: method, URI without query or user info, body size and headers, with
/// the value of every header not on the allow-list written as <see cref="LoggingOptions.RedactedValue"/>. It sits
/// inside the authentication handler, so the summary shows what went on the wire, and it never reads a body.
/// Elapsed times come from the client's clock.
/// </summary>
internal sealed class LoggingHandler(ILogger logger, LoggingOptions options, TimeProvider timeProvider) : DelegatingHandler
{
    // With Debug off (the usual case) the request passes straight on: no async state machine of its own per attempt.
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        logger.IsEnabled(LogLevel.Debug) ? SendLoggedAsync(request, cancellationToken) : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendLoggedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
#pragma warning disable CA1873 // Debug is known to be enabled here.
        var method = request.Method.Method;
        var uri = SafeUri(request.RequestUri);
        Log.Sending(logger, method, uri, request.Content?.Headers.ContentLength ?? 0, Headers(request.Headers, request.Content?.Headers));
        var started = timeProvider.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            Log.Received(logger, (int)response.StatusCode, method, uri, ElapsedMs(started), Headers(response.Headers, response.Content?.Headers));
            return response;
        }
        catch (Exception ex)
        {
            Log.NoResponse(logger, method, uri, ElapsedMs(started), ex.GetType().Name);
            throw;
        }
#pragma warning restore CA1873
    }

    /// <summary>Scheme, host, port and path only: a query or user info could carry a secret.</summary>
    internal static string SafeUri(Uri? uri) =>
        uri is null ? string.Empty
        : uri.IsAbsoluteUri ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
        : "(relative)";

    private double ElapsedMs(long started) => timeProvider.GetElapsedTime(started).TotalMilliseconds;

    private string Headers(HttpHeaders headers, HttpHeaders? contentHeaders)
    {
        var text = new StringBuilder();
        Append(text, headers);
        if (contentHeaders is not null)
        {
            Append(text, contentHeaders);
        }

        return text.ToString();
    }

    private void Append(StringBuilder text, HttpHeaders headers)
    {
#if NET8_0_OR_GREATER
        foreach (KeyValuePair<string, HeaderStringValues> header in headers.NonValidated)
        {
            AppendOne(text, header.Key, options.MayLog(header.Key) ? header.Value.ToString() : null);
        }
#else
        foreach (KeyValuePair<string, IEnumerable<string>> header in headers)
        {
            AppendOne(text, header.Key, options.MayLog(header.Key) ? string.Join(", ", header.Value) : null);
        }
#endif
    }

    private static void AppendOne(StringBuilder text, string name, string? value)
    {
        if (text.Length > 0)
        {
            text.Append("; ");
        }

        text.Append(name).Append(": ").Append(value ?? LoggingOptions.RedactedValue);
    }
}
