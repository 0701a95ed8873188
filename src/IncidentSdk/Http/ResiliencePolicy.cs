using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace IncidentSdk.Http;

/// <summary>
/// One client's retry and timeout rules, taken from its options when it was built: the retry loop and the attempt
/// timeout run in <see cref="ResilienceHandler"/>, around a Polly v8 pipeline of the rate limiter's gate and the circuit
/// breaker (shared through a <see cref="ResilienceScope"/>) when either is configured.
/// Immutable; it holds no handler, so a rotated-out handler chain can be collected.
/// </summary>
internal sealed class ResiliencePolicy
{
    public static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("IncidentSdk.Request");
    public static readonly ResiliencePropertyKey<long> StartKey = new("IncidentSdk.Start");

    /// <summary>The cancellation that ended a wait between attempts, when the caller cancelled during one.</summary>
    public static readonly ResiliencePropertyKey<OperationCanceledException?> CancelledKey = new("IncidentSdk.Cancelled");

    /// <summary>
    /// The shortest attempt worth starting: the floor an attempt's timeout is clamped to. No retry starts when less
    /// than this is left of the total budget after its delay.
    /// </summary>
    public static readonly TimeSpan AttemptFloor = ResilienceOptions.MinTimeout;

    private const string OptionKey = "IncidentSdk.Policy";

    private readonly Func<double> _random;

    /// <param name="settings">The client's settings.</param>
    /// <param name="timeProvider">The client's clock: budgets, delays, timeouts and <c>Retry-After</c> dates.</param>
    /// <param name="logger">Where retries are logged.</param>
    /// <param name="circuit">The shared circuit for <see cref="ResilienceSettings.Circuit"/>, or <see langword="null"/> when off.</param>
    public ResiliencePolicy(ResilienceSettings settings, TimeProvider timeProvider, ILogger logger, ResiliencePipeline<HttpResponseMessage>? circuit)
    {
        Settings = settings;
        TimeProvider = timeProvider;
        Logger = logger;
        Circuit = circuit;
        _random = settings.JitterSource ?? NextRandom;
        Pipeline = BuildPipeline();
    }

    public ResilienceSettings Settings { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    public ResiliencePipeline<HttpResponseMessage>? Circuit { get; }

    /// <summary>The rate limiter's gate and the circuit around each attempt; <see langword="null"/> when there are neither.</summary>
    public ResiliencePipeline<HttpResponseMessage>? Pipeline { get; }

    /// <summary>Attaches a client's policy to its request, for the handler chain it shares with other clients (dependency injection).</summary>
    public static void Attach(HttpRequestMessage request, ResiliencePolicy policy)
    {
#if NET8_0_OR_GREATER
        request.Options.Set(new HttpRequestOptionsKey<ResiliencePolicy>(OptionKey), policy);
#else
        request.Properties[OptionKey] = policy;
#endif
    }

    /// <summary>The policy attached to <paramref name="request"/>, if any.</summary>
    public static ResiliencePolicy? Of(HttpRequestMessage request)
    {
#if NET8_0_OR_GREATER
        return request.Options.TryGetValue(new HttpRequestOptionsKey<ResiliencePolicy>(OptionKey), out var policy) ? policy : null;
#else
        return request.Properties.TryGetValue(OptionKey, out var value) ? value as ResiliencePolicy : null;
#endif
    }

    /// <summary>Whether this policy is what <paramref name="settings"/>, <paramref name="timeProvider"/> and <paramref name="logger"/> would build.</summary>
    public bool Matches(ResilienceSettings settings, TimeProvider timeProvider, ILogger logger) =>
        ReferenceEquals(TimeProvider, timeProvider) && ReferenceEquals(Logger, logger) && Settings.Equals(settings);

    public TimeSpan Remaining(ResilienceContext context) =>
        Settings.TotalTimeout - TimeProvider.GetElapsedTime(context.Properties.GetValue(StartKey, 0L));

    /// <summary>
    /// What runs around each attempt inside the retry loop: the rate limiter's gate, then the circuit; <see langword="null"/>
    /// when neither is configured, so that the attempt runs with no Polly layer at all.
    /// </summary>
    private ResiliencePipeline<HttpResponseMessage>? BuildPipeline()
    {
        if (Settings.RateLimiter is null && Circuit is null)
        {
            return null;
        }

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = TimeProvider };
        if (Settings.RateLimiter is { } limiter)
        {
            // Outside the circuit (a permit's wait is not the service's failure) and outside the attempt's timeout
            // (a permit's wait is not the attempt's time); every attempt takes a permit.
            var gate = new RateLimitGate(limiter, this);
            builder.AddStrategy(_ => gate);
        }

        if (Circuit is not null)
        {
            // Every attempt counts, and an open circuit fails the call without waiting.
            builder.AddPipeline(Circuit);
        }

        return builder.Build();
    }

