using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentSdk.Coc;
using IncidentSdk.Testing;

namespace IncidentSdk.Cli;

/// <summary><c>incident coc tasks|history|act</c>: a ticket's v2 workflow through <see cref="IncidentClient"/>.</summary>
internal static class CocWorkflowCommands
{
    /// <summary>The ticket state in which the offline fake offers each v2 action (the fake's own choice of keys).</summary>
    private static readonly (string Action, FakeTicketState State)[] OfflineStates =
    [
        ("accepted", FakeTicketState.Triggered), ("rejected", FakeTicketState.Triggered), ("unAcceptedForward", FakeTicketState.Triggered),
        ("confirm", FakeTicketState.Solved),
        ("ReOpen", FakeTicketState.Rejected), ("agreed", FakeTicketState.Rejected),
    ];

    public static Command Tasks(CocConnection connection, CliContext context)
    {
        var ticket = TicketArgument();
        var command = new Command("tasks", "Show the actions a ticket offers now, with their task ids (GET /v2/incidents/{incident_id}/tasks)") { ticket };
        command.SetAction(connection.Read(
            (fake, parse, _) => EnsureTicket(fake, parse.GetValue(ticket)!, FakeTicketState.Triggered),
            async (parse, client, json, offline, cancellationToken) =>
            {
                var number = parse.GetValue(ticket)!;
                var tasks = await client.GetIncidentTasksAsync(number, cancellationToken).ConfigureAwait(false);
                if (json)
                {
                    JsonOutput.WriteSuccess(context.Out, "coc", offline, w =>
                    {
                        w.WriteString("incident_num", number);
                        w.WriteStartArray("tasks");
                        foreach (var task in tasks)
                        {
                            WriteTask(w, task);
                        }

                        w.WriteEndArray();
                    });
                    return;
                }

                var lines = 0;
                foreach (var task in tasks)
                {
                    var node = $"({task.Key ?? "-"}/{task.State ?? "-"})";
                    foreach (var operation in task.Operations)
                    {
                        context.Out.WriteLine($"{operation.TaskId}  {operation.Key}  {node}");
                        lines++;
                    }
                }

                if (lines == 0)
                {
                    // §6.6: COC creates a new ticket's tasks some seconds after the ticket.
                    context.Out.WriteLine($"Ticket {number} offers no action now; a new ticket's tasks appear some seconds after it is opened.");
                }
            }));
        return command;
    }

