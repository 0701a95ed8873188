using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using IncidentSdk.Coc;
using IncidentSdk.Testing;

namespace IncidentSdk.Cli;

/// <summary><c>incident coc accept|solve|confirm|handle</c>: ticket actions through <see cref="IncidentClient"/>; the <c>coc</c> command itself.</summary>
internal static class CocCommands
{
    private static readonly (string Alias, IncidentCategory Category)[] CategoryAliases =
    [
        ("config", IncidentCategory.ConfigIssues),
        ("middleware", IncidentCategory.MiddlewareIssues),
        ("security", IncidentCategory.SecurityIssues),
        ("change", IncidentCategory.ChangeIssues),
    ];

    public static Command Create(CliContext context, GlobalOptions global)
    {
        var region = new Option<string?>("--region")
        {
            Description = $"The COC region ({string.Join(", ", CocRegions.Endpoints.Keys.OrderBy(k => k, StringComparer.Ordinal))}) [default: $COC_REGION]",
            Recursive = true,
        };
        region.CompletionSources.Add(CocRegions.Endpoints.Keys.ToArray());
        var endpoint = new Option<Uri?>("--endpoint")
        {
            CustomParser = ParseUri(global.Offline),
            Description = "The COC endpoint, such as https://coc.myhuaweicloud.com; wins over --region [default: $COC_ENDPOINT]",
            Recursive = true,
        };

        var coc = new Command("coc", "Act on a Huawei Cloud COC incident ticket (POST /v1/external/incident/handle or the v2 actions), open one, or show and list tickets, their tasks and history");
        coc.Options.Add(region);
        coc.Options.Add(endpoint);
        var connection = new CocConnection(context, global, region, endpoint);
        coc.Subcommands.Add(Accept(connection));
        coc.Subcommands.Add(Solve(connection));
        coc.Subcommands.Add(Confirm(connection));
        coc.Subcommands.Add(Handle(connection));
        coc.Subcommands.Add(CocReadCommands.Show(connection, context));
        coc.Subcommands.Add(CocReadCommands.List(connection, context));
        coc.Subcommands.Add(CocCreateCommand.Create(connection, context));
        coc.Subcommands.Add(CocWorkflowCommands.Tasks(connection, context));
        coc.Subcommands.Add(CocWorkflowCommands.History(connection, context));
        coc.Subcommands.Add(CocWorkflowCommands.Act(connection, context));
        return coc;
    }

    private static Argument<string> TicketArgument() => new("ticket") { Description = "The ticket number (incident_num), such as IM202403221515060171753781" };

    private static Argument<string> OperatorArgument() => new("operator") { Description = "The operating user's id (operator)" };

    private static Command Accept(CocConnection connection)
    {
        var ticket = TicketArgument();
        var @operator = OperatorArgument();
        var command = new Command("accept", "Accept a ticket (acceptedIncident1)") { ticket, @operator };
        command.SetAction(connection.Action(
            parse => new HandleIncidentRequest(parse.GetValue(ticket)!, parse.GetValue(@operator)!, OperateKey.AcceptedIncident),
            FakeTicketState.Triggered,
            (request, _) => $"Accepted ticket {request.IncidentNumber}"));
        return command;
    }

    private static Command Solve(CocConnection connection)
    {
        var ticket = TicketArgument();
        var @operator = OperatorArgument();
        var category = new Option<string>("--category")
        {
            Description = "The incident category (mtm_type): config, middleware, security, change, or any category id such as inc_type_p_config_issues",
            HelpName = "mtm_type",
            Required = true,
        };
        category.CompletionSources.Add(CategoryAliases.Select(a => a.Alias).ToArray());
        var interrupted = new Option<bool?>("--interrupted")
        {
            Description = "Whether the service was interrupted (is_service_interrupt): true or false; with true, COC may also expect --start-time and --recovery-time",
            HelpName = "true|false",
            Required = true,
            Arity = ArgumentArity.ExactlyOne,
        };
        var cause = new Option<string>("--cause") { Description = "The cause (cause), at most 10000 characters", Required = true };
        var solution = new Option<string>("--solution") { Description = "The solution (solution), at most 10000 characters", Required = true };
        var startTime = new Option<long?>("--start-time") { Description = "When the fault started (start_time), as the integer timestamp COC expects; sent as given", HelpName = "timestamp" };
        var recoveryTime = new Option<long?>("--recovery-time") { Description = "When the service recovered (fault_recovery_time), in the unit of --start-time; sent as given", HelpName = "timestamp" };
        var command = new Command("solve", "Submit a ticket's solution (commitSolution1)") { ticket, @operator, category, interrupted, cause, solution, startTime, recoveryTime };
        command.SetAction(connection.Action(
            parse => new HandleIncidentRequest(
                parse.GetValue(ticket)!,
                parse.GetValue(@operator)!,
                OperateKey.CommitSolution,
                new SolutionParameter(ParseCategory(parse.GetValue(category)!), parse.GetValue(interrupted)!.Value, parse.GetValue(cause)!, parse.GetValue(solution)!)
                {
                    StartTime = parse.GetValue(startTime),
                    FaultRecoveryTime = parse.GetValue(recoveryTime),
                }),
            FakeTicketState.Accepted,
            (request, _) => $"Submitted the solution of ticket {request.IncidentNumber}"));
        return command;
    }

