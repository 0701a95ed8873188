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
}
