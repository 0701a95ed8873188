namespace IncidentSdk.Tests.Support;

/// <summary>A clock the test sets; optionally advances by a step on every read.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start, TimeSpan step = default) : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            var now = _now;
            _now += step;
            return now;
        }
    }
}
