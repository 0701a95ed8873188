using System.Globalization;

namespace IncidentSdk.Tests.Hostile;

/// <summary>
/// Builds hostile strings from a seeded <see cref="Random"/>: ASCII, quotes, backslashes, every control character,
/// line and paragraph separators, BOM and non-characters, CJK, combining marks and non-BMP characters (emoji, CJK
/// extension B, U+10FFFF) as proper surrogate pairs. Lengths are exact in UTF-16 code units, the unit
/// <see cref="string.Length"/> counts and the validators measure. Lone surrogates are added only on request.
/// </summary>
internal static class HostileText
{
    private const string Ascii = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&'()*+,-./:;<=>?@[]^_`{|}~";

    private static readonly char[] OddBmp =
    [
        '\u007F', '\u0080', '\u0085', '\u00A0', '\u00AD', '\u0301', '\u200B', '\u200D', '\u200E', '\u202E',
        '\u2028', '\u2029', '\uFEFF', '\uFFFD', '\uFFFE', '\uFFFF', '\uE000', 'é', 'ß', 'Ж', 'ع', '€',
    ];

    private static readonly int[] NonBmp = [0x1F600, 0x1F4A9, 0x1F9D1, 0x1F3F3, 0x20000, 0x2A6D6, 0x1D11E, 0x10000, 0x10FFFF, 0xE0001];

    /// <summary>One random character class per character, weighted towards the characters JSON must escape.</summary>
    public static string Make(Random random, int length)
    {
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            var left = length - text.Length;
            switch (random.Next(9))
            {
                case 0:
                case 1:
                    text.Append(Ascii[random.Next(Ascii.Length)]);
                    break;
                case 2:
                    text.Append(random.Next(3) switch { 0 => '"', 1 => '\\', _ => '/' });
                    break;
                case 3:
                    text.Append((char)random.Next(0x20));
                    break;
                case 4:
                    text.Append(OddBmp[random.Next(OddBmp.Length)]);
                    break;
                case 5:
                    text.Append((char)random.Next(0x4E00, 0xA000));
                    break;
                default:
                    if (left >= 2)
                    {
                        var codePoint = random.Next(3) == 0 ? random.Next(0x10000, 0x110000) : NonBmp[random.Next(NonBmp.Length)];
                        text.Append(char.ConvertFromUtf32(codePoint));
                    }
                    else
                    {
                        text.Append((char)random.Next(0x4E00, 0xA000));
                    }

                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// A string of exactly <paramref name="count"/> Unicode code points (the unit Zabbix counts), mixing every class
    /// <see cref="Make"/> uses: non-BMP characters (two UTF-16 units, one code point) and combining marks (a code point of
    /// their own) included.
    /// </summary>
    public static string MakeCodePoints(Random random, int count)
    {
        var text = new StringBuilder(count * 2);
        for (var i = 0; i < count; i++)
        {
            switch (random.Next(4))
            {
                case 0:
                    text.Append(char.ConvertFromUtf32(NonBmp[random.Next(NonBmp.Length)]));
                    break;
                case 1:
                    text.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x110000)));
                    break;
                case 2:
                    text.Append('\u0301');
                    break;
                default:
                    var piece = Make(random, 1);
                    text.Append(piece);
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>A string of exactly <paramref name="length"/> whitespace characters (spaces, tabs, line breaks, NBSP, ideographic space).</summary>
    public static string Whitespace(Random random, int length)
    {
        const string Spaces = " \t\r\n\u000B\u000C\u0085\u00A0\u1680\u2000\u2007\u2028\u2029\u202F\u3000";
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(Spaces[random.Next(Spaces.Length)]);
        }

        return text.ToString();
    }

    /// <summary>A string of exactly <paramref name="length"/> UTF-16 units made only of non-BMP characters (plus one BMP character when odd).</summary>
    public static string NonBmpOnly(Random random, int length)
    {
        var text = new StringBuilder(length);
        while (length - text.Length >= 2)
        {
            text.Append(char.ConvertFromUtf32(NonBmp[random.Next(NonBmp.Length)]));
        }

        if (text.Length < length)
        {
            text.Append('x');
        }

        return text.ToString();
    }

    /// <summary>
    /// A length for a field limited to <paramref name="limit"/> UTF-16 units: often exactly at the boundary
    /// (limit - 1, limit, limit + 1), sometimes empty, short, random or far over.
    /// </summary>
    public static int Length(Random random, int limit) => random.Next(12) switch
    {
        0 => 0,
        1 => limit - 1,
        2 => limit,
        3 => limit + 1,
        4 => limit + 2,
        5 => limit * 2 + random.Next(100),
        6 => random.Next(Math.Min(limit, 64) + 1),
        7 => random.Next(limit + 2),
        _ => 1 + random.Next(Math.Min(limit, 40)),
    };

    /// <summary>A string of the given length, sometimes made only of non-BMP characters to test the boundary in UTF-16 units.</summary>
    public static string Field(Random random, int length) =>
        random.Next(4) == 0 ? NonBmpOnly(random, length) : Make(random, length);

    /// <summary>Inserts one lone surrogate (high or low) where it cannot pair with a neighbour.</summary>
    public static string WithLoneSurrogate(Random random, string text)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var at = random.Next(text.Length + 1);
            if (at > 0 && at < text.Length && char.IsHighSurrogate(text[at - 1]) && char.IsLowSurrogate(text[at]))
            {
                continue;
            }

            var high = random.Next(2) == 0;
            if (high && at < text.Length && char.IsLowSurrogate(text[at]))
            {
                continue;
            }

            if (!high && at > 0 && char.IsHighSurrogate(text[at - 1]))
            {
                continue;
            }

            var surrogate = high ? (char)random.Next(0xD800, 0xDC00) : (char)random.Next(0xDC00, 0xE000);
            var result = text.Insert(at, surrogate.ToString());
            if (HasLoneSurrogate(result))
            {
                return result;
            }
        }

        return text + "\uDC00";
    }

    public static bool HasLoneSurrogate(string? text)
    {
        if (text is null)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                return true;
            }

            if (char.IsLowSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A reproducible rendering of a string for a failure message: its length and its text with every UTF-16 unit
    /// outside printable ASCII written as <c>[U+XXXX]</c> (a notation no test runner re-decodes).
    /// </summary>
    public static string Show(string? text, int max = 400)
    {
        if (text is null)
        {
            return "null";
        }

        var shown = new StringBuilder();
        shown.Append(CultureInfo.InvariantCulture, $"(length {text.Length}) \"");
        for (var i = 0; i < text.Length; i++)
        {
            if (shown.Length > max && i < text.Length - 40)
            {
                shown.Append(CultureInfo.InvariantCulture, $"…[{text.Length - 40 - i} units]…");
                i = text.Length - 40;
            }

            var c = text[i];
            if (c is >= ' ' and <= '~' && c != '[')
            {
                shown.Append(c);
            }
            else
            {
                shown.Append(CultureInfo.InvariantCulture, $"[U+{(int)c:X4}]");
            }
        }

        return shown.Append('"').ToString();
    }
}
