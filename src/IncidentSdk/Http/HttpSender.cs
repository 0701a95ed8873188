using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace IncidentSdk.Http;

/// <summary>
/// Sends one request through a client's handler chain and turns transport failures into the SDK's exceptions. The
/// translation is a function the request core applies in an exception filter, so that the send adds no async layer
/// of its own to every call.
/// </summary>
internal static class HttpSender
{
    /// <summary>Hands <paramref name="message"/> to the chain; its failures are turned into the SDK's exceptions by <see cref="Translate"/>.</summary>
    /// <param name="invoker">The handler chain (an <see cref="HttpClient"/> from the factory, or the SDK's own invoker).</param>
    /// <param name="message">The request.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public static Task<HttpResponseMessage> Start(HttpMessageInvoker invoker, HttpRequestMessage message, CancellationToken cancellationToken) =>
        invoker is HttpClient client
            ? client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            : invoker.SendAsync(message, cancellationToken);

    /// <summary>
    /// The SDK's exception for a transport failure of <paramref name="message"/>, or <see langword="null"/> when the
    /// failure is to be rethrown as is (the caller's own cancellation, or a failure that is not the transport's).
    /// </summary>
    /// <param name="exception">What the chain threw.</param>
    /// <param name="message">The request.</param>
    /// <param name="service">The service's name for messages: <c>COC</c> or <c>Zabbix</c>.</param>
    /// <param name="operation">The operation's name for messages.</param>
    /// <param name="cancellationToken">The caller's token; its cancellation is rethrown as is.</param>
    public static Exception? Translate(Exception exception, HttpRequestMessage message, string service, string operation, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case BrokenCircuitException ex:
            {
                // The circuit's clock is the client's: the time comes from the same TimeProvider as its break.
                var clock = ResiliencePolicy.Of(message)?.TimeProvider ?? TimeProvider.System;
                var retryAt = ex.RetryAfter is { } after ? clock.GetUtcNow() + after : (DateTimeOffset?)null;
                return new CircuitOpenException(
                    CircuitOpenMessage(service, operation, message.RequestUri?.Host, ex.RetryAfter, retryAt),
                    ex.RetryAfter,
                    retryAt,
                    ex)
                { Operation = operation };
            }

            case TimeoutRejectedException ex:
                return new RequestTimeoutException(
                    FormattableString.Invariant($"The {service} call '{operation}' timed out after {ex.Timeout}; {service} may have received and acted on it."),
                    requestMayHaveReachedServer: true,
                    ex)
                { Operation = operation };
            case OperationCanceledException ex:
                return new RequestTimeoutException(
                    $"The {service} call '{operation}' timed out (HttpClient.Timeout); {service} may have received and acted on it.",
                    requestMayHaveReachedServer: true,
                    ex)
                { Operation = operation };
            case HttpRequestException or IOException:
            {
                var notSent = TransportFailure.CannotHaveReachedServer(exception);
                var reach = notSent ? $"The request did not reach {service}." : $"{service} may have received and acted on it.";
                return new TransportException($"The {service} call '{operation}' to {message.RequestUri?.Host} failed without a response: {exception.Message} {reach}", !notSent, exception)
                { Operation = operation };
            }

            default:
                return null;
        }
    }

    /// <summary>The message of an open circuit; times in UTC, ISO 8601, and numbers culture-invariant.</summary>
    internal static string CircuitOpenMessage(string service, string operation, string? host, TimeSpan? retryAfter, DateTimeOffset? retryAt)
    {
        var when = retryAt is { } at && retryAfter is { } after
            ? string.Format(
                CultureInfo.InvariantCulture,
                " It will let a call through again at {0:yyyy'-'MM'-'dd HH':'mm':'ss}Z (in {1:0.#} s).",
                at.UtcDateTime,
                after.TotalSeconds)
            : string.Empty;
        return $"The {service} call '{operation}' was not sent: the circuit to {host} is open after sustained failures.{when}";
    }
}
