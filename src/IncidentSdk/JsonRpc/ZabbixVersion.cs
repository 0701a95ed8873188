using System;
using System.Globalization;

namespace IncidentSdk.JsonRpc;

/// <summary>A Zabbix API version as <c>apiinfo.version</c> reports it, such as <c>6.0.14</c>.</summary>
public sealed class ZabbixVersion : IComparable<ZabbixVersion>, IEquatable<ZabbixVersion>
{
    /// <summary>Creates a version.</summary>
    /// <param name="major">The major version.</param>
    /// <param name="minor">The minor version.</param>
    /// <param name="patch">The patch version.</param>
    public ZabbixVersion(int major, int minor, int patch = 0)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
    }

    /// <summary>The major version.</summary>
    public int Major { get; }

    /// <summary>The minor version.</summary>
    public int Minor { get; }

    /// <summary>The patch version.</summary>
    public int Patch { get; }

    /// <summary>Parses <c>major.minor[.patch]</c>, ignoring a suffix such as <c>rc1</c> on the patch.</summary>
    /// <param name="text">The version text.</param>
    /// <returns>The version.</returns>
    /// <exception cref="FormatException">The text is not a version.</exception>
    public static ZabbixVersion Parse(string text) =>
        TryParse(text, out var version) ? version! : throw new FormatException($"'{text}' is not a Zabbix version such as 6.0.14.");

    /// <summary>Tries to parse <c>major.minor[.patch]</c>.</summary>
    /// <param name="text">The version text.</param>
    /// <param name="version">The version, when the text parses.</param>
    /// <returns><see langword="true"/> when the text is a version.</returns>
    public static bool TryParse(string? text, out ZabbixVersion? version)
    {
        version = null;
        var parts = text?.Trim().Split('.');
        if (parts is null || parts.Length is < 2 or > 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }

        var patch = 0;
        if (parts.Length == 3)
        {
            var digits = 0;
            while (digits < parts[2].Length && char.IsDigit(parts[2][digits]))
            {
                digits++;
            }

            if (digits == 0 || !int.TryParse(parts[2].Substring(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out patch))
            {
                return false;
            }
        }

        version = new ZabbixVersion(major, minor, patch);
        return true;
    }

    /// <summary>Whether this version is at least <paramref name="major"/>.<paramref name="minor"/>.</summary>
    /// <param name="major">The major version.</param>
    /// <param name="minor">The minor version.</param>
    /// <returns><see langword="true"/> when this version is that one or later.</returns>
    public bool IsAtLeast(int major, int minor) => Major > major || (Major == major && Minor >= minor);

    /// <summary>Compares two versions.</summary>
    public static bool operator ==(ZabbixVersion? left, ZabbixVersion? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two versions.</summary>
    public static bool operator !=(ZabbixVersion? left, ZabbixVersion? right) => !(left == right);

    /// <summary>Compares two versions.</summary>
    public static bool operator <(ZabbixVersion? left, ZabbixVersion? right) => left is null ? right is not null : left.CompareTo(right) < 0;

    /// <summary>Compares two versions.</summary>
    public static bool operator <=(ZabbixVersion? left, ZabbixVersion? right) => left is null || left.CompareTo(right) <= 0;

    /// <summary>Compares two versions.</summary>
    public static bool operator >(ZabbixVersion? left, ZabbixVersion? right) => left is not null && left.CompareTo(right) > 0;

    /// <summary>Compares two versions.</summary>
    public static bool operator >=(ZabbixVersion? left, ZabbixVersion? right) => left is null ? right is null : left.CompareTo(right) >= 0;

    /// <inheritdoc/>
    public int CompareTo(ZabbixVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byMajor = Major.CompareTo(other.Major);
        if (byMajor != 0)
        {
            return byMajor;
        }

        var byMinor = Minor.CompareTo(other.Minor);
        return byMinor != 0 ? byMinor : Patch.CompareTo(other.Patch);
    }

    /// <inheritdoc/>
    public bool Equals(ZabbixVersion? other) => other is not null && CompareTo(other) == 0;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ZabbixVersion);

    /// <inheritdoc/>
    public override int GetHashCode() => (Major * 1000 * 1000) + (Minor * 1000) + Patch;

    /// <summary>Returns <c>major.minor.patch</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"{Major}.{Minor}.{Patch}");
}
