using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Diagnostics;
using IncidentSdk.Validation;
using IncidentSdk.Internal;
using Microsoft.Extensions.Logging;

namespace IncidentSdk.Http;

/// <summary>
/// The one request path of both clients: for each <see cref="OutgoingRequest"/> it builds the HTTP request, tags it
/// for the handler chain (<see cref="RequestMetadata"/>), runs the operation's span and metrics, sends it through the
/// chain (<see cref="HttpSender"/>), reads the answer within the size bound, and hands it to the service's mapper.
/// It also owns the chain's lifetime: disposal, and what a call under way sees when the client is disposed.
/// </summary>
internal sealed class RequestCore : IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly bool _ownsInvoker;
    private readonly string _service;
    private readonly string _telemetryName;
    private readonly string _clientName;
    private readonly int _maxResponseBodyBytes;
    private readonly ILogger _logger;
    private int _disposed;

    /// <param name="invoker">The handler chain.</param>
    /// <param name="ownsInvoker">Whether disposing the core disposes <paramref name="invoker"/>.</param>
    /// <param name="service">The service's name in messages: <c>COC</c> or <c>Zabbix</c>.</param>
    /// <param name="clientName">The public client's type name, for <see cref="ObjectDisposedException"/>.</param>
    /// <param name="maxResponseBodyBytes">The most of a response body that is read.</param>
    /// <param name="timeProvider">The client's clock.</param>
    /// <param name="logger">The client's logger.</param>
    public RequestCore(HttpMessageInvoker invoker, bool ownsInvoker, string service, string clientName, int maxResponseBodyBytes, TimeProvider timeProvider, ILogger logger)
    {
        _invoker = invoker ?? throw new ArgumentNullException(nameof(invoker));
        _ownsInvoker = ownsInvoker;
        _service = service;
        _telemetryName = service.ToLowerInvariant();
        _clientName = clientName;
        _maxResponseBodyBytes = maxResponseBodyBytes;
        TimeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The client's clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Whether the client has been disposed.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Throws <see cref="ObjectDisposedException"/> once the client is disposed.</summary>
    public void ThrowIfDisposed()
    {
        if (IsDisposed)
        {
            throw new ObjectDisposedException(_clientName);
        }
    }

    /// <summary>
    /// Records a request refused by validation as a failed operation (a span with <c>error.type</c>
    /// <c>RequestValidationException</c>, the operations counter and the duration, zero attempts, and the warning log);
    /// nothing was sent. Returns <see langword="false"/>, so it can stand in an exception filter that lets the error
    /// go on unchanged.
    /// </summary>
    public bool Refused(RequestValidationException error, string operation)
    {
        OperationScope.Start(_telemetryName, operation, null, _logger).Complete(0, error);
        return false;
    }

    /// <summary>Throws <see cref="RequestValidationException"/> when <paramref name="result"/> is invalid, recorded as <see cref="Refused"/> does.</summary>
    public void ThrowIfInvalid(ValidationResult result, string requestName, string operation)
    {
        if (!result.IsValid)
        {
            var error = new RequestValidationException(requestName, result.Errors);
            Refused(error, operation);
            throw error;
        }
    }

    /// <summary>Sends <paramref name="request"/> once through the chain (which may retry it) and maps the answer.</summary>
    /// <typeparam name="TResult">What the service's mapper makes of the answer.</typeparam>
    /// <param name="request">The operation and its body.</param>
    /// <param name="map">The service's mapper: a result, or the SDK exception the answer stands for.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public async Task<TResult> SendAsync<TResult>(OutgoingRequest request, Func<ServiceAnswer, TResult> map, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(request.Method, request.Uri) { Content = new ByteArrayContent(request.Body) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        if (request.Authorization is { } authorization)
        {
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        RequestMetadata.Set(message, _service, request.Operation, request.Idempotent, request.Body, request.ContentType);
        var scope = OperationScope.Start(_telemetryName, request.Operation, request.Target, _logger);
        try
        {
            // The clock is read only for an operation that asks for the times (a caller's clock may count its reads).
            var sent = request.Mark is not null || request.OnHeaders is not null ? TimeProvider.GetUtcNow() : default;
            if (request.Mark is { } mark)
            {
                mark.At = sent;
            }

            HttpResponseMessage sentResponse;
            try
            {
                sentResponse = await HttpSender.Start(_invoker, message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (HttpSender.Translate(ex, message, _service, request.Operation, cancellationToken) is { } translated)
            {
                throw translated;
            }

            using var response = sentResponse;
            request.OnHeaders?.Invoke(response, sent, TimeProvider.GetUtcNow());
            var body = await ResponseBuffering.ReadBoundedAsync(response, _maxResponseBodyBytes, cancellationToken).ConfigureAwait(false);
            var result = map(new ServiceAnswer(response, body));
            scope.Complete(RequestMetadata.GetAttempts(message), null);
            return result;
        }
        catch (ObjectDisposedException ex) when (IsDisposed && !cancellationToken.IsCancellationRequested)
        {
            // The client was disposed while the call was under way: say whether the request may have gone out.
            var attempts = RequestMetadata.GetAttempts(message);
            var stopped = new TransportException(
                $"The {_service} call '{request.Operation}' was stopped because the client was disposed; "
                + (attempts > 0 ? $"{_service} may have received and acted on it." : $"the request did not reach {_service}."),
                requestMayHaveReachedServer: attempts > 0,
                ex)
            { Operation = request.Operation };
            scope.Complete(attempts, stopped);
            throw stopped;
        }
        catch (Exception ex)
        {
            scope.Complete(RequestMetadata.GetAttempts(message), ex);
            throw;
        }
    }

    /// <summary>Marks the client disposed and releases the chain if the client owns it. Idempotent.</summary>
    /// <returns><see langword="true"/> for the first call.</returns>
    public bool Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return false;
        }

        if (_ownsInvoker)
        {
            _invoker.Dispose();
        }

        return true;
    }

    void IDisposable.Dispose() => Dispose();
}

