using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using IncidentSdk.Coc;
using IncidentSdk.Testing;

namespace IncidentSdk.Cli;

/// <summary><c>incident coc show|list</c>: ticket reads through <see cref="IncidentClient"/>.</summary>
internal static class CocReadCommands
{
    private static readonly (string Alias, IncidentStatus Status)[] StatusAliases =
    [
        ("draft", IncidentStatus.Draft),
        ("triggered", IncidentStatus.Triggered),
        ("acknowledged", IncidentStatus.Acknowledged),
        ("rejected", IncidentStatus.Rejected),
        ("resolved", IncidentStatus.Resolved),
        ("completed", IncidentStatus.Completed),
    ];

    private static readonly (string Alias, IncidentLevel Level)[] LevelAliases =
    [
        ("P1", IncidentLevel.P1), ("P2", IncidentLevel.P2), ("P3", IncidentLevel.P3), ("P4", IncidentLevel.P4), ("P5", IncidentLevel.P5),
    ];

    public static Command Show(CocConnection connection, CliContext context)
    {
        var ticket = new Argument<string>("ticket") { Description = "The ticket number (incident_num), such as IM202403221515060171753781" };
        var command = new Command("show", "Show one ticket (GET /v1/external/incident/{incident_num})") { ticket };
        command.SetAction(connection.Read(
            (fake, parse, _) =>
            {
                var number = parse.GetValue(ticket)!;
                if (number.Length > 0 && fake.GetTicket(number) is null)
                {
                    fake.AddTicket(number);
                }
            },
            async (parse, client, json, offline, cancellationToken) =>
            {
                var found = await client.GetIncidentAsync(parse.GetValue(ticket)!, cancellationToken).ConfigureAwait(false);
                if (json)
                {
                    JsonOutput.WriteSuccess(context.Out, "coc", offline, w =>
                    {
                        w.WritePropertyName("ticket");
                        WriteTicket(w, found);
                    });
                    return;
                }

                context.Out.WriteLine($"{found.Number}  {found.Title}");
                Line(context, "status", found.Status?.Value);
                Line(context, "level", found.Level?.Value);
                Line(context, "category", found.Category?.Value);
                Line(context, "source", found.Source);
                Line(context, "interrupted", found.IsServiceInterrupted is { } interrupted ? (interrupted ? "yes" : "no") : null);
                Line(context, "creator", found.Creator);
                Line(context, "assignees", found.Assignees.Count > 0 ? string.Join(", ", found.Assignees) : null);
                Line(context, "created", Time(found.CreateTime));
                Line(context, "started", Time(found.StartTime));
                Line(context, "handled", Time(found.HandleTime));
                Line(context, "description", found.Description);
            }));
        return command;
    }

