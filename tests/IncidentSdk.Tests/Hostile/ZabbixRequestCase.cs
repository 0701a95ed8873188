using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using IncidentSdk.Validation;

namespace IncidentSdk.Tests.Hostile;

/// <summary>
/// One random <c>event.acknowledge</c> request and the broken rules zabbix-event-acknowledge.md predicts for it,
/// computed here independently of the validator.
/// </summary>
internal sealed class ZabbixRequestCase
{
    private const int AllBits = 511;

    // Zabbix keeps suppress_until in 32-bit integer columns; 7.0 refuses more ("a timestamp is too large") [seen 7.0].
    private const long MaxSuppressUntil = 2147483647;

    private static readonly (int A, int B)[] Exclusive = [(2, 16), (32, 64), (1, 32), (1, 64), (128, 256)];

    // Bits a 6.0 server does not know (suppress and unsuppress came with 6.2, cause and symptom with 6.4).
    private static readonly int[] NewerThan60 = [32, 64, 128, 256];

    public required IReadOnlyList<string> EventIds { get; init; }

    public EventAction Action { get; init; }

    public string? Message { get; init; }

    public EventSeverity? Severity { get; init; }

    public SuppressUntil? SuppressUntil { get; init; }

    public string? CauseEventId { get; init; }

    /// <summary>Whether the server is 6.0 (else 7.0).</summary>
    public bool Server60 { get; init; }

    public AcknowledgeEventRequest Request => new(EventIds, Action)
    {
        Message = Message,
        Severity = Severity,
        SuppressUntil = SuppressUntil,
        CauseEventId = CauseEventId,
    };

