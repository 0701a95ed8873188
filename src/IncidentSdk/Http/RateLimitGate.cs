using System;
using System.Net.Http;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using IncidentSdk.Internal;
using Polly;

namespace IncidentSdk.Http;

/// <summary>
/// Takes a permit from the client's <see cref="RateLimiter"/> before every attempt, inside the retry (so each retry
/// takes its own) and outside the circuit and the attempt timeout (so waiting for a permit does not count against an
/// attempt's time). The wait is bounded by what is left of the call's total timeout: when no permit can come in time,
/// the call fails with a client-side <see cref="ThrottledException"/> and nothing is sent.
/// </summary>
/// <remarks>
/// A limiter may wait itself (the in-process limiters of <c>System.Threading.RateLimiting</c> with a queue), or refuse
/// at once and say when to try again in its lease's <c>RETRY_AFTER</c> metadata (distributed limiters such as
/// RedisRateLimiting, whose leases carry it as whole seconds); a refusal is tried again after that time, or after
/// <see cref="PollInterval"/> when it is shorter or missing, for as long as the budget allows.
/// </remarks>
internal sealed class RateLimitGate : ResilienceStrategy<HttpResponseMessage>
{
    /// <summary>The shortest wait before asking a limiter that refused again.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private readonly RateLimiter _limiter;
    private readonly ResiliencePolicy _policy;

    public RateLimitGate(RateLimiter limiter, ResiliencePolicy policy)
    {
        _limiter = limiter;
        _policy = policy;
    }

    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        RateLimitLease lease;
        try
        {
            lease = _limiter.AttemptAcquire(1);
            if (!lease.IsAcquired)
            {
                lease = await WaitForPermitAsync(lease, context).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException cancelled) when (context.CancellationToken.IsCancellationRequested)
        {
            return Outcome.FromException<HttpResponseMessage>(cancelled);
        }
#pragma warning disable CA1031 // The limiter is the caller's code (a Redis connection, say): its failure ends the call, unsent.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Outcome.FromException<HttpResponseMessage>(new IncidentSdkException(
                $"The call '{Operation(context)}' was not sent: the client's rate limiter threw {ex.GetType().Name} (the inner exception).",
                requestMayHaveReachedServer: false,
                ex));
        }

        using (lease)
        {
            if (!lease.IsAcquired)
            {
                return Outcome.FromException<HttpResponseMessage>(Throttled(context, RetryAfterOf(lease)));
            }

            return await callback(context, state).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for a permit after <paramref name="refused"/> (the limiter's answer without waiting), within the budget:
    /// returns an acquired lease, or a refused one when no permit can come in time.
    /// </summary>
    private async ValueTask<RateLimitLease> WaitForPermitAsync(RateLimitLease refused, ResilienceContext context)
    {
        refused.Dispose();
        while (true)
        {
            var left = _policy.Remaining(context) - ResiliencePolicy.AttemptFloor;
            if (left <= TimeSpan.Zero)
            {
                return RefusedLease.Instance;
            }

            RateLimitLease lease;
            using (var budget = Clock.CancelAfter(_policy.TimeProvider, left, context.CancellationToken))
            {
                try
                {
                    lease = await _limiter.AcquireAsync(1, budget.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (budget.Expired)
                {
                    // A limiter that queues waited the whole budget.
                    return RefusedLease.Instance;
                }
            }

            if (lease.IsAcquired)
            {
                return lease;
            }

            // Refused by a limiter that does not wait (or whose queue is full): ask again when it says, within the budget.
            var retryAfter = RetryAfterOf(lease) is { } after && after > PollInterval ? after : PollInterval;
            if (retryAfter > _policy.Remaining(context) - ResiliencePolicy.AttemptFloor)
            {
                return lease;
            }

            lease.Dispose();
            await Clock.DelayAsync(_policy.TimeProvider, retryAfter, context.CancellationToken).ConfigureAwait(false);
        }
    }

    private ThrottledException Throttled(ResilienceContext context, TimeSpan? retryAfter)
    {
        var operation = Operation(context);
        var summary = FormattableString.Invariant(
            $"The call was not sent: the client's rate limiter gave no permit within the call's total timeout of {_policy.Settings.TotalTimeout}.");
        return new ThrottledException(summary, new ServiceErrorInfo { Operation = operation }, retryAfter, clientSide: true);
    }

    private static string Operation(ResilienceContext context) =>
        (context.Properties.TryGetValue(ResiliencePolicy.RequestKey, out var request) ? RequestMetadata.GetOperation(request) : null) ?? "request";

    /// <summary>
    /// The lease's <c>RETRY_AFTER</c> metadata: a <see cref="TimeSpan"/> from the limiters of
    /// <c>System.Threading.RateLimiting</c>, a number of seconds from others (RedisRateLimiting's leases).
    /// </summary>
    internal static TimeSpan? RetryAfterOf(RateLimitLease lease)
    {
        if (!lease.TryGetMetadata(MetadataName.RetryAfter.Name, out var value))
        {
            return null;
        }

        return value switch
        {
            TimeSpan span when span >= TimeSpan.Zero => span,
            int seconds when seconds >= 0 => TimeSpan.FromSeconds(seconds),
            long seconds when seconds is >= 0 and <= int.MaxValue => TimeSpan.FromSeconds(seconds),
            double seconds when seconds is >= 0 and <= int.MaxValue => TimeSpan.FromSeconds(seconds),
            _ => null,
        };
    }

    /// <summary>What a wait that found no permit in time ends with.</summary>
    private sealed class RefusedLease : RateLimitLease
    {
        public static readonly RefusedLease Instance = new();

        public override bool IsAcquired => false;

        public override System.Collections.Generic.IEnumerable<string> MetadataNames => Array.Empty<string>();

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
