using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace IncidentSdk.Tests.Support;

/// <summary>
/// A rate limiter that answers from a script and records every request for a permit in <see cref="Log"/> (shared with
/// a server that records its sends, so the order of permits and sends shows). Without a script it grants every permit.
/// </summary>
internal sealed class ScriptedLimiter : RateLimiter
{
    private readonly ConcurrentQueue<Func<CancellationToken, ValueTask<RateLimitLease>>> _script = new();

    public ScriptedLimiter(ConcurrentQueue<string>? log = null) => Log = log ?? new ConcurrentQueue<string>();

    public ConcurrentQueue<string> Log { get; }

    /// <summary>What <see cref="RateLimiter.AttemptAcquire"/> answers; granted by default.</summary>
    public Func<RateLimitLease> Attempt { get; set; } = () => Lease.Granted();

    public int Permits => Log.Count(e => e is "attempt:granted" or "acquire:granted");

    public override TimeSpan? IdleDuration => null;

    public ScriptedLimiter Then(Func<CancellationToken, ValueTask<RateLimitLease>> answer)
    {
        _script.Enqueue(answer);
        return this;
    }

    public ScriptedLimiter ThenRefuse(object? retryAfter) => Then(_ => ValueTask.FromResult<RateLimitLease>(Lease.Refused(retryAfter)));

    public ScriptedLimiter ThenGrant() => Then(_ => ValueTask.FromResult<RateLimitLease>(Lease.Granted()));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        var lease = Attempt();
        Log.Enqueue(lease.IsAcquired ? "attempt:granted" : "attempt:refused");
        return lease;
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var lease = _script.TryDequeue(out var answer) ? await answer(cancellationToken) : Lease.Granted();
        Log.Enqueue(lease.IsAcquired ? "acquire:granted" : "acquire:refused");
        return lease;
    }

    /// <summary>A lease with an optional <c>RETRY_AFTER</c> of any type (a TimeSpan, or seconds as a number as RedisRateLimiting sends).</summary>
    public sealed class Lease(bool acquired, object? retryAfter) : RateLimitLease
    {
        public static Lease Granted() => new(true, null);

        public static Lease Refused(object? retryAfter) => new(false, retryAfter);

        public bool Disposed { get; private set; }

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