/// <summary>One operation as the request core sends it.</summary>
/// <param name="Operation">The operation's name: a COC action key or a JSON-RPC method.</param>
/// <param name="Idempotent">Whether repeating it is harmless, so the chain may retry after it may have reached the server.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Uri">The absolute URI.</param>
/// <param name="Body">The serialized body.</param>
/// <param name="ContentType">The body's content type.</param>
internal sealed record OutgoingRequest(string Operation, bool Idempotent, HttpMethod Method, Uri Uri, byte[] Body, string ContentType)
{
    /// <summary>What the operation acts on (a ticket, events), for its span and failure log.</summary>
    public string? Target { get; init; }

    /// <summary>An <c>Authorization</c> header value the operation carries itself (the handler chain adds others).</summary>
    public string? Authorization { get; init; }

    /// <summary>Where to record the local time the request is handed to the chain.</summary>
    public SendMark? Mark { get; init; }

    /// <summary>Called when the response's headers arrive, with the local times of the send and of the headers.</summary>
    public Action<HttpResponseMessage, DateTimeOffset, DateTimeOffset>? OnHeaders { get; init; }

    /// <summary>What <see cref="object.ToString"/> shows: the operation and where it goes, never the body or the credential.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Operation = ").Append(Operation).Append(", Method = ").Append(Method).Append(", Uri = ").Append(EndpointRules.Display(Uri));
        return true;
    }
}

/// <summary>An answer as the service's mapper sees it.</summary>
/// <param name="Response">The response; its content is already read into <paramref name="Body"/>.</param>
/// <param name="Body">The body, read within the size bound.</param>
internal readonly record struct ServiceAnswer(HttpResponseMessage Response, byte[] Body);

/// <summary>The local time a call was last handed to the transport (a send that a refused session repeated moves it on).</summary>
internal sealed class SendMark(DateTimeOffset at)
{
    public DateTimeOffset At { get; set; } = at;
}
