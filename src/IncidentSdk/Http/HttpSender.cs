using System;
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
            var retryAt = ex.RetryAfter is { } after ? DateTimeOffset.UtcNow + after : (DateTimeOffset?)null;
            var when = retryAt is { } at ? $" It will let a call through again at {at:yyyy-MM-dd HH:mm:ss}Z (in {ex.RetryAfter!.Value.TotalSeconds:0.#} s)." : string.Empty;
            throw new CircuitOpenException(
                $"The {service} call '{operation}' was not sent: the circuit to {message.RequestUri?.Host} is open after sustained failures.{when}",
                ex.RetryAfter,
                retryAt,
                ex)
            { Operation = operation };
        }
        catch (TimeoutRejectedException ex)
        {
            throw new RequestTimeoutException(
                $"The {service} call '{operation}' timed out after {ex.Timeout}; {service} may have received and acted on it.",
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
}
