using System;
using System.Globalization;

namespace IncidentSdk.JsonRpc;

/// <summary>Until when to suppress an event: a point in time, or <see cref="Indefinitely"/> (sent as <c>0</c>).</summary>
public readonly struct SuppressUntil : IEquatable<SuppressUntil>
{
    private SuppressUntil(long unixSeconds) => UnixTimeSeconds = unixSeconds;

    /// <summary>
    /// The latest end Zabbix can store: 2147483647 (2038-01-19T03:14:07Z). Its database keeps <c>suppress_until</c> in
    /// 32-bit integer columns (<c>acknowledges</c> and <c>event_suppress</c>), and 7.0 refuses a later value with
    /// <c>Invalid parameter "/suppress_until": a timestamp is too large.</c> (its limit <c>ZBX_MAX_DATE</c>). A request
    /// with a later end is refused by <see cref="AcknowledgeEventRequestValidator"/> before it is sent. Seen on 7.0.22;
    /// the limit is <c>ZBX_MAX_DATE</c> in ui/include/defines.inc.php
    /// (https://git.zabbix.com/projects/ZBX/repos/zabbix/browse?at=release/7.0), and 6.0's <c>event_suppress</c> column
    /// is the same 32-bit integer.
    /// </summary>
    public const long MaxUnixTimeSeconds = int.MaxValue;

    /// <summary>Suppress until unsuppressed (<c>suppress_until: 0</c>).</summary>
    public static SuppressUntil Indefinitely => default;

    /// <summary>The value sent as <c>suppress_until</c>: Unix seconds, or 0 for indefinitely.</summary>
    public long UnixTimeSeconds { get; }

    /// <summary><see langword="true"/> for <see cref="Indefinitely"/>.</summary>
    public bool IsIndefinite => UnixTimeSeconds == 0;

    /// <summary>Suppress until a point in time (sent as whole Unix seconds).</summary>
    /// <param name="time">
    /// The end of the suppression; must be after 1970-01-01. A time after <see cref="MaxUnixTimeSeconds"/>
    /// (2038-01-19T03:14:07Z) is kept, and refused when the request is validated.
    /// </param>
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

    /// <summary>
    /// The value for a <c>suppress_until</c> the server reported: 0 (or less) is indefinitely. A value after
    /// <see cref="MaxUnixTimeSeconds"/> is kept, and refused when a request carrying it is validated.
    /// </summary>
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

    /// <summary>Returns <c>indefinitely</c>, or the time in ISO 8601 (the Unix seconds when past year 9999).</summary>
    public override string ToString() => IsIndefinite
        ? "indefinitely"
        : UnixTimeSeconds <= MaxDateTimeOffsetSeconds
            ? DateTimeOffset.FromUnixTimeSeconds(UnixTimeSeconds).ToString("O", CultureInfo.InvariantCulture)
            : UnixTimeSeconds.ToString(CultureInfo.InvariantCulture) + " (Unix seconds)";

    // DateTimeOffset.MaxValue in Unix seconds; a later value has no DateTimeOffset.
    private const long MaxDateTimeOffsetSeconds = 253402300799;
}
