using System.Globalization;
using System.Text.Json.Nodes;

namespace IncidentSdk.Tests.Hostile;

/// <summary>Random hostile response bodies and headers, for COC envelopes and JSON-RPC envelopes alike.</summary>
internal static class ResponseGenerator
{
    /// <summary>Marks a spot inside a JSON string literal where invalid UTF-8 bytes are put after encoding.</summary>
    private const string BadMarker = "~BAD~";

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0x80], [0xC0, 0x80], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE, 0xFF],
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json;charset=UTF-8", "application/json-rpc", "text/html; charset=utf-8", "text/plain",
        "application/octet-stream", "application/json; charset=utf-16", "garbage///", "application/problem+json",
    ];

    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ":", ",", "\"", "\"error_code\"", "\"GOM.00000000\"", "\"error_msg\"", "\"data\"", "\"jsonrpc\"", "\"2.0\"",
        "\"result\"", "\"eventids\"", "\"error\"", "\"code\"", "\"id\"", "1", "null", "true", "false", "0", "-0", "1e999", "-1.5e-7",
        "18446744073709551616", "NaN", "Infinity", "\"\\u", "\"\\ud800\"", "\"\\uDC00x\"", "\"\\x\"", "'single'", "/* c */", "// c\n",
        " ", "\n", "\t", "\r\n", "\u00A0", "\u0000", "\uFEFF", "\"\u0001\"", "\"a\\\"", "{}", "[]", "\"\"",
    ];

    public static int Status(Random random, bool mostlyOk) => random.Next(mostlyOk ? 20 : 10) switch
    {
        < 5 => 200,
        5 => random.Next(201, 300),
        6 => random.Next(300, 400),
        7 => new[] { 400, 401, 403, 404, 408, 412, 413, 414, 429, 494 }[random.Next(10)],
        8 => random.Next(400, 500),
        9 => random.Next(500, 600),
        _ => 200,
    };

    /// <summary>Headers and transport behaviour around a body.</summary>
    public static HostileResponse Wrap(Random random, string kind, byte[] body, int status)
    {
        var breakAfter = random.Next(40) == 0 ? random.Next(body.Length + 1) : (int?)null;
        long? declared = breakAfter is not null ? null : random.Next(30) switch
        {
            0 => body.Length + 1 + random.Next(100),
            1 when body.Length > 0 => random.Next(body.Length),
            _ => null,
        };
        return new HostileResponse
        {
            Kind = kind,
            Status = status,
            Body = body,
            ContentType = random.Next(8) == 0 ? null : ContentTypes[random.Next(ContentTypes.Length)],
            DeclaredLength = declared,
            BreakAfter = breakAfter,
            NoAnswer = random.Next(60) == 0,
            RequestIdHeader = random.Next(3) == 0 ? Ascii(random, random.Next(40)) : null,
            RetryAfterHeader = random.Next(6) == 0 ? new[] { "5", "0", "-1", "99999999999", "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "soon", string.Empty }[random.Next(8)] : null,
            DateHeader = random.Next(6) == 0 ? new[] { "Mon, 01 Jan 0001 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Fri, 22 Mar 2024 07:15:06 GMT", "yesterday" }[random.Next(4)] : null,
        };
    }

    public static string Ascii(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append((char)random.Next(0x21, 0x7F));
        }

        return text.ToString();
    }

    public static byte[] Binary(Random random)
    {
        var bytes = new byte[random.Next(4097)];
        random.NextBytes(bytes);
        if (bytes.Length > 0 && random.Next(3) == 0)
        {
            bytes[0] = (byte)'{';
        }

        return bytes;
    }

    public static byte[] JsonIsh(Random random)
    {
        var text = new StringBuilder(random.Next(2) == 0 ? "{" : string.Empty);
        if (random.Next(10) == 0)
        {
            var depth = 60 + random.Next(80);
            text.Append(string.Concat(Enumerable.Repeat(random.Next(2) == 0 ? "[" : "{\"a\":", depth))).Append('1').Append(string.Concat(Enumerable.Repeat(text.Length % 2 == 0 ? "]" : "}", depth)));
        }

        var count = random.Next(1, 60);
        for (var i = 0; i < count; i++)
        {
            text.Append(Fragments[random.Next(Fragments.Length)]);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] RandomJson(Random random)
    {
        JsonNode? node = random.Next(5) switch
        {
            0 => new JsonArray(CocRequestCase.RandomObject(random, 0), JsonValue.Create(random.Next())),
            1 => JsonValue.Create(HostileText.Make(random, random.Next(30))),
            2 => null,
            _ => CocRequestCase.RandomObject(random, 0),
        };
        var text = JsonWire.Compact(node);
        return Encoding.UTF8.GetBytes(random.Next(4) == 0 ? "\r\n\t " + text + "\n" : text);
    }

    public static byte[] Html(Random random) => Encoding.UTF8.GetBytes(
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>" + HostileText.Make(random, random.Next(40)).Replace("\u0000", string.Empty, StringComparison.Ordinal) + "</h1></body></html>");

    /// <summary>A JSON string literal of hostile text, sometimes with a raw lone-surrogate escape or a marker for invalid UTF-8.</summary>
    public static string StringLiteral(Random random, string? text = null)
    {
        var literal = JsonWire.Compact(JsonValue.Create(text ?? HostileText.Make(random, random.Next(30))));
        return random.Next(10) switch
        {
            0 => literal.Insert(1, new[] { "\\ud800", "\\uDFFF", "\\uD83D\\u0041", "\\udc00\\ud800" }[random.Next(4)]),
            1 => literal.Insert(1, BadMarker),
            _ => literal,
        };
    }

    /// <summary>Any JSON value, as text: strings (hostile, with lone-surrogate escapes or invalid UTF-8), numbers of every size, booleans, null, objects and arrays.</summary>
    public static string AnyValue(Random random) => random.Next(11) switch
    {
        0 or 1 or 2 => StringLiteral(random),
        3 => random.Next(-100000, 100000).ToString(CultureInfo.InvariantCulture),
        4 => new[] { "1.5", "-0", "1e400", "18446744073709551616", "-9223372036854775809", "2147483648", "0.0", "1E2" }[random.Next(8)],
        5 => random.Next(2) == 0 ? "true" : "false",
        6 => "null",
        7 => JsonWire.Compact(CocRequestCase.RandomObject(random, 1)),
        8 => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => StringLiteral(random))) + "]",
        _ => "{}",
    };

    /// <summary>Writes an object from members given as raw JSON text, with random whitespace and sometimes escaped member names.</summary>
    public static string Object(Random random, IEnumerable<(string Name, string Value)> members)
    {
        string Space() => random.Next(6) == 0 ? new[] { " ", "\n", "\r\n  ", "\t" }[random.Next(4)] : string.Empty;
        var parts = members.Select(m => Space() + Name(random, m.Name) + Space() + ":" + Space() + m.Value + Space());
        return Space() + "{" + string.Join(",", parts) + "}" + Space();
    }

    private static string Name(Random random, string name)
    {
        if (random.Next(12) != 0 || name.Length == 0)
        {
            return "\"" + name + "\"";
        }

        // The same name written with a \u escape: JSON says it is the same member.
        var at = random.Next(name.Length);
        return "\"" + name[..at] + string.Create(CultureInfo.InvariantCulture, $"\\u{(int)name[at]:x4}") + name[(at + 1)..] + "\"";
    }

    /// <summary>Encodes JSON text as UTF-8, putting invalid UTF-8 bytes where the marker is.</summary>
    public static byte[] Encode(Random random, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var marker = Encoding.UTF8.GetBytes(BadMarker);
        var result = new List<byte>(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes.AsSpan(i).StartsWith(marker))
            {
                result.AddRange(InvalidUtf8[random.Next(InvalidUtf8.Length)]);
                i += marker.Length - 1;
            }
            else
            {
                result.Add(bytes[i]);
            }
        }

        return [.. result];
    }

    /// <summary>Shuffles members, and sometimes adds a random extra one.</summary>
    public static List<(string Name, string Value)> Shuffle(Random random, List<(string Name, string Value)> members)
    {
        if (random.Next(3) == 0)
        {
            members.Add((HostileText.Make(random, random.Next(1, 10)).Replace("\"", "q", StringComparison.Ordinal).Replace("\\", "b", StringComparison.Ordinal)
                .Where(c => c >= ' ').Aggregate(new StringBuilder(), (s, c) => s.Append(c)).ToString(), AnyValue(random)));
        }

        return random.Next(3) == 0 ? [.. members.OrderBy(_ => random.Next())] : members;
    }
}
