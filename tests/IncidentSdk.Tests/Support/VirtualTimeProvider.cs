namespace IncidentSdk.Tests.Support;

/// <summary>
/// A clock that moves only when told to, or when someone waits briefly: a timer due within <see cref="AutoAdvanceLimit"/>
/// moves the clock to its due time and fires at once (so a short <c>Task.Delay</c> through the provider takes no real
/// time); longer timers (such as a 30 s attempt timeout) fire only when the clock passes their due time.
/// </summary>
internal sealed class VirtualTimeProvider(DateTimeOffset start) : TimeProvider
{
    public static readonly TimeSpan AutoAdvanceLimit = TimeSpan.FromSeconds(2);

    private readonly object _gate = new();
    private readonly List<VirtualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public void Advance(TimeSpan by)
    {
        List<VirtualTimer> due;
        lock (_gate)
        {
            _now += by;
            due = TakeDue();
        }

        Fire(due);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(VirtualTimer timer, TimeSpan dueTime)
    {
        List<VirtualTimer> due;
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            timer.DueAt = _now + dueTime;
            _timers.Add(timer);
            if (dueTime <= AutoAdvanceLimit && timer.DueAt > _now)
            {
                _now = timer.DueAt;
            }

            due = TakeDue();
        }

        Fire(due);
    }

    private void Cancel(VirtualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private List<VirtualTimer> TakeDue()
    {
        var due = _timers.FindAll(t => t.DueAt <= _now);
        _timers.RemoveAll(t => t.DueAt <= _now);
        return due;
    }

    private static void Fire(List<VirtualTimer> due)
    {
        foreach (var timer in due)
        {
            ThreadPool.QueueUserWorkItem(_ => timer.Invoke());
        }
    }

    private sealed class VirtualTimer(VirtualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime);
            return true;
        }

        public void Invoke() => callback(state);

        public void Dispose() => owner.Cancel(this);

        public System.Threading.Tasks.ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
