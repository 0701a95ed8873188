using System;

namespace IncidentSdk.Http;

/// <summary>
/// Timeouts and retries for one client. Retries follow fixed safety rules: a failure before the request was sent,
/// HTTP 429 and HTTP 503 (the server refused before acting) are retried for every operation; timeouts, dropped
/// connections and HTTP 500/502/504 only for operations that are harmless to repeat; other errors and the caller's
/// cancellation never.
/// </summary>
/// <remarks>
/// A client takes a snapshot of these settings (with its options' <c>TimeProvider</c> and logging) when it is
/// built: changing them afterwards affects only clients built after the change. A client resolved from dependency
/// injection takes the registration's options as they are at that moment, so after a configuration reload new
/// clients use the new settings while clients already resolved keep theirs. The circuit, unlike the settings, is
/// shared: see <see cref="CircuitBreakerOptions"/>.
/// </remarks>
public sealed class ResilienceOptions
{
    /// <summary>
    /// What the clients built with <c>new</c> from this options object share (their circuit): owned by the options
    /// object, so it lives as long as the options do and nothing is kept process-wide.
    /// </summary>
    internal ResilienceScope Scope { get; } = new();

    /// <summary>The smallest timeout the pipeline accepts.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>The largest timeout or delay the pipeline accepts.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);

    /// <summary>How many times a failed attempt may be retried; 0 turns retries off. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry delay; later ones grow exponentially. Default 500 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest computed delay between attempts. Default 10 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether to randomise delays so that many clients do not retry in step. Default <see langword="true"/>.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>
    /// The longest <c>Retry-After</c> the client waits for. A response asking for longer is not retried: it
    /// surfaces at once with its <c>RetryAfter</c>. Default 30 s.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The time one attempt may take, up to the response body. Default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The time the whole call may take, retries and delays included. Default 100 s.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// A rate limiter every attempt takes one permit from before it is sent (retries and Zabbix logins included);
    /// <see langword="null"/> (the default) for none. A call waits for a permit within its <see cref="TotalTimeout"/>
    /// and fails with a <see cref="ThrottledException"/> whose <see cref="ThrottledException.IsClientSide"/> is
    /// <see langword="true"/>, unsent, when none comes in time. Share one instance between clients (or processes,
    /// with a distributed limiter) that must stay within one budget, such as COC's per-account limit
    /// (<c>APIG.0308</c>). The client does not dispose it.
    /// </summary>
    /// <remarks>
    /// Any <see cref="System.Threading.RateLimiting.RateLimiter"/> works: one that queues waits itself; one that refuses
    /// at once is asked again after the <c>RETRY_AFTER</c> its lease names (a <see cref="TimeSpan"/>, or seconds as a
    /// number), and after 25 ms at the least. Create it once and assign the same instance: options built again (a
    /// configuration reload) must not create a new limiter, or each copy gets a budget of its own.
    /// </remarks>
    public System.Threading.RateLimiting.RateLimiter? RateLimiter { get; set; }

    /// <summary>When the client stops calling a failing service for a while (on by default).</summary>
    public CircuitBreakerOptions CircuitBreaker { get; } = new();

    /// <summary>
    /// The random source of the jitter, as numbers from 0 (inclusive) to 1 (exclusive); <see langword="null"/> for
    /// the shared one. Tests set a seeded source so that the delays are known.
    /// </summary>
    internal Func<double>? JitterSource { get; set; }

    /// <summary>The settings as they are now, for a client being built.</summary>
    internal ResilienceSettings Snapshot() =>
        new(MaxRetries, BaseDelay, MaxDelay, UseJitter, MaxRetryAfter, AttemptTimeout, TotalTimeout, CircuitBreaker.Snapshot(), JitterSource, RateLimiter);

    /// <summary>Checks these options and the transport settings every client shares; adds each problem as a sentence.</summary>
    internal void ValidateTransport(int maxResponseBodyBytes, TimeProvider? timeProvider, System.Collections.Generic.List<string> problems)
    {
        if (maxResponseBodyBytes < 1024)
        {
            problems.Add(FormattableString.Invariant($"MaxResponseBodyBytes is {maxResponseBodyBytes}; use at least 1024."));
        }

        if (timeProvider is null)
        {
            problems.Add("TimeProvider must not be null; use TimeProvider.System.");
        }

        Validate("Resilience:", problems);
    }

    private void Validate(string prefix, System.Collections.Generic.List<string> problems)
    {
        if (MaxRetries is < 0 or > 100)
        {
            problems.Add(FormattableString.Invariant($"{prefix}MaxRetries is {MaxRetries}; use 0 (no retries) to 100."));
        }

        CheckDelay(prefix + "BaseDelay", BaseDelay, problems);
        CheckDelay(prefix + "MaxDelay", MaxDelay, problems);
        CheckDelay(prefix + "MaxRetryAfter", MaxRetryAfter, problems);
        CheckTimeout(prefix + "AttemptTimeout", AttemptTimeout, problems);
        CheckTimeout(prefix + "TotalTimeout", TotalTimeout, problems);
        if (TotalTimeout < AttemptTimeout)
        {
            problems.Add(FormattableString.Invariant($"{prefix}TotalTimeout ({TotalTimeout}) is shorter than {prefix}AttemptTimeout ({AttemptTimeout}); make it at least as long."));
        }

        CircuitBreaker.Validate(prefix + "CircuitBreaker:", problems);
    }

    private static void CheckDelay(string name, TimeSpan value, System.Collections.Generic.List<string> problems)
    {
        if (value < TimeSpan.Zero || value > MaxTimeout)
        {
            problems.Add(FormattableString.Invariant($"{name} is {value}; use a delay from 00:00:00 to 1.00:00:00."));
        }
    }

    private static void CheckTimeout(string name, TimeSpan value, System.Collections.Generic.List<string> problems)
    {
        if (value < MinTimeout || value > MaxTimeout)
        {
            problems.Add(FormattableString.Invariant($"{name} is {value}; use a timeout from 00:00:00.010 to 1.00:00:00."));
        }
    }
}

/// <summary>What a client keeps of its <see cref="ResilienceOptions"/>: a copy taken when it was built.</summary>
internal sealed record ResilienceSettings(
    int MaxRetries,
    TimeSpan BaseDelay,
    TimeSpan MaxDelay,
    bool UseJitter,
    TimeSpan MaxRetryAfter,
    TimeSpan AttemptTimeout,
    TimeSpan TotalTimeout,
    CircuitSettings? Circuit,
    Func<double>? JitterSource,
    System.Threading.RateLimiting.RateLimiter? RateLimiter = null);
