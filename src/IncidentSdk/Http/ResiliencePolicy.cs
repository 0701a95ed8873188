using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using IncidentSdk.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace IncidentSdk.Http;

/// <summary>
/// The retry, circuit-breaker and timeout rules of one options object, and the Polly v8 pipeline built from them.
/// One instance serves every handler built from the same options, so a circuit's state outlives
/// IHttpClientFactory's handler rotation; it holds no handler, so a rotated-out handler chain can be collected.
/// </summary>
internal sealed class ResiliencePolicy
{
    public static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("IncidentSdk.Request");
    public static readonly ResiliencePropertyKey<long> StartKey = new("IncidentSdk.Start");

    private static readonly ConditionalWeakTable<ResilienceOptions, ResiliencePolicy> Policies = new();

    private readonly ResilienceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    private ResiliencePolicy(ResilienceOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        Pipeline = BuildPipeline();
    }

    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    /// <summary>The policy of <paramref name="options"/>: created by the first handler built from them, shared after.</summary>
    public static ResiliencePolicy For(ResilienceOptions options, TimeProvider timeProvider, ILogger logger) =>
        Policies.GetValue(options, o => new ResiliencePolicy(o, timeProvider, logger));

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline()
    {
        var options = _options;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _timeProvider };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, args.Context) && NextDelay(args.Outcome, args.Context, args.AttemptNumber) is not null),
                DelayGenerator = args => new ValueTask<TimeSpan?>(NextDelay(args.Outcome, args.Context, args.AttemptNumber) ?? TimeSpan.Zero),
                OnRetry = args =>
                {
                    LogRetry(args.Outcome, args.Context, args.AttemptNumber, args.RetryDelay);
                    return default;
                },
            });
        }

        if (options.CircuitBreaker is { Enabled: true } breaker)
        {
            // Inside the retry: every attempt counts, and an open circuit fails the call without waiting.
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = breaker.SamplingDuration,
                BreakDuration = breaker.BreakDuration,
                ShouldHandle = args => new ValueTask<bool>(CountsAsFailure(args.Outcome, args.Context)),
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            // Each attempt gets its own timeout, shortened to what is left of the total budget.
            TimeoutGenerator = args => new ValueTask<TimeSpan>(AttemptTimeout(args.Context)),
        });
        return builder.Build();
    }

    /// <summary>What the circuit breaker counts against the service: no answer, or an answer that says it is failing or overloaded.</summary>
    private static bool CountsAsFailure(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (outcome.Exception is { } exception)
        {
            // The SDK's own refusals (a redirect, a send it did not decide on, an unusable token) say nothing about
            // the service's health.
            return !context.CancellationToken.IsCancellationRequested && exception is not (BrokenCircuitException or IncidentSdkException);
        }

        var status = (int)outcome.Result!.StatusCode;
        return status is 408 or 429 or >= 500;
    }

    private void LogRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, int attemptNumber, TimeSpan delay)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var operation = context.Properties.TryGetValue(RequestKey, out var request) ? RequestMetadata.GetOperation(request) : null;
        var reason = outcome.Result is { } response
            ? "HTTP " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)
            : outcome.Exception?.GetType().Name ?? "unknown";
        Log.Retrying(_logger, operation ?? "request", attemptNumber + 2, delay.TotalMilliseconds, reason);
    }

    public TimeSpan Remaining(ResilienceContext context) =>
        _options.TotalTimeout - _timeProvider.GetElapsedTime(context.Properties.GetValue(StartKey, 0L));

    private TimeSpan AttemptTimeout(ResilienceContext context)
    {
        var remaining = Remaining(context);
        return remaining < _options.AttemptTimeout ? (remaining > ResilienceOptions.MinTimeout ? remaining : ResilienceOptions.MinTimeout) : _options.AttemptTimeout;
    }

    /// <summary>
    /// The wait before the next attempt: the server's <c>Retry-After</c> when it sent one, else exponential backoff
    /// (with jitter when configured) capped at <see cref="ResilienceOptions.MaxDelay"/>; <see langword="null"/> when
    /// waiting would run past the total budget or past <see cref="ResilienceOptions.MaxRetryAfter"/>.
    /// </summary>
    private TimeSpan? NextDelay(Outcome<HttpResponseMessage> outcome, ResilienceContext context, int attempt)
    {
        TimeSpan delay;
        if (outcome.Result is { } response && RetryAfter.Get(response, _timeProvider) is { } retryAfter)
        {
            if (retryAfter > _options.MaxRetryAfter)
            {
                return null;
            }

            delay = retryAfter;
        }
        else
        {
            var exponential = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
            var capped = Math.Min(exponential, _options.MaxDelay.TotalMilliseconds);
            var jittered = _options.UseJitter ? capped * (0.5 + (NextRandom() * 0.5)) : capped;
            delay = TimeSpan.FromMilliseconds(jittered);
        }

        return delay + ResilienceOptions.MinTimeout < Remaining(context) ? delay : null;
    }

#pragma warning disable CA5394 // Jitter spreads retries out; it needs no cryptographic randomness.
#if NET8_0_OR_GREATER
    private static double NextRandom() => Random.Shared.NextDouble();
#else
    [ThreadStatic]
    private static Random? _random;

    private static double NextRandom() => (_random ??= new Random(Guid.NewGuid().GetHashCode())).NextDouble();
#endif
#pragma warning restore CA5394

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (context.CancellationToken.IsCancellationRequested || outcome.Exception is BrokenCircuitException)
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

        return outcome.Result!.StatusCode switch
        {
            // The server refused before acting: safe for every operation.
            (HttpStatusCode)429 or HttpStatusCode.ServiceUnavailable => true,

            // The server or a gateway failed while the request may have been processed.
            HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout => idempotent,
            _ => false,
        };
    }
}