    public static Command List(CocConnection connection, CliContext context)
    {
        var status = new Option<string[]>("--status") { Description = "Only tickets in this status: draft, triggered, acknowledged, rejected, resolved, completed, or a status key; repeat for more", HelpName = "status" };
        status.CompletionSources.Add(StatusAliases.Select(a => a.Alias).ToArray());
        var level = new Option<string[]>("--level") { Description = "Only tickets of this level: P1..P5 or a level key such as level_10; repeat for more", HelpName = "level" };
        var title = new Option<string?>("--title") { Description = "Only tickets whose title contains this text" };
        var after = new Option<DateTimeOffset?>("--created-after") { Description = "Only tickets created at or after this time (ISO 8601, UTC unless it has an offset)", HelpName = "time", CustomParser = ParseTime };
        var before = new Option<DateTimeOffset?>("--created-before") { Description = "Only tickets created at or before this time (ISO 8601)", HelpName = "time", CustomParser = ParseTime };
        var filter = new Option<string[]>("--filter") { Description = "Any filter as field:operator:value[,value...], such as source_id:=:incident_source_alarm; repeat for more", HelpName = "field:op:values" };
        filter.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (ParseFilter(token.Value) is null)
                {
                    result.AddError($"--filter '{token.Value}' is not field:operator:value[,value...].");
                }
            }
        });
        var sort = new Option<string?>("--sort") { Description = "Order by a field, newest or largest first unless ':asc' follows, such as create_time or create_time:asc", HelpName = "field[:asc|desc]" };
        var pageSize = new Option<int>("--page-size") { Description = "Tickets per request (per_page), 1 to 200", DefaultValueFactory = _ => ListIncidentsRequest.DefaultPageSize };
        var limit = new Option<int>("--limit") { Description = "Stop after this many tickets; 0 for no limit", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--limit must not be negative.");
            }
        });
        var command = new Command("list", "List tickets (POST /v2/incidents/list), reading page after page") { status, level, title, after, before, filter, sort, pageSize, limit };
        command.SetAction(connection.Read(
            (fake, _, fresh) => Seed(fake, fresh, context.TimeProvider.GetUtcNow()),
            async (parse, client, json, offline, cancellationToken) =>
            {
                var request = new ListIncidentsRequest { PageSize = parse.GetValue(pageSize) };
                if (parse.GetValue(status) is { Length: > 0 } statuses)
                {
                    request.StringFilters.Add(IncidentFilter.In("work_flow_status", statuses.Select(s => ParseStatus(s).Value!)));
                }

                if (parse.GetValue(level) is { Length: > 0 } levels)
                {
                    request.StringFilters.Add(IncidentFilter.In("level_id", levels.Select(l => ParseLevel(l).Value!)));
                }

                if (parse.GetValue(title) is { } text)
                {
                    request.StringFilters.Add(new IncidentFilter("title", FilterOperator.Like, [text]));
                }

                if (parse.GetValue(after) is { } from)
                {
                    request.StringFilters.Add(IncidentFilter.AtOrAfter("create_time", from));
                }

                if (parse.GetValue(before) is { } to)
                {
                    request.StringFilters.Add(IncidentFilter.AtOrBefore("create_time", to));
                }

                foreach (var given in parse.GetValue(filter) ?? [])
                {
                    request.StringFilters.Add(ParseFilter(given)!);
                }

                if (parse.GetValue(sort) is { Length: > 0 } order)
                {
                    var parts = order.Split(':');
                    request.Sort = new IncidentSort(parts[0], descending: parts.Length < 2 || !string.Equals(parts[1], "asc", StringComparison.OrdinalIgnoreCase));
                }

                var max = parse.GetValue(limit);
                var tickets = new List<IncidentTicket>();
                await foreach (var ticket in client.ListIncidentsAsync(request, cancellationToken).ConfigureAwait(false))
                {
                    tickets.Add(ticket);
                    if (max > 0 && tickets.Count >= max)
                    {
                        break;
                    }
                }

                if (json)
                {
                    JsonOutput.WriteSuccess(context.Out, "coc", offline, w =>
                    {
                        w.WriteNumber("count", tickets.Count);
                        w.WriteStartArray("tickets");
                        foreach (var ticket in tickets)
                        {
                            WriteTicket(w, ticket);
                        }

                        w.WriteEndArray();
                    });
                    return;
                }

                foreach (var ticket in tickets)
                {
                    context.Out.WriteLine($"{ticket.Number}  {ticket.Status?.Value ?? "-"}  {ticket.Level?.Value ?? "-"}  {Time(ticket.CreateTime) ?? "-"}  {ticket.Title}");
                }

                context.Out.WriteLine(tickets.Count == 1 ? "1 ticket." : $"{tickets.Count} tickets.");
            }));
        return command;
    }

    /// <summary>A new offline fake gets three tickets, one per state before confirmation, so a listing shows something.</summary>
    private static void Seed(FakeCocService fake, bool fresh, DateTimeOffset now)
    {
        if (!fresh)
        {
            return;
        }

        fake.AddTicket(new FakeTicket("IM202601010000000000000001") { Title = "Database connections exhausted", Level = "level_10", CreateTime = now.AddHours(-3) });
        fake.AddTicket(new FakeTicket("IM202601010000000000000002") { Title = "Disk usage above 90%", Level = "level_30", State = FakeTicketState.Accepted, CreateTime = now.AddHours(-2) });
        fake.AddTicket(new FakeTicket("IM202601010000000000000003") { Title = "Certificate expires soon", Level = "level_50", State = FakeTicketState.Solved, CreateTime = now.AddHours(-1) });
    }

    internal static IncidentStatus ParseStatus(string value)
    {
        foreach (var (alias, status) in StatusAliases)
        {
            if (string.Equals(alias, value, StringComparison.OrdinalIgnoreCase))
            {
                return status;
            }
        }

        return new IncidentStatus(value);
    }

    internal static IncidentLevel ParseLevel(string value)
    {
        foreach (var (alias, level) in LevelAliases)
        {
            if (string.Equals(alias, value, StringComparison.OrdinalIgnoreCase))
            {
                return level;
            }
        }

        return new IncidentLevel(value);
    }

    /// <summary>Parses <c>field:operator:value[,value...]</c>; the operator may not contain ':'.</summary>
    internal static IncidentFilter? ParseFilter(string text)
    {
        var first = text.IndexOf(':', StringComparison.Ordinal);
        var second = first < 0 ? -1 : text.IndexOf(':', first + 1);
        if (first <= 0 || second <= first + 1)
        {
            return null;
        }

        return new IncidentFilter(text[..first], text[(first + 1)..second], text[(second + 1)..].Split(','));
    }

    internal static DateTimeOffset? ParseTime(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        result.AddError($"'{text}' is not an ISO 8601 time such as 2026-03-01T08:00:00Z.");
        return null;
    }

    private static void Line(CliContext context, string name, string? value)
    {
        if (value is not null)
        {
            context.Out.WriteLine($"  {name + ":",-13}{value}");
        }
    }

    internal static string? Time(DateTimeOffset? time) => time?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteTicket(Utf8JsonWriter w, IncidentTicket ticket)
    {
        w.WriteStartObject();
        w.WriteString("incident_num", ticket.Number);
        w.WriteStringOrNull("title", ticket.Title);
        w.WriteStringOrNull("description", ticket.Description);
        w.WriteStringOrNull("status", ticket.Status?.Value);
        w.WriteStringOrNull("level", ticket.Level?.Value);
        w.WriteStringOrNull("category", ticket.Category?.Value);
        w.WriteStringOrNull("source", ticket.Source);
        if (ticket.IsServiceInterrupted is { } interrupted)
        {
            w.WriteBoolean("is_service_interrupt", interrupted);
        }
        else
        {
            w.WriteNull("is_service_interrupt");
        }

        w.WriteStringOrNull("creator", ticket.Creator);
        w.WriteStartArray("assignees");
        foreach (var assignee in ticket.Assignees)
        {
            w.WriteStringValue(assignee);
        }

        w.WriteEndArray();
        w.WriteStringOrNull("create_time", Time(ticket.CreateTime));
        w.WriteStringOrNull("update_time", Time(ticket.UpdateTime));
        w.WriteStringOrNull("start_time", Time(ticket.StartTime));
        w.WriteStringOrNull("handle_time", Time(ticket.HandleTime));
        w.WriteEndObject();
    }
}
