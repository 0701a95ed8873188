using System;
using System.Globalization;

namespace IncidentSdk.JsonRpc;

/// <summary>Until when to suppress an event: a point in time, or <see cref="Indefinitely"/> (sent as <c>0</c>).</summary>
public readonly struct SuppressUntil : IEquatable<SuppressUntil>
{
    private SuppressUntil(long unixSeconds) => UnixTimeSeconds = unixSeconds;

    /// <summary>Suppress until unsuppressed (<c>suppress_until: 0</c>).</summary>
    public static SuppressUntil Indefinitely => default;

    /// <summary>The value sent as <c>suppress_until</c>: Unix seconds, or 0 for indefinitely.</summary>
    public long UnixTimeSeconds { get; }

    /// <summary><see langword="true"/> for <see cref="Indefinitely"/>.</summary>
    public bool IsIndefinite => UnixTimeSeconds == 0;

    /// <summary>Suppress until a point in time (sent as whole Unix seconds).</summary>
    /// <param name="time">The end of the suppression; must be after 1970-01-01.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is not after the Unix epoch.</exception>
    public static SuppressUntil At(DateTimeOffset time)
    {
        var seconds = time.ToUnixTimeSeconds();
        if (seconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, "A suppression end must be after 1970-01-01T00:00:00Z; use SuppressUntil.Indefinitely for no end.");
        }

        return new SuppressUntil(seconds);
    }

    /// <summary>The value for a <c>suppress_until</c> the server reported: 0 (or less) is indefinitely.</summary>
    /// <param name="unixSeconds">Unix seconds.</param>
    /// <returns>The value.</returns>
    public static SuppressUntil FromUnixTimeSeconds(long unixSeconds) => unixSeconds <= 0 ? Indefinitely : new SuppressUntil(unixSeconds);

    /// <summary>Converts a point in time with <see cref="At"/>.</summary>
    /// <param name="time">The end of the suppression.</param>
    public static implicit operator SuppressUntil(DateTimeOffset time) => At(time);

    /// <summary>Compares two values.</summary>
    public static bool operator ==(SuppressUntil left, SuppressUntil right) => left.Equals(right);

    /// <summary>Compares two values.</summary>
    public static bool operator !=(SuppressUntil left, SuppressUntil right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(SuppressUntil other) => UnixTimeSeconds == other.UnixTimeSeconds;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SuppressUntil other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => UnixTimeSeconds.GetHashCode();

    /// <summary>Returns <c>indefinitely</c> or the time in ISO 8601.</summary>
    public override string ToString() => IsIndefinite
        ? "indefinitely"
        : DateTimeOffset.FromUnixTimeSeconds(UnixTimeSeconds).ToString("O", CultureInfo.InvariantCulture);
}
