using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Testing.Internal;

namespace IncidentSdk.Testing;

/// <summary>Failure injection shared by the fakes: each queued failure applies to one upcoming request, in order.</summary>
/// <remarks>Thread-safe. A failure is taken by the first request that arrives after it was queued, whatever its path or method.</remarks>
public sealed class FakeFailures
{
    private readonly object _gate = new();
    private readonly Queue<Injected> _queue = new();

    /// <summary>The next <paramref name="times"/> requests get this status and body instead of being handled.</summary>
    /// <param name="status">The HTTP status to answer.</param>
    /// <param name="body">The response body (UTF-8); may be empty.</param>
    /// <param name="times">How many requests in a row get this answer; at least 1.</param>
    /// <param name="contentType">The response's Content-Type.</param>
    /// <returns>This instance, to queue more.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> or <paramref name="contentType"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="times"/> is less than 1.</exception>
    public FakeFailures RespondNext(HttpStatusCode status, string body, int times = 1, string contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(contentType);
        return RespondNextWith(() => CreateResponse(status, body, contentType), times);
    }

    /// <summary>
    /// The next <paramref name="times"/> requests get a response built by <paramref name="response"/> (for headers such as
    /// <c>Retry-After</c>) instead of being handled. The factory is called once per request; the fake adds nothing to it.
    /// </summary>
    /// <param name="response">Builds each response.</param>
    /// <param name="times">How many requests in a row get such an answer; at least 1.</param>
    /// <returns>This instance, to queue more.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="times"/> is less than 1.</exception>
    public FakeFailures RespondNextWith(Func<HttpResponseMessage> response, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Enqueue(new Injected(InjectedKind.Respond, response, null, TimeSpan.Zero), times);
    }

    /// <summary>The next <paramref name="times"/> requests fail with this exception before reaching the service (nothing is applied).</summary>
    /// <param name="exception">The exception to throw, e.g. <c>new HttpRequestException(HttpRequestError.ConnectionError)</c> for a refused connection.</param>
    /// <param name="times">How many requests in a row fail; at least 1.</param>
    /// <returns>This instance, to queue more.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="times"/> is less than 1.</exception>
    public FakeFailures ThrowNext(Exception exception, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Enqueue(new Injected(InjectedKind.Throw, null, exception, TimeSpan.Zero), times);
    }

    /// <summary>
    /// The next request is applied by the service, but its response is lost: an <see cref="HttpRequestException"/> with
    /// <see cref="HttpRequestError.ResponseEnded"/> is thrown, as when a connection drops after the server acted.
    /// </summary>
    /// <param name="times">How many requests in a row lose their response; at least 1.</param>
    /// <returns>This instance, to queue more.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="times"/> is less than 1.</exception>
    public FakeFailures LoseNextResponse(int times = 1) => Enqueue(new Injected(InjectedKind.Lose, null, null, TimeSpan.Zero), times);

    /// <summary>
    /// The next <paramref name="times"/> requests wait <paramref name="delay"/> (on the fake's clock) before they are handled
    /// normally, so attempt timeouts and cancellation can be tested. Cancelling the request ends the wait, and nothing is applied.
    /// </summary>
    /// <param name="delay">How long each request waits; not negative.</param>
    /// <param name="times">How many requests in a row wait; at least 1.</param>
    /// <returns>This instance, to queue more.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative or <paramref name="times"/> is less than 1.</exception>
    public FakeFailures DelayNext(TimeSpan delay, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return Enqueue(new Injected(InjectedKind.Delay, null, null, delay), times);
    }

    /// <summary>Removes every queued failure that has not been used yet.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _queue.Clear();
        }
    }

    /// <summary>How many queued failures have not been used yet.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// Applies the failure queued for a request that just arrived, before the fake handles it. A queued exception is thrown and
    /// a queued answer is returned: the request is not handled, and <paramref name="recordUnhandled"/> gets the status answered
    /// (0 for an exception) and the body answered (none for an exception). A queued delay is waited out on the fake's clock.
    /// </summary>
    /// <returns>
    /// The injected answer, or <see langword="null"/> when the fake is to handle the request; and whether the fake is then to
    /// drop its response (<see cref="LoseNextResponse"/>: record it with <c>ResponseLost</c> and throw <see cref="LostResponse"/>).
    /// </returns>
    internal async Task<(HttpResponseMessage? Answer, bool LoseResponse)> ApplyNextAsync(TimeProvider timeProvider, Action<int, byte[]> recordUnhandled, CancellationToken cancellationToken)
    {
        var injected = Take();
        switch (injected?.Kind)
        {
            case InjectedKind.Throw:
                recordUnhandled(0, []);
                throw injected.Exception!;
            case InjectedKind.Respond:
                var response = injected.Response!();
                recordUnhandled((int)response.StatusCode, await Bodies.ReadAsync(response.Content, cancellationToken).ConfigureAwait(false));
                return (response, false);
            case InjectedKind.Delay:
                if (injected.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(injected.Delay, timeProvider, cancellationToken).ConfigureAwait(false);
                }

                break;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return (null, injected?.Kind == InjectedKind.Lose);
    }

    /// <summary>What a fake throws when it drops a response (<see cref="LoseNextResponse"/>).</summary>
    internal static HttpRequestException LostResponse() =>
        new(HttpRequestError.ResponseEnded, "The response ended prematurely: the fake applied the request, then dropped its response (FakeFailures.LoseNextResponse).");

    private Injected? Take()
    {
        lock (_gate)
        {
            return _queue.TryDequeue(out var next) ? next : null;
        }
    }

    private static HttpResponseMessage CreateResponse(HttpStatusCode status, string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return new HttpResponseMessage(status) { Content = content };
    }

    private FakeFailures Enqueue(Injected failure, int times)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (_gate)
        {
            for (var i = 0; i < times; i++)
            {
                _queue.Enqueue(failure);
            }
        }

        return this;
    }

    private enum InjectedKind
    {
        Respond,
        Throw,
        Lose,
        Delay,
    }

    private sealed record Injected(InjectedKind Kind, Func<HttpResponseMessage>? Response, Exception? Exception, TimeSpan Delay);
}
