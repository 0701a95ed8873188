using System;
using System.Collections.Generic;

namespace IncidentSdk.Http;

/// <summary>
/// When a client stops calling a failing service for a while. Attempts that end in a transport failure, a timeout,
/// HTTP 408, 429 or 5xx count as failures; when at least <see cref="FailureRatio"/> of the attempts in
/// <see cref="SamplingDuration"/> failed (and there were at least <see cref="MinimumThroughput"/>), the circuit
/// opens: calls fail at once with <see cref="CircuitOpenException"/>, which says when the client will try again.
/// After <see cref="BreakDuration"/> one call is let through as a probe; its success closes the circuit.
/// </summary>
/// <remarks>
/// The circuit is shared while its settings are the same: every client built from one options object, and every
/// client resolved from one dependency injection registration (across IHttpClientFactory's handler rotation and
/// configuration reloads), uses one circuit as long as these settings and the clock (<c>TimeProvider</c>) it was
/// built with are unchanged, so a failing service opens the circuit for all of them, including clients created
/// per call. A client built after these settings or the clock changed uses a circuit for the new settings, which
/// later clients with the same settings share; clients built before keep theirs. Different options objects and
/// different registrations never share a circuit.
/// </remarks>
public sealed class CircuitBreakerOptions
{
    /// <summary>Whether the circuit breaker is on. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The share of failed attempts (above 0, at most 1) that opens the circuit. Default 0.5.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>The fewest attempts in <see cref="SamplingDuration"/> before the ratio counts. Default 10.</summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>The window over which attempts are counted. Default 30 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before a probe call is let through. Default 15 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The settings as they are now, or <see langword="null"/> when the breaker is off.</summary>
    internal CircuitSettings? Snapshot() => Enabled ? new(FailureRatio, MinimumThroughput, SamplingDuration, BreakDuration) : null;

    internal void Validate(string prefix, List<string> problems)
    {
        if (!Enabled)
        {
            return;
        }

        if (double.IsNaN(FailureRatio) || FailureRatio <= 0 || FailureRatio > 1)
        {
            problems.Add(FormattableString.Invariant($"{prefix}FailureRatio is {FailureRatio}; use a value above 0 and at most 1."));
        }

        if (MinimumThroughput < 2)
        {
            problems.Add(FormattableString.Invariant($"{prefix}MinimumThroughput is {MinimumThroughput}; use at least 2."));
        }

        if (SamplingDuration < TimeSpan.FromMilliseconds(500) || SamplingDuration > TimeSpan.FromDays(1))
        {
            problems.Add(FormattableString.Invariant($"{prefix}SamplingDuration is {SamplingDuration}; use 0.5 s to 1 day."));
        }

        if (BreakDuration < TimeSpan.FromMilliseconds(500) || BreakDuration > TimeSpan.FromDays(1))
        {
            problems.Add(FormattableString.Invariant($"{prefix}BreakDuration is {BreakDuration}; use 0.5 s to 1 day."));
        }
    }
}

/// <summary>What a circuit is built from: a copy of <see cref="CircuitBreakerOptions"/> taken when a client was built.</summary>
internal sealed record CircuitSettings(double FailureRatio, int MinimumThroughput, TimeSpan SamplingDuration, TimeSpan BreakDuration);
