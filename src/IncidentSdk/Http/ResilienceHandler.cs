using System;
using System.Net.Http;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Timeout;

namespace IncidentSdk.Http;

/// <summary>
/// The SDK's Polly v8 pipeline as a handler: retry around an attempt timeout, with the response body read (up to a
/// limit) inside each attempt. Whether an attempt is retried depends on the operation, which the client marks on the
/// request, and on whether the request can have reached the server.
/// </summary>
/// <remarks>
/// The total timeout is a budget rather than a second timeout strategy: no retry starts (and no delay is waited)
/// past it, and each attempt's timeout shrinks to what is left of it. One timer per attempt instead of two keeps
/// the per-call cost down (a second Polly timeout cost 14% throughput at 64 concurrent calls in the loopback benchmark).
/// </remarks>
internal sealed class ResilienceHandler : DelegatingHandler
{
    private readonly ResiliencePolicy _policy;
    private readonly int _maxResponseBodyBytes;
    private readonly ResilienceOptions _options;
    private readonly TimeProvider _timeProvider;

    public ResilienceHandler(ResilienceOptions options, int maxResponseBodyBytes, TimeProvider timeProvider, ILogger? logger = null)
    {
        _maxResponseBodyBytes = maxResponseBodyBytes;
        _options = options;
        _timeProvider = timeProvider;
        _policy = ResiliencePolicy.For(options, timeProvider, logger ?? NullLogger.Instance);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RequestMetadata.Get(request) is { } metadata && metadata.Enter() > 0 && !metadata.Idempotent && metadata.Sends > 0)
        {
            // A handler outside the SDK sent the same request into the pipeline again after it went out once.
            throw TransportGuard.Refused(metadata, "a handler in front of the SDK's retry policy (such as a retry handler added to every HttpClient) sent it into the SDK again");
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ResiliencePolicy.RequestKey, request);
        context.Properties.Set(ResiliencePolicy.StartKey, _timeProvider.GetTimestamp());
        try
        {
            var outcome = await _policy.Pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.SendOnceAsync(ctx.CancellationToken).ConfigureAwait(false));
                    }
#pragma warning disable CA1031 // Every failure becomes an outcome the retry strategy judges; nothing is swallowed.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                new Attempt(this, request)).ConfigureAwait(false);

            // An attempt whose timer was shortened to the remaining budget ends the call's budget, even if
            // the timer fired a hair before the stopwatch agrees.
            if (outcome.Exception is TimeoutRejectedException timeout
                && (timeout.Timeout < _options.AttemptTimeout || _policy.Remaining(context) <= TimeSpan.Zero))
            {
                throw new TimeoutRejectedException($"The call exceeded its total timeout of {_options.TotalTimeout}.", _options.TotalTimeout, timeout);
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

    private async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RequestMetadata.Get(request) is { } metadata && metadata.Authorize() > _options.MaxRetries + 1)
        {
            // Only a handler in front of the policy can make it decide more attempts than it allows.
            throw TransportGuard.Refused(metadata, "a handler in front of the SDK's retry policy sent it into the SDK again, past the policy's MaxRetries");
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await ResponseBuffering.BufferAsync(response, _maxResponseBodyBytes, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private readonly struct Attempt(ResilienceHandler handler, HttpRequestMessage request)
    {
        public Task<HttpResponseMessage> SendOnceAsync(CancellationToken cancellationToken) => handler.SendCoreAsync(request, cancellationToken);
    }
}