    public static Command History(CocConnection connection, CliContext context)
    {
        var ticket = TicketArgument();
        var command = new Command("history", "Show a ticket's history, at most 1,000 rows (POST /v2/incidents/{incident_id}/histories)") { ticket };
        command.SetAction(connection.Read(
            (fake, parse, _) => EnsureTicket(fake, parse.GetValue(ticket)!, FakeTicketState.Triggered),
            async (parse, client, json, offline, cancellationToken) =>
            {
                var number = parse.GetValue(ticket)!;
                var rows = await client.GetIncidentHistoryAsync(number, cancellationToken).ConfigureAwait(false);
                if (json)
                {
                    JsonOutput.WriteSuccess(context.Out, "coc", offline, w =>
                    {
                        w.WriteString("incident_num", number);
                        w.WriteStartArray("history");
                        foreach (var row in rows)
                        {
                            w.WriteStartObject();
                            w.WriteStringOrNull("start_time", CocReadCommands.Time(row.StartTime));
                            w.WriteStringOrNull("stop_time", CocReadCommands.Time(row.StopTime));
                            w.WriteStringOrNull("status", row.Status?.Value);
                            w.WriteStringOrNull("action", row.Action);
                            w.WriteStringOrNull("action_name_en", row.ActionNameEn);
                            w.WriteStringOrNull("action_name_zh", row.ActionNameZh);
                            w.WriteStringOrNull("operator", row.Operator);
                            w.WriteStringOrNull("comment", row.Comment);
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                    });
                    return;
                }

                foreach (var row in rows)
                {
                    context.Out.WriteLine(
                        $"{CocReadCommands.Time(row.StartTime) ?? "-"}  {row.Status?.Value ?? "-"}  {row.Action ?? "-"}  {row.Operator ?? "-"}  {ErrorReporter.OneLine(row.Comment ?? string.Empty)}".TrimEnd());
                }
            }));
        return command;
    }

    public static Command Act(CocConnection connection, CliContext context)
    {
        var ticket = TicketArgument();
        var action = new Argument<string>("action") { Description = "The action key as 'incident coc tasks' shows it, such as accepted, commitSolution1 or confirm; sent as given" };
        action.CompletionSources.Add("accepted", "rejected", "commitSolution1", "forwardOther1", "AddRemark", "incidentChangeLevel1", "incidentPause", "confirm", "ReOpen", "agreed");
        var taskId = new Option<string?>("--task-id") { Description = "The task id (task_id) to send [default: the one the ticket's tasks give for the action]", HelpName = "id" };
        var parameters = new Option<string[]>("--param")
        {
            Description = "A parameter (params): key=value, where true and false are sent as JSON booleans and anything else as a string, or key:=json for any JSON value; repeat for more",
            HelpName = "key=value",
        };
        parameters.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (CocCommands.ParseParameter(token.Value) is { Error: { } error })
                {
                    result.AddError(error);
                }
            }
        });
        var wait = new Option<int?>("--wait")
        {
            Description = "Without --task-id: how many seconds to wait (0 to 3600) for the ticket to offer the action, reading its tasks every 2 s (Coc:CreateReadBack:TaskPollInterval) [default: 0, read once]",
            HelpName = "seconds",
        };
        var command = new Command(
            "act",
            "Take an action on a ticket (POST /v2/incidents/{incident_id}/actions), with the task id its tasks give for the action unless --task-id is given; never sent twice")
        {
            ticket, action, taskId, parameters, wait,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(taskId) is { Implicit: false } && result.GetResult(wait) is { Implicit: false })
            {
                result.AddError("--wait applies only without --task-id, when the task id is read from the ticket's tasks.");
            }
        });
        command.SetAction(connection.Read(
            (fake, parse, _) => EnsureTicket(fake, parse.GetValue(ticket)!, OfflineState(parse.GetValue(action)!)),
            async (parse, client, json, offline, cancellationToken) =>
            {
                var number = parse.GetValue(ticket)!;
                var key = parse.GetValue(action)!;
                JsonObject? values = null;
                foreach (var given in parse.GetValue(parameters) ?? [])
                {
                    var (name, value, _) = CocCommands.ParseParameter(given);
                    values ??= [];
                    values[name!] = BooleanOrString(given, value);
                }

                var id = parse.GetValue(taskId);
                if (id is null)
                {
                    var seconds = parse.GetValue(wait) ?? 0;
                    try
                    {
                        id = (await client.WaitForIncidentActionAsync(number, key, TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false)).TaskId;
                    }
                    catch (TimeoutException ex)
                    {
                        throw new ActionNotOfferedException(ex.Message + $" Nothing was sent; see 'incident coc tasks {number}', or give --wait.", ex);
                    }
                }

                var request = new IncidentActionRequest(number, id, key) { Parameters = values };
                var result = await client.ExecuteIncidentActionAsync(request, cancellationToken).ConfigureAwait(false);
                if (json)
                {
                    JsonOutput.WriteSuccess(context.Out, "coc", offline, w =>
                    {
                        w.WriteString("incident_num", number);
                        w.WriteString("action", key);
                        w.WriteString("task_id", id);
                        w.WriteString("error_code", result.ErrorCode);
                        w.WriteStringOrNull("provider_code", result.ProviderCode);
                        w.WriteStringOrNull("request_id", result.RequestId);
                    });
                    return;
                }

                context.Out.WriteLine($"Took action {key} on ticket {number} (task {id}): {result.ErrorCode} (request id {result.RequestId ?? "none"}).");
            }));
        return command;
    }

    private static Argument<string> TicketArgument() => new("ticket") { Description = "The ticket number (incident_num), such as IM202403221515060171753781" };

    /// <summary><c>key=true</c> and <c>key=false</c> are JSON booleans; other <c>key=value</c> strings stay strings; <c>key:=json</c> is taken as parsed.</summary>
    private static JsonNode? BooleanOrString(string given, JsonNode? parsed)
    {
        var equals = given.IndexOf('=', StringComparison.Ordinal);
        if (given[equals - 1] == ':')
        {
            return parsed;
        }

        return given[(equals + 1)..] switch
        {
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ => parsed,
        };
    }

    private static FakeTicketState OfflineState(string action)
    {
        foreach (var (key, state) in OfflineStates)
        {
            if (string.Equals(key, action, StringComparison.Ordinal))
            {
                return state;
            }
        }

        // commitSolution1, forwardOther1, AddRemark and the other actions of a ticket being handled.
        return FakeTicketState.Accepted;
    }

    /// <summary>Offline, a ticket the fake lacks is added in <paramref name="state"/>, so the command can succeed.</summary>
    private static void EnsureTicket(FakeCocService fake, string number, FakeTicketState state)
    {
        if (number.Length > 0 && fake.GetTicket(number) is null)
        {
            fake.AddTicket(number, state);
        }
    }

    private static void WriteTask(Utf8JsonWriter w, IncidentTask task)
    {
        w.WriteStartObject();
        w.WriteStringOrNull("type", task.Type);
        w.WriteStringOrNull("key", task.Key);
        w.WriteStringOrNull("name", task.Name);
        w.WriteStringOrNull("state", task.State);
        w.WriteStartArray("operations");
        foreach (var operation in task.Operations)
        {
            w.WriteStartObject();
            w.WriteString("task_id", operation.TaskId);
            w.WriteString("key", operation.Key);
            w.WriteStringOrNull("name_en", operation.NameEn);
            w.WriteStringOrNull("name_zh", operation.NameZh);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
