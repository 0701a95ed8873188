using System;
using System.Net.Http;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Internal;
using Polly;
using Polly.Timeout;

namespace IncidentSdk.Http;

/// <summary>
/// The SDK's resilience as a handler: a retry loop around an attempt timeout (and, when configured, Polly v8's
/// circuit breaker and the rate limiter's gate), with the response body read (up to a limit) inside each attempt. Whether an attempt is retried depends on the operation, which the client marks on the
/// request, and on whether the request can have reached the server.
/// </summary>
/// <remarks>
/// The total timeout is a budget rather than a second timeout strategy: no retry starts (and no delay is waited)
/// past it, each attempt's timeout shrinks to what is left of it, and no attempt starts with less than
/// <see cref="ResiliencePolicy.AttemptFloor"/> left. One timer per attempt instead of two keeps
/// the per-call cost down (a second Polly timeout cost 14% throughput at 64 concurrent calls in the loopback benchmark).
/// </remarks>
internal sealed class ResilienceHandler : DelegatingHandler
{
    private readonly ResiliencePolicy _policy;
    private readonly int _maxResponseBodyBytes;

    /// <param name="policy">
    /// The policy of the client this chain was built for; a request that carries its own client's policy (a chain
    /// shared by the clients of a dependency injection registration) is sent with that one instead.
    /// </param>
    /// <param name="maxResponseBodyBytes">The most of a response body read inside each attempt.</param>
    public ResilienceHandler(ResiliencePolicy policy, int maxResponseBodyBytes)
    {
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _maxResponseBodyBytes = maxResponseBodyBytes;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RequestMetadata.Get(request) is { } metadata && metadata.Enter() > 0 && !metadata.Idempotent && metadata.Sends > 0)
        {
            // A handler outside the SDK sent the same request into the pipeline again after it went out once.
            throw TransportGuard.Refused(metadata, "a handler in front of the SDK's retry policy (such as a retry handler added to every HttpClient) sent it into the SDK again");
        }

        var policy = ResiliencePolicy.Of(request);
        if (policy is null)
        {
            // Marked so that what reports on the call (the circuit's reopening time) uses the same clock.
            policy = _policy;
            ResiliencePolicy.Attach(request, policy);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ResiliencePolicy.RequestKey, request);
        context.Properties.Set(ResiliencePolicy.StartKey, policy.TimeProvider.GetTimestamp());
        try
        {
            // The retry loop: the policy judges each outcome and waits before the next attempt (or says there is none).
            Outcome<HttpResponseMessage> outcome;
            for (var attempt = 0; ; attempt++)
            {
                outcome = policy.Pipeline is { } pipeline
                    ? await pipeline.ExecuteOutcomeAsync(
                        static (ctx, state) => state.Handler.TimedAttemptAsync(state.Request, state.Policy, ctx),
                        context,
                        new Attempt(this, request, policy)).ConfigureAwait(false)
                    : await TimedAttemptAsync(request, policy, context).ConfigureAwait(false);
                if (!await policy.WaitForNextAttemptAsync(outcome, context, attempt).ConfigureAwait(false))
                {
                    break;
                }

                // The answer a retry replaces is not the caller's to see.
                outcome.Result?.Dispose();
            }

            if (context.Properties.GetValue(ResiliencePolicy.CancelledKey, null) is { } cancelled)
            {
                // The caller cancelled while the policy waited for the next attempt: the wait's cancellation surfaces.
                outcome.Result?.Dispose();
                ExceptionDispatchInfo.Capture(cancelled).Throw();
            }

            // An attempt whose timer was shortened to the remaining budget ends the call's budget, even if
            // the timer fired a hair before the stopwatch agrees.
            var settings = policy.Settings;
            if (outcome.Exception is TimeoutRejectedException timeout
                && (timeout.Timeout < settings.AttemptTimeout || policy.Remaining(context) <= TimeSpan.Zero))
            {
                throw new TimeoutRejectedException(
                    FormattableString.Invariant($"The call exceeded its total timeout of {settings.TotalTimeout}."), settings.TotalTimeout, timeout);
            }

            if (outcome.Exception is not null)
            {
                ExceptionDispatchInfo.Capture(outcome.Exception).Throw();
            }

            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// One attempt within its timeout (the attempt timeout, shortened to what is left of the total budget): an attempt
    /// the timer ends is a <see cref="TimeoutRejectedException"/> naming that timeout; the caller's cancellation stays
    /// a cancellation.
    /// </summary>
    private async ValueTask<Outcome<HttpResponseMessage>> TimedAttemptAsync(HttpRequestMessage request, ResiliencePolicy policy, ResilienceContext context)
    {
        var timeout = policy.AttemptTimeout(context);
        using var timer = Clock.CancelAfter(policy.TimeProvider, timeout, context.CancellationToken);
        var outcome = await AttemptAsync(request, policy, timer.Token).ConfigureAwait(false);
        if (outcome.Exception is OperationCanceledException cancelled && timer.Expired)
        {
            return Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException(
                FormattableString.Invariant($"The operation didn't complete within the allowed timeout of '{timeout}'."), timeout, cancelled));
        }

        return outcome;
    }

    /// <summary>
    /// One attempt: sends the request on and reads its body within the limit. Every failure becomes an outcome the
    /// retry strategy judges; nothing is swallowed. One async method (pooled on .NET 8+), not a lambda around a
    /// second one, because each suspended layer costs an allocation and a resumption on every call.
    /// </summary>
#if NET8_0_OR_GREATER
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(HttpRequestMessage request, ResiliencePolicy policy, CancellationToken cancellationToken)
    {
        try
        {
            if (RequestMetadata.Get(request) is { } metadata && metadata.Authorize() > policy.Settings.MaxRetries + 1)
            {
                // Only a handler in front of the policy can make it decide more attempts than it allows.
                throw TransportGuard.Refused(metadata, "a handler in front of the SDK's retry policy sent it into the SDK again, past the policy's MaxRetries");
            }

            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            try
            {
                await ResponseBuffering.BufferAsync(response, _maxResponseBodyBytes, cancellationToken).ConfigureAwait(false);
                return Outcome.FromResult(response);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }
#pragma warning disable CA1031 // Every failure becomes an outcome the retry strategy judges; nothing is swallowed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Outcome.FromException<HttpResponseMessage>(ex);
        }
    }

    private readonly struct Attempt(ResilienceHandler handler, HttpRequestMessage request, ResiliencePolicy policy)
    {
        public ResilienceHandler Handler => handler;

        public HttpRequestMessage Request => request;

        public ResiliencePolicy Policy => policy;
    }
}
