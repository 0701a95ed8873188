using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace IncidentSdk.Http;

/// <summary>Sends one request through a client's handler chain and turns transport failures into the SDK's exceptions.</summary>
internal static class HttpSender
{
    /// <param name="invoker">The handler chain (an <see cref="HttpClient"/> from the factory, or the SDK's own invoker).</param>
    /// <param name="message">The request.</param>
    /// <param name="service">The service's name for messages: <c>COC</c> or <c>Zabbix</c>.</param>
    /// <param name="operation">The operation's name for messages.</param>
    /// <param name="cancellationToken">The caller's token; its cancellation is rethrown as is.</param>
    public static async Task<HttpResponseMessage> SendAsync(HttpMessageInvoker invoker, HttpRequestMessage message, string service, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return invoker is HttpClient client
                ? await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false)
                : await invoker.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (BrokenCircuitException ex)
        {
            // The circuit's clock is the client's: the time comes from the same TimeProvider as its break.
            var clock = ResiliencePolicy.Of(message)?.TimeProvider ?? TimeProvider.System;
            var retryAt = ex.RetryAfter is { } after ? clock.GetUtcNow() + after : (DateTimeOffset?)null;
            throw new CircuitOpenException(
                CircuitOpenMessage(service, operation, message.RequestUri?.Host, ex.RetryAfter, retryAt),
                ex.RetryAfter,
                retryAt,
                ex)
            { Operation = operation };
        }
        catch (TimeoutRejectedException ex)
        {
            throw new RequestTimeoutException(
                FormattableString.Invariant($"The {service} call '{operation}' timed out after {ex.Timeout}; {service} may have received and acted on it."),
                requestMayHaveReachedServer: true,
                ex)
            { Operation = operation };
        }
        catch (OperationCanceledException ex)
        {
            throw new RequestTimeoutException(
                $"The {service} call '{operation}' timed out (HttpClient.Timeout); {service} may have received and acted on it.",
                requestMayHaveReachedServer: true,
                ex)
            { Operation = operation };
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            var notSent = TransportFailure.CannotHaveReachedServer(ex);
            var reach = notSent ? $"The request did not reach {service}." : $"{service} may have received and acted on it.";
            throw new TransportException($"The {service} call '{operation}' to {message.RequestUri?.Host} failed without a response: {ex.Message} {reach}", !notSent, ex)
            { Operation = operation };
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
