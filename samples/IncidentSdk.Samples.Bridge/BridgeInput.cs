using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using IncidentSdk.Coc;
using IncidentSdk.JsonRpc;

namespace IncidentSdk.Samples.Bridge;

/// <summary>What the bridge job needs: the COC ticket and its solution, and the Zabbix problems it resolves.</summary>
internal sealed record BridgeInput(
    string IncidentNumber,
    string Operator,
    IncidentCategory Category,
    string Cause,
    string Solution,
    bool IsServiceInterrupted,
    long? StartTime,
    long? FaultRecoveryTime,
    IReadOnlyList<string> EventIds)
{
    public const string Usage = """
        Options (each also read from the environment variable in brackets):
          --ticket <IM...>          COC ticket number             [COC_INCIDENT_NUM]
          --operator <id>           COC operator id               [COC_OPERATOR]
          --category <mtm_type>     incident category             [BRIDGE_CATEGORY]   e.g. inc_type_p_config_issues
          --cause <text>            root cause                    [BRIDGE_CAUSE]
          --solution <text>         what fixed it                 [BRIDGE_SOLUTION]
          --interrupted <bool>      was the service interrupted   [BRIDGE_INTERRUPTED] default false
          --start-time <n>          interruption start, as COC expects it    [BRIDGE_START_TIME]
          --recovery-time <n>       interruption end, as COC expects it      [BRIDGE_RECOVERY_TIME]
          --event-ids <id,id,...>   linked Zabbix problem events  [ZABBIX_EVENT_IDS]
        """;

    private static readonly Dictionary<string, string> Variables = new(StringComparer.Ordinal)
    {
        ["ticket"] = "COC_INCIDENT_NUM",
        ["operator"] = "COC_OPERATOR",
        ["category"] = "BRIDGE_CATEGORY",
        ["cause"] = "BRIDGE_CAUSE",
        ["solution"] = "BRIDGE_SOLUTION",
        ["interrupted"] = "BRIDGE_INTERRUPTED",
        ["start-time"] = "BRIDGE_START_TIME",
        ["recovery-time"] = "BRIDGE_RECOVERY_TIME",
        ["event-ids"] = "ZABBIX_EVENT_IDS",
    };

    /// <summary>The message the Zabbix problems get: it cites the ticket, so a second run can recognise it.</summary>
    public string ZabbixMessage
    {
        get
        {
            // Zabbix counts characters (code points), so the cut counts them too and never splits a surrogate pair.
            var text = $"Resolved by COC ticket {IncidentNumber}: {Solution}";
            var characters = 0;
            var end = 0;
            foreach (var rune in text.EnumerateRunes())
            {
                if (++characters == AcknowledgeEventRequest.MaxMessageLength)
                {
                    return end + rune.Utf16SequenceLength >= text.Length ? text : text[..end] + "…";
                }

                end += rune.Utf16SequenceLength;
            }

            return text;
        }
    }

    /// <summary>The COC solution parameter.</summary>
    public SolutionParameter ToSolution() => new(Category, IsServiceInterrupted, Cause, Solution)
    {
        StartTime = StartTime,
        FaultRecoveryTime = FaultRecoveryTime,
    };

    /// <summary>Reads the input from <c>--name value</c> arguments, then the environment, then <paramref name="defaults"/> (offline only).</summary>
    public static BridgeInput? Read(string[] args, Func<string, string?> environment, IReadOnlyDictionary<string, string>? defaults, out string? problem)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var argument = args[i];
            var name = argument.StartsWith("--", StringComparison.Ordinal) ? argument[2..] : null;
            string? value = null;
            if (name?.IndexOf('=', StringComparison.Ordinal) is int equals and >= 0)
            {
                (name, value) = (name[..equals], name[(equals + 1)..]);
            }
            else if (i + 1 < args.Length)
            {
                value = args[++i];
            }

            if (name is null || !Variables.ContainsKey(name) || value is null)
            {
                problem = $"Unexpected argument '{argument}'.";
                return null;
            }

            values[name] = value;
        }

        var missing = new List<string>();
        string? Optional(string name) => values.GetValueOrDefault(name) ?? environment(Variables[name]);
        string Get(string name)
        {
            if ((Optional(name) ?? defaults?.GetValueOrDefault(name)) is { } value)
            {
                return value;
            }

            missing.Add($"--{name} ({Variables[name]})");
            return string.Empty;
        }

        long? Number(string name)
        {
            if (Optional(name) is not { } text)
            {
                return null;
            }

            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            missing.Add($"--{name} as a whole number");
            return null;
        }

        var interruptedText = Optional("interrupted") ?? "false";
        if (!bool.TryParse(interruptedText, out var interrupted))
        {
            missing.Add("--interrupted as true or false");
        }

        var input = new BridgeInput(
            Get("ticket"),
            Get("operator"),
            new IncidentCategory(Get("category")),
            Get("cause"),
            Get("solution"),
            interrupted,
            Number("start-time"),
            Number("recovery-time"),
            Optional("event-ids")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? []);
        if (defaults is null && input.EventIds.Count == 0)
        {
            missing.Add("--event-ids (ZABBIX_EVENT_IDS)");
        }
        else if (input.EventIds.Any(id => !ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number == 0))
        {
            missing.Add("--event-ids as positive whole numbers");
        }

        problem = missing.Count == 0 ? null : "Missing or invalid input: " + string.Join(", ", missing) + ".";
        return problem is null ? input : null;
    }
}
