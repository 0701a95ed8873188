using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace IncidentSdk.Http;

/// <summary>
/// The SDK's Polly v8 pipeline as a handler: total timeout, then retry, then attempt timeout, with the response
/// body read (up to a limit) inside each attempt. Whether an attempt is retried depends on the operation, which the
/// client marks on the request, and on whether the request can have reached the server.
/// </summary>
internal sealed class ResilienceHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("IncidentSdk.Request");

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly int _maxResponseBodyBytes;

    public ResilienceHandler(ResilienceOptions options, int maxResponseBodyBytes, TimeProvider timeProvider)
    {
        _maxResponseBodyBytes = maxResponseBodyBytes;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            var maxRetryAfter = options.MaxRetryAfter;
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, args.Context, maxRetryAfter, timeProvider)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Result is { } response ? RetryAfter.Get(response, timeProvider) : null),
            });
        }

        builder.AddTimeout(options.AttemptTimeout);
        _pipeline = builder.Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
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

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeSpan maxRetryAfter, TimeProvider timeProvider)
    {
        if (context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var idempotent = context.Properties.TryGetValue(RequestKey, out var request) && RequestMetadata.IsIdempotent(request);
        if (outcome.Exception is { } exception)
        {
            if (TransportFailure.CannotHaveReachedServer(exception))
            {
                return true;
            }

            // A timeout or a broken connection after the request went out: the server may have acted on it.
            return idempotent && exception is TimeoutRejectedException or OperationCanceledException or HttpRequestException or IOException;
        }

        var response = outcome.Result!;
        var retryAfter = RetryAfter.Get(response, timeProvider);
        if (retryAfter > maxRetryAfter)
        {
            return false;
        }

        return response.StatusCode switch
        {
            // The server refused before acting: safe for every operation.
            (HttpStatusCode)429 or HttpStatusCode.ServiceUnavailable => true,

            // The server or a gateway failed while the request may have been processed.
            HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout => idempotent,
            _ => false,
        };
    }

    private readonly struct Attempt(ResilienceHandler handler, HttpRequestMessage request)
    {
        public Task<HttpResponseMessage> SendOnceAsync(CancellationToken cancellationToken) => handler.SendCoreAsync(request, cancellationToken);
    }
}