    public static ZabbixRequestCase Random(Random random)
    {
        var count = random.Next(20) switch
        {
            0 => 0,
            1 => 33 + random.Next(8),
            _ => 1 + random.Next(4),
        };
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(random.Next(10) switch
            {
                0 when ids.Count > 0 => ids[random.Next(ids.Count)],
                1 or 2 => Id(random),
                _ => random.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture),
            });
        }

        var action = RandomAction(random);
        var bits = (int)action;
        var message = (bits & 4) != 0
            ? random.Next(12) switch
            {
                0 => null,
                1 => string.Empty,
                2 => HostileText.Whitespace(random, 1 + random.Next(4)),
                3 => HostileText.MakeCodePoints(random, MessageLength(random)),
                _ => HostileText.Field(random, MessageLength(random)),
            }
            : random.Next(10) == 0 ? HostileText.Make(random, random.Next(20)) : null;
        EventSeverity? severity = (bits & 8) != 0
            ? random.Next(20) switch
            {
                0 or 1 => null,
                2 => (EventSeverity)6,
                3 => (EventSeverity)(-1),
                _ => (EventSeverity)random.Next(6),
            }
            : random.Next(12) == 0 ? (EventSeverity)random.Next(-2, 9) : null;
        SuppressUntil? suppress = (bits & 32) != 0 || random.Next(12) == 0
            ? random.Next(8) switch
            {
                0 => null,
                1 or 2 => IncidentSdk.JsonRpc.SuppressUntil.Indefinitely,
                3 => IncidentSdk.JsonRpc.SuppressUntil.FromUnixTimeSeconds(random.Next(3) switch { 0 => MaxSuppressUntil, 1 => MaxSuppressUntil + 1, _ => long.MaxValue }),
                4 => IncidentSdk.JsonRpc.SuppressUntil.At(DateTimeOffset.MaxValue),
                _ => IncidentSdk.JsonRpc.SuppressUntil.At(DateTimeOffset.FromUnixTimeSeconds(random.NextInt64(1, 4_102_444_800))),
            }
            : null;
        var cause = (bits & 256) != 0
            ? random.Next(12) switch
            {
                0 => null,
                1 => string.Empty,
                2 => Id(random),
                3 when ids.Count > 0 => ids[random.Next(ids.Count)],
                _ => random.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture),
            }
            : random.Next(12) == 0 ? Id(random) : null;
        return new ZabbixRequestCase
        {
            EventIds = ids,
            Action = action,
            Message = message,
            Severity = severity,
            SuppressUntil = suppress,
            CauseEventId = cause,
            Server60 = random.Next(5) == 0,
        };
    }

    /// <summary>An event id string: valid positive integers of every size, and zero, signs, leading zeros, overflow, spaces and foreign digits.</summary>
    public static string Id(Random random) => random.Next(30) switch
    {
        0 => "0",
        1 => "-" + random.Next(1, 1000).ToString(CultureInfo.InvariantCulture),
        2 => "00" + random.Next(1, 100000).ToString(CultureInfo.InvariantCulture),
        3 => "18446744073709551615",
        4 => "18446744073709551616",
        5 => "9223372036854775808",
        6 => "123456789012345678901234567890",
        7 => " " + random.Next(1, 1000).ToString(CultureInfo.InvariantCulture),
        8 => random.Next(1, 1000).ToString(CultureInfo.InvariantCulture) + "\n",
        9 => "12a",
        10 => string.Empty,
        11 => "١٢٣",
        12 => "１２",
        13 => "+5",
        14 => "1e3",
        15 => "0x1F",
        16 => "00000000000000000000",
        17 => "00000000000000000001",
        18 => "000000000000000000001",
        19 => HostileText.Make(random, 1 + random.Next(8)),
        20 => HostileText.WithLoneSurrogate(random, "42"),
        21 => "4\u0000",
        _ => random.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture),
    };

    private static EventAction RandomAction(Random random)
    {
        switch (random.Next(20))
        {
            case 0:
                return (EventAction)512;
            case 1:
                return (EventAction)(-1);
            case 2:
                return (EventAction)(1 << 20 | 2);
            case 3:
                return EventAction.None;
            case 4:
            case 5:
            case 6:
            case 7:
                var bits = 0;
                for (var bit = 1; bit <= 256; bit <<= 1)
                {
                    if (random.Next(4) == 0)
                    {
                        bits |= bit;
                    }
                }

                return (EventAction)bits;
            default:
                // Coherent requests: one main action, often with a message.
                var main = new[] { 1, 2, 8, 16, 32, 64, 128, 256 }[random.Next(8)];
                return (EventAction)(main | (random.Next(3) != 0 ? 4 : 0));
        }
    }

    /// <summary>Message lengths around the 2048 limit more often than not.</summary>
    private static int MessageLength(Random random) => random.Next(10) switch
    {
        0 => AcknowledgeEventRequest.MaxMessageLength - 1,
        1 => AcknowledgeEventRequest.MaxMessageLength,
        2 => AcknowledgeEventRequest.MaxMessageLength + 1,
        3 => AcknowledgeEventRequest.MaxMessageLength * 3,
        4 => random.Next(AcknowledgeEventRequest.MaxMessageLength + 2),
        _ => 1 + random.Next(80),
    };

    /// <summary>The params object exactly as it must be sent.</summary>
    public JsonObject ExpectedParams()
    {
        var values = new JsonObject
        {
            ["eventids"] = EventIds.Count == 1 ? JsonValue.Create(EventIds[0]) : new JsonArray(EventIds.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()),
            ["action"] = (int)Action,
        };
        if (Message is not null)
        {
            values["message"] = Message;
        }

        if (Severity is { } severity)
        {
            values["severity"] = (int)severity;
        }

        if (SuppressUntil is { } until)
        {
            values["suppress_until"] = until.UnixTimeSeconds;
        }

        if (CauseEventId is not null)
        {
            values["cause_eventid"] = CauseEventId;
        }

        return values;
    }

    /// <summary>An id as the manual defines it: decimal digits of a positive unsigned 64-bit integer (at most 20 digits).</summary>
    public static bool IsPositiveId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 20 && id.All(c => c is >= '0' and <= '9')
        && BigInteger.Parse(id, CultureInfo.InvariantCulture) is var value && value > 0 && value <= ulong.MaxValue;

    /// <summary>The errors the spec predicts; <paramref name="withVersion"/> adds the server version's.</summary>
    public List<(string Path, string Rule)> ExpectedErrors(bool withVersion)
    {
        var errors = new List<(string, string)>();
        if (EventIds.Count == 0)
        {
            errors.Add(("eventids", ValidationRules.Required));
        }

        for (var i = 0; i < EventIds.Count; i++)
        {
            var path = EventIds.Count == 1 ? "eventids" : string.Create(CultureInfo.InvariantCulture, $"eventids[{i}]");
            if (!IsPositiveId(EventIds[i]) || EventIds.Take(i).Contains(EventIds[i], StringComparer.Ordinal))
            {
                errors.Add((path, ValidationRules.Format));
            }
        }

        var bits = (int)Action;
        if (bits == 0)
        {
            // Zabbix accepts action 0 and does nothing [seen 6.0.14, 7.0.22]: nothing to send.
            errors.Add(("action", ValidationRules.Required));
        }
        else if ((bits & ~AllBits) != 0)
        {
            errors.Add(("action", ValidationRules.Format));
        }

        foreach (var (a, b) in Exclusive)
        {
            if ((bits & a) != 0 && (bits & b) != 0)
            {
                errors.Add(("action", ValidationRules.Exclusive));
            }
        }

        if (withVersion && Server60)
        {
            errors.AddRange(NewerThan60.Where(bit => (bits & bit) != 0).Select(_ => ("action", ValidationRules.Version)));
        }

        if ((bits & 4) != 0)
        {
            if (string.IsNullOrEmpty(Message))
            {
                errors.Add(("message", ValidationRules.Required));
            }
            else if (Message.EnumerateRunes().Count() > AcknowledgeEventRequest.MaxMessageLength)
            {
                // Zabbix counts code points (PHP mb_strlen); an unpaired surrogate enumerates as one replacement rune.
                errors.Add(("message", ValidationRules.MaxLength));
            }
        }
        else if (Message is not null)
        {
            errors.Add(("message", ValidationRules.Unexpected));
        }

        if (Severity is { } severity && (int)severity is < 0 or > 5)
        {
            errors.Add(("severity", ValidationRules.Range));
        }

        Paired(errors, "severity", (bits & 8) != 0, Severity is not null);
        Paired(errors, "suppress_until", (bits & 32) != 0, SuppressUntil is not null);
        if ((bits & 32) != 0 && SuppressUntil is { } until && until.UnixTimeSeconds > MaxSuppressUntil)
        {
            errors.Add(("suppress_until", ValidationRules.Range));
        }

        if ((bits & 256) != 0)
        {
            if (string.IsNullOrEmpty(CauseEventId))
            {
                errors.Add(("cause_eventid", ValidationRules.Required));
            }
            else if (!IsPositiveId(CauseEventId) || EventIds.Contains(CauseEventId, StringComparer.Ordinal))
            {
                errors.Add(("cause_eventid", ValidationRules.Format));
            }
        }
        else if (CauseEventId is not null)
        {
            errors.Add(("cause_eventid", ValidationRules.Unexpected));
        }

        return errors;
    }

    private static void Paired(List<(string, string)> errors, string path, bool wanted, bool given)
    {
        if (wanted && !given)
        {
            errors.Add((path, ValidationRules.Required));
        }
        else if (!wanted && given)
        {
            errors.Add((path, ValidationRules.Unexpected));
        }
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"server {(Server60 ? "6.0" : "7.0")}, eventids [{string.Join(", ", EventIds.Take(6).Select(id => HostileText.Show(id, 40)))}{(EventIds.Count > 6 ? $", … {EventIds.Count} in all" : string.Empty)}], action {(int)Action}, message {HostileText.Show(Message, 200)}, severity {(Severity is { } s ? ((int)s).ToString(CultureInfo.InvariantCulture) : "null")}, suppress_until {SuppressUntil?.UnixTimeSeconds.ToString(CultureInfo.InvariantCulture) ?? "null"}, cause_eventid {HostileText.Show(CauseEventId, 40)}");
}
