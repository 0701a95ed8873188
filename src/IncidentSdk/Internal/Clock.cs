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

/// <summary>
/// A deadline on an injected clock that the caller's token also ends (one timer and one registration, no linked
/// source); <see cref="Expired"/> tells when the deadline, not the caller, ended it.
/// </summary>
#pragma warning disable CA1001 // It is disposable; the rule does not see a struct's Dispose. A struct: no allocation per attempt.
internal readonly struct TimedCancellation : IDisposable
#pragma warning restore CA1001
{
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenRegistration _caller;
    private readonly CancellationToken _callerToken;

    public TimedCancellation(TimeProvider timeProvider, TimeSpan delay, CancellationToken token)
    {
#if NET8_0_OR_GREATER
        _deadline = new CancellationTokenSource(delay, timeProvider);
        _caller = token.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _deadline);
#else
        _deadline = timeProvider.CreateCancellationTokenSource(delay);
        _caller = token.Register(static state => ((CancellationTokenSource)state!).Cancel(), _deadline);
#endif
        _callerToken = token;
    }

    /// <summary>Cancelled by the caller's token or the deadline.</summary>
    public CancellationToken Token => _deadline.Token;

    /// <summary>Whether the deadline ended it (and the caller did not cancel).</summary>
    public bool Expired => _deadline.IsCancellationRequested && !_callerToken.IsCancellationRequested;

    public void Dispose()
    {
        _caller.Dispose();
        _deadline.Dispose();
    }
}