    private static Command Confirm(CocConnection connection)
    {
        var ticket = TicketArgument();
        var @operator = OperatorArgument();
        var confirmed = new Option<bool?>("--confirmed")
        {
            Description = "Whether the fix is confirmed (virtual_confirm_result): true or false",
            HelpName = "true|false",
            Required = true,
            Arity = ArgumentArity.ExactlyOne,
        };
        var comment = new Option<string>("--comment") { Description = "The explanation (virtual_confirm_comment), at most 300 characters", Required = true };
        var command = new Command("confirm", "Verify a ticket's handling result (confirm)") { ticket, @operator, confirmed, comment };
        command.SetAction(connection.Action(
            parse => new HandleIncidentRequest(parse.GetValue(ticket)!, parse.GetValue(@operator)!, OperateKey.Confirm, new VerificationParameter(parse.GetValue(confirmed)!.Value, parse.GetValue(comment)!)),
            FakeTicketState.Solved,
            (request, _) => ((VerificationParameter)request.Parameter!).Confirmed
                ? $"Confirmed the result of ticket {request.IncidentNumber}"
                : $"Rejected the result of ticket {request.IncidentNumber}"));
        return command;
    }

    private static Command Handle(CocConnection connection)
    {
        var ticket = TicketArgument();
        var @operator = OperatorArgument();
        var key = new Option<string>("--key")
        {
            Description = "The action (operate_key), such as forwardOther1, incidentPause, agreed, rejected, incidentChangeLevel1, ReOpen; sent as given",
            HelpName = "operate_key",
            Required = true,
        };
        key.CompletionSources.Add("acceptedIncident1", "commitSolution1", "confirm", "forwardOther1", "incidentPause", "agreed", "rejected", "incidentChangeLevel1", "ReOpen");
        var parameters = new Option<string[]>("--param")
        {
            Description = "A parameter key and string value (key=value), or a JSON value (key:=json, such as count:=3 or flag:=true); repeat for more",
            HelpName = "key=value",
        };
        parameters.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (ParseParameter(token.Value) is { Error: { } error })
                {
                    result.AddError(error);
                }
            }
        });
        var command = new Command("handle", "Take any action on a ticket, documented or not, with a free-form parameter object") { ticket, @operator, key, parameters };
        command.SetAction(connection.Action(
            parse =>
            {
                var values = parse.GetValue(parameters) ?? [];
                RawIncidentParameter? parameter = null;
                if (values.Length > 0)
                {
                    parameter = new RawIncidentParameter();
                    foreach (var value in values)
                    {
                        var (name, node, _) = ParseParameter(value);
                        parameter[name!] = node;
                    }
                }

                return new HandleIncidentRequest(parse.GetValue(ticket)!, parse.GetValue(@operator)!, new OperateKey(parse.GetValue(key)!), parameter);
            },
            null,
            (request, _) => $"Applied {request.OperateKey} to ticket {request.IncidentNumber}"));
        return command;
    }

    /// <summary>
    /// A parser for an absolute http(s) URI (System.CommandLine has no converter for <see cref="Uri"/>). With
    /// <paramref name="offline"/> set the value is not used, so it is not checked either.
    /// </summary>
    internal static Func<ArgumentResult, Uri?> ParseUri(Option<bool> offline) => result =>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return uri;
        }

        if (!result.GetValue(offline))
        {
            result.AddError($"'{text}' is not an absolute http(s) URL.");
        }

        return null;
    };

    /// <summary>Maps a short category name to its id; any other value is sent as given.</summary>
    internal static IncidentCategory ParseCategory(string value)
    {
        foreach (var (alias, category) in CategoryAliases)
        {
            if (string.Equals(alias, value, StringComparison.OrdinalIgnoreCase))
            {
                return category;
            }
        }

        return new IncidentCategory(value);
    }

    /// <summary>Parses <c>key=value</c> (a string) or <c>key:=json</c> (any JSON value).</summary>
    internal static (string? Name, JsonNode? Value, string? Error) ParseParameter(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || (equals == 1 && text[0] == ':'))
        {
            return (null, null, $"--param '{text}' is not key=value or key:=json.");
        }

        if (text[equals - 1] != ':')
        {
            return (text[..equals], JsonValue.Create(text[(equals + 1)..]), null);
        }

        var name = text[..(equals - 1)];
        try
        {
            return (name, JsonNode.Parse(text[(equals + 1)..]), null);
        }
        catch (JsonException ex)
        {
            return (null, null, $"--param '{name}:=' is not followed by valid JSON: {ex.Message}");
        }
    }
}
