using System;
using System.Collections.Generic;

namespace IncidentSdk.JsonRpc;

/// <summary>
/// What the client knows about the Zabbix server's clock: bounds on its offset from the local clock, learned from
/// the <c>Date</c> header of replies. Thread-safe.
/// </summary>
/// <remarks>
/// <para>A <c>Date</c> header carries the server's time in whole seconds, truncated (RFC 9110 section 6.6.1:
/// the time the response was generated; Apache, nginx and PHP's built-in server format the current second), and
/// the reply was generated somewhere between the moment the request left and the moment the reply arrived. So a
/// reply sent at local time <c>t0</c>, received at <c>t1</c>, dated <c>D</c> bounds the offset (server minus local)
/// to <c>[D - t1, D + 1 s - t0]</c>. The bounds of several replies are intersected; replies at different points of
/// the second narrow the offset below a second.</para>
/// <para>Clocks drift and are stepped: a reply's bounds are widened by 100 ppm of its age and forgotten after
/// <see cref="SampleLifetime"/>; bounds that no longer intersect (a clock was stepped) keep only the newest.</para>
/// </remarks>
internal sealed class ServerClock
{
    /// <summary>How long a reply's bounds are used.</summary>
    public static readonly TimeSpan SampleLifetime = TimeSpan.FromMinutes(15);

    private const int MaxSamples = 32;

    private static readonly TimeSpan MaxPlausibleOffset = TimeSpan.FromDays(365);

    /// <summary>How much two clocks may drift apart per unit of time, as a fraction (100 ppm, far above NTP-disciplined clocks).</summary>
    private const double DriftRate = 100e-6;

    private readonly object _gate = new();
    private readonly LinkedList<Sample> _samples = new();

    /// <summary>Records one reply: when its request left, when it arrived, and its <c>Date</c> header.</summary>
    /// <param name="sent">The local time just before the request was handed to the transport.</param>
    /// <param name="received">The local time the reply's headers arrived.</param>
    /// <param name="serverDate">The <c>Date</c> header; ignored when absent or not on a whole second.</param>
    public void Observe(DateTimeOffset sent, DateTimeOffset received, DateTimeOffset? serverDate)
    {
        // A clock a year or more away from the local one says nothing usable (and keeps the arithmetic in range).
        if (serverDate is not { } date || date.UtcTicks % TimeSpan.TicksPerSecond != 0 || received < sent
            || (date - received).Duration() > MaxPlausibleOffset)
        {
            return;
        }

        var sample = new Sample(received, date.UtcDateTime - received.UtcDateTime, date.UtcDateTime.AddSeconds(1) - sent.UtcDateTime);
        lock (_gate)
        {
            _samples.AddLast(sample);
            while (_samples.Count > MaxSamples)
            {
                _samples.RemoveFirst();
            }
        }
    }

    /// <summary>
    /// The bounds on the server's clock minus the local clock around local time <paramref name="at"/>, or
    /// <see langword="null"/> when no reply carried a usable <c>Date</c> header lately.
    /// </summary>
    /// <param name="at">The local time the bounds are for (widened for drift by the distance to each reply).</param>
    /// <param name="now">The local time now (replies older than <see cref="SampleLifetime"/> are forgotten).</param>
    /// <returns>The inclusive bounds.</returns>
    public (TimeSpan Min, TimeSpan Max)? OffsetBounds(DateTimeOffset at, DateTimeOffset now)
    {
        lock (_gate)
        {
            while (_samples.First is { } oldest && now - oldest.Value.Received > SampleLifetime)
            {
                _samples.RemoveFirst();
            }

            // Newest first: when bounds stop intersecting, the older ones are the stale ones.
            (TimeSpan Min, TimeSpan Max)? bounds = null;
            for (var node = _samples.Last; node is not null; node = node.Previous)
            {
                var sample = node.Value;
                var drift = TimeSpan.FromTicks((long)(Math.Abs((at - sample.Received).Ticks) * DriftRate));
                var min = sample.Min - drift;
                var max = sample.Max + drift;
                if (bounds is not { } current)
                {
                    bounds = (min, max);
                    continue;
                }

                var narrowed = (Min: min > current.Min ? min : current.Min, Max: max < current.Max ? max : current.Max);
                if (narrowed.Min > narrowed.Max)
                {
                    break;
                }

                bounds = narrowed;
            }

            return bounds;
        }
    }

    private readonly record struct Sample(DateTimeOffset Received, TimeSpan Min, TimeSpan Max);
}