    /// <summary>A circuit breaker pipeline for <paramref name="settings"/>, to be shared by the policies of one scope.</summary>
    public static ResiliencePipeline<HttpResponseMessage> BuildCircuit(CircuitSettings settings, TimeProvider timeProvider) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = settings.FailureRatio,
                MinimumThroughput = settings.MinimumThroughput,
                SamplingDuration = settings.SamplingDuration,
                BreakDuration = settings.BreakDuration,
                ShouldHandle = static args => new ValueTask<bool>(CountsAsFailure(args.Outcome, args.Context)),
            })
            .Build();

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

    /// <summary>
    /// Decides whether another attempt follows <paramref name="outcome"/> and, if so, waits before it: the delay is
    /// drawn once, checked against the budget and waited. After the wait the budget is checked again, because a wait
    /// can end late; with less than <see cref="AttemptFloor"/> left no attempt starts and the last outcome stands.
    /// </summary>
    public async ValueTask<bool> WaitForNextAttemptAsync(Outcome<HttpResponseMessage> outcome, ResilienceContext context, int attempt)
    {
        if (attempt >= Settings.MaxRetries || !ShouldRetry(outcome, context) || NextDelay(outcome, context, attempt) is not { } delay)
        {
            return false;
        }

        LogRetry(outcome, context, attempt, delay);
        if (delay > TimeSpan.Zero)
        {
            try
            {
#if NET8_0_OR_GREATER
                await Task.Delay(delay, TimeProvider, context.CancellationToken).ConfigureAwait(false);
#else
                await TimeProvider.Delay(delay, context.CancellationToken).ConfigureAwait(false);
#endif
            }
            catch (OperationCanceledException cancelled) when (context.CancellationToken.IsCancellationRequested)
            {
                context.Properties.Set(CancelledKey, cancelled);
                return false;
            }
        }

        return Remaining(context) >= AttemptFloor;
    }

    private void LogRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, int attemptNumber, TimeSpan delay)
    {
        if (!Logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var operation = context.Properties.TryGetValue(RequestKey, out var request) ? RequestMetadata.GetOperation(request) : null;
        var reason = outcome.Result is { } response
            ? "HTTP " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)
            : outcome.Exception?.GetType().Name ?? "unknown";
        Log.Retrying(Logger, operation ?? "request", attemptNumber + 2, delay.TotalMilliseconds, reason);
    }

    public TimeSpan AttemptTimeout(ResilienceContext context)
    {
        var remaining = Remaining(context);
        return remaining < Settings.AttemptTimeout ? (remaining > AttemptFloor ? remaining : AttemptFloor) : Settings.AttemptTimeout;
    }

    /// <summary>
    /// The wait before the next attempt: the server's <c>Retry-After</c> when it sent one, else exponential backoff
    /// (with jitter when configured) capped at <see cref="ResilienceSettings.MaxDelay"/>; <see langword="null"/> when
    /// less than <see cref="AttemptFloor"/> of the total budget would be left after it, or when it is longer than
    /// <see cref="ResilienceSettings.MaxRetryAfter"/>.
    /// </summary>
    private TimeSpan? NextDelay(Outcome<HttpResponseMessage> outcome, ResilienceContext context, int attempt)
    {
        TimeSpan delay;
        if (outcome.Result is { } response && RetryAfter.Get(response, TimeProvider) is { } retryAfter)
        {
            if (retryAfter > Settings.MaxRetryAfter)
            {
                return null;
            }

            delay = retryAfter;
        }
        else
        {
            var exponential = Settings.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
            var capped = Math.Min(exponential, Settings.MaxDelay.TotalMilliseconds);
            var jittered = Settings.UseJitter ? capped * (0.5 + (_random() * 0.5)) : capped;
            delay = TimeSpan.FromMilliseconds(jittered);
        }

        // Whole milliseconds, rounded up: timers count in them, so the delay checked is exactly the delay waited.
        delay = TimeSpan.FromMilliseconds(Math.Ceiling(delay.TotalMilliseconds));
        return Remaining(context) - delay >= AttemptFloor ? delay : null;
    }

#pragma warning disable CA5394 // Jitter spreads retries out; it needs no cryptographic randomness.
#if NET8_0_OR_GREATER
    private static double NextRandom() => Random.Shared.NextDouble();
#else
    [ThreadStatic]
    private static Random? _shared;

    private static double NextRandom() => (_shared ??= new Random(Guid.NewGuid().GetHashCode())).NextDouble();
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

