using System;
using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.Internal;

/// <summary>Waits measured on an injected <see cref="TimeProvider"/>, on every target.</summary>
internal static class Clock
{
    public static Task DelayAsync(TimeProvider timeProvider, TimeSpan delay, CancellationToken cancellationToken) =>
#if NET8_0_OR_GREATER
        Task.Delay(delay, timeProvider, cancellationToken);
#else
        timeProvider.Delay(delay, cancellationToken);
#endif

    /// <summary>A token cancelled by <paramref name="token"/> or when <paramref name="delay"/> has passed on <paramref name="timeProvider"/>.</summary>
    public static TimedCancellation CancelAfter(TimeProvider timeProvider, TimeSpan delay, CancellationToken token) => new(timeProvider, delay, token);
}

/// <summary>A caller's token combined with a deadline on an injected clock; <see cref="Expired"/> tells which ended it.</summary>
internal sealed class TimedCancellation : IDisposable
{
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _linked;

    public TimedCancellation(TimeProvider timeProvider, TimeSpan delay, CancellationToken token)
    {
#if NET8_0_OR_GREATER
        _deadline = new CancellationTokenSource(delay, timeProvider);
#else
        _deadline = timeProvider.CreateCancellationTokenSource(delay);
#endif
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_deadline.Token, token);
    }

    /// <summary>Cancelled by the caller's token or the deadline.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Whether the deadline has passed.</summary>
    public bool Expired => _deadline.IsCancellationRequested;

    public void Dispose()
    {
        _linked.Dispose();
        _deadline.Dispose();
    }
}
