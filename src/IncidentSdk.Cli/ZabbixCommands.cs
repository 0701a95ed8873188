using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Threading.Tasks;
using IncidentSdk.JsonRpc;

namespace IncidentSdk.Cli;

/// <summary><c>incident zabbix ack|unack|close|severity|suppress|unsuppress|message|version|problems</c>: event updates through <see cref="JsonRpcEventClient"/>.</summary>
internal static class ZabbixCommands
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var url = new Option<Uri?>("--url")
        {
            CustomParser = CocCommands.ParseUri(global.Offline),
            Description = "The Zabbix API URL (.../api_jsonrpc.php) or frontend URL [default: $ZABBIX_URL]",
            Recursive = true,
        };
        var serverVersion = new Option<string?>("--server-version")
        {
            Description = "The server's version, such as 7.0.22, to skip asking apiinfo.version [default: $ZABBIX_SERVER_VERSION]",
            HelpName = "version",
            Recursive = true,
        };

        var zabbix = new Command("zabbix", "Update Zabbix problem events (event.acknowledge) and list problems (problem.get), over JSON-RPC 2.0");
        zabbix.Options.Add(url);
        zabbix.Options.Add(serverVersion);
        var connection = new ZabbixConnection(context, global, url, serverVersion);

        zabbix.Subcommands.Add(Update(connection, "ack", "Acknowledge events, optionally adding a message", "Acknowledged", (ids, message, _) => AcknowledgeEventRequest.Acknowledge(ids, message)));
        zabbix.Subcommands.Add(Update(connection, "unack", "Remove the acknowledgement of events (Zabbix 6.0+), optionally adding a message", "Unacknowledged", (ids, message, _) => AcknowledgeEventRequest.Unacknowledge(ids, message)));
        zabbix.Subcommands.Add(Update(connection, "close", "Close problems (the trigger must allow manual close), optionally adding a message", "Closed", (ids, message, _) => AcknowledgeEventRequest.Close(ids, message)));
        zabbix.Subcommands.Add(Severity(connection));
        zabbix.Subcommands.Add(Suppress(connection));
        zabbix.Subcommands.Add(Update(connection, "unsuppress", "End the suppression of events (Zabbix 6.2+), optionally adding a message", "Unsuppressed", (ids, message, _) => AcknowledgeEventRequest.Unsuppress(ids, message)));
        zabbix.Subcommands.Add(Message(connection));
        zabbix.Subcommands.Add(Version(connection));
        zabbix.Subcommands.Add(ZabbixProblemsCommand.Create(connection));
        return zabbix;
    }

    private static Argument<string[]> EventIdsArgument() => new("event-ids")
    {
        Description = "The ids of the events to update (one or more)",
        Arity = ArgumentArity.OneOrMore,
    };

    private static Option<string?> MessageOption(bool required) => new("--message", "-m")
    {
        Description = required ? "The message to add, 1 to 2048 characters" : "A message to add (1 to 2048 characters)",
        Required = required,
    };

    private static Command Update(ZabbixConnection connection, string name, string description, string verb, Func<IReadOnlyList<string>, string?, ParseResult, AcknowledgeEventRequest> build, params Option[] extra)
    {
        var ids = EventIdsArgument();
        var message = MessageOption(required: false);
        var command = new Command(name, description) { ids, message };
        foreach (var option in extra)
        {
            command.Options.Add(option);
        }

        command.SetAction(connection.Acknowledge(parse => build(parse.GetValue(ids)!, parse.GetValue(message), parse), (_, updated) => $"{verb} {Describe(updated)}"));
        return command;
    }

    private static Command Severity(ZabbixConnection connection)
    {
        var severity = new Option<EventSeverity>("--severity")
        {
            Description = "The new severity: not-classified, information, warning, average, high, disaster, or 0-5",
            HelpName = "severity",
            Required = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (ParseSeverity(text) is { } value)
                {
                    return value;
                }

                result.AddError($"'{text}' is not a severity: use not-classified, information, warning, average, high, disaster, or 0-5.");
                return default;
            },
        };
        severity.CompletionSources.Add("not-classified", "information", "warning", "average", "high", "disaster");
        return Update(
            connection,
            "severity",
            "Change the severity of events, optionally adding a message",
            "Changed the severity of",
            (ids, message, parse) => AcknowledgeEventRequest.ChangeSeverity(ids, parse.GetValue(severity), message),
            severity);
    }

    private static Command Suppress(ZabbixConnection connection)
    {
        var until = new Option<SuppressUntil>("--until")
        {
            Description = "When the suppression ends: an ISO 8601 time (2026-01-31T18:00:00Z; without an offset it is UTC), a duration from now (90m, 2h, 1d), or 'indefinitely'",
            HelpName = "time|duration|indefinitely",
            Required = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (ParseUntil(text, connection.Context.TimeProvider.GetUtcNow(), out var value, out var error))
                {
                    return value;
                }

                result.AddError(error);
                return default;
            },
        };
        return Update(
            connection,
            "suppress",
            "Suppress events until a time or indefinitely (Zabbix 6.2+), optionally adding a message",
            "Suppressed",
            (ids, message, parse) => AcknowledgeEventRequest.Suppress(ids, parse.GetValue(until), message),
            until);
    }

    private static Command Message(ZabbixConnection connection)
    {
        var ids = EventIdsArgument();
        var message = MessageOption(required: true);
        var command = new Command("message", "Add a message to events") { ids, message };
        command.SetAction(connection.Acknowledge(parse => AcknowledgeEventRequest.AddMessage(parse.GetValue(ids)!, parse.GetValue(message)!), (_, updated) => $"Added the message to {Describe(updated)}"));
        return command;
    }

    private static Command Version(ZabbixConnection connection)
    {
        var command = new Command("version", "Print the Zabbix API version (apiinfo.version; needs only the URL)");
        command.SetAction(connection.Version());
        return command;
    }

    private static string Describe(IReadOnlyList<string> ids) => (ids.Count == 1 ? "event " : "events ") + string.Join(", ", ids);

    /// <summary>Parses a severity name (case-insensitive, with or without dashes) or its number 0-5.</summary>
    internal static EventSeverity? ParseSeverity(string text) => text.Trim().ToUpperInvariant() switch
    {
        "0" or "NOT-CLASSIFIED" or "NOTCLASSIFIED" or "NOT_CLASSIFIED" => EventSeverity.NotClassified,
        "1" or "INFORMATION" or "INFO" => EventSeverity.Information,
        "2" or "WARNING" => EventSeverity.Warning,
        "3" or "AVERAGE" => EventSeverity.Average,
        "4" or "HIGH" => EventSeverity.High,
        "5" or "DISASTER" => EventSeverity.Disaster,
        _ => null,
    };

    /// <summary>Parses <c>indefinitely</c>, an ISO 8601 time (UTC when it has no offset) or a duration such as <c>90m</c>, <c>2h</c>, <c>1d</c>.</summary>
    internal static bool ParseUntil(string text, DateTimeOffset now, out SuppressUntil value, out string error)
    {
        value = SuppressUntil.Indefinitely;
        error = string.Empty;
        text = text.Trim();
        if (string.Equals(text, "indefinitely", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        DateTimeOffset time;
        if (text.Length >= 2 && char.IsAsciiDigit(text[0]) && text[^1] is 's' or 'm' or 'h' or 'd'
            && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            var unit = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                _ => TimeSpan.FromDays(1),
            };
            if (amount <= 0 || amount > TimeSpan.FromDays(36500).Ticks / unit.Ticks)
            {
                error = $"'{text}' is not a duration between 1 second and 100 years.";
                return false;
            }

            time = now + (unit * amount);
        }
        else if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time))
        {
            error = $"'{text}' is not a time: use an ISO 8601 time such as 2026-01-31T18:00:00Z, a duration such as 2h, or 'indefinitely'.";
            return false;
        }

        if (time <= DateTimeOffset.UnixEpoch)
        {
            error = $"'{text}' is not after 1970-01-01.";
            return false;
        }

        value = SuppressUntil.At(time);
        return true;
    }
}
