using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.Cli;

/// <summary>The options every command accepts.</summary>
internal sealed class GlobalOptions
{
    public Option<bool> Offline { get; } = new("--offline")
    {
        Description = "Run against the in-memory fakes of IncidentSdk.Testing (seeded so the command can succeed); nothing is sent over the network and no credentials are needed",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the result (or the error) as one JSON object on stdout",
        Recursive = true,
    };

    public Option<string?> Config { get; } = new("--config")
    {
        Description = "A JSON file with \"Coc\" and \"Zabbix\" sections in the SDK's configuration keys [default: $INCIDENT_CONFIG, else ./incident.json when present]",
        HelpName = "file",
        Recursive = true,
    };
}

/// <summary>Builds and runs the <c>incident</c> command.</summary>
internal static class IncidentCli
{
    /// <summary>The root command's description, which <c>incident --help</c> shows.</summary>
    public const string Description =
        "Act on Huawei Cloud COC incident tickets and Zabbix problem events with IncidentSdk.\n\n"
        + "COC settings: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK (and optionally HUAWEICLOUD_SDK_PROJECT_ID, HUAWEICLOUD_SDK_DOMAIN_ID, HUAWEICLOUD_SDK_SECURITY_TOKEN), COC_REGION or COC_ENDPOINT.\n"
        + "Zabbix settings: ZABBIX_URL, and ZABBIX_TOKEN or ZABBIX_USER and ZABBIX_PASSWORD (optionally ZABBIX_SERVER_VERSION).\n"
        + "Options such as --region, --endpoint and --url override the environment, which overrides the --config file.\n"
        + "Errors are one line on stderr with the service's error code and request id when known.\n\n"
        + ExitCodes.HelpTable;

    /// <summary>Creates the command tree; its actions read and write through <paramref name="context"/>.</summary>
    public static RootCommand CreateRootCommand(CliContext context)
    {
        var global = new GlobalOptions();
        var root = new RootCommand(Description);
        root.Options.Add(global.Offline);
        root.Options.Add(global.Json);
        root.Options.Add(global.Config);
        root.Subcommands.Add(CocCommands.Create(context, global));
        root.Subcommands.Add(ZabbixCommands.Create(context, global));
        return root;
    }

    /// <summary>Parses and runs a command line, returning the process exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken = default)
    {
        var root = CreateRootCommand(context);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is ParseErrorAction)
        {
            // System.CommandLine reports one error per missing argument, each with the same text: say it once.
            var message = string.Join(" ", parseResult.Errors.Select(e => e.Message.TrimEnd()).Distinct(StringComparer.Ordinal))
                + $" See '{CommandPath(parseResult.CommandResult)} --help'.";
            var json = parseResult.GetResult(GlobalOptionOf(root, "--json")) is { Implicit: false };
            return ErrorReporter.Report(context, new CliUsageException(message), json);
        }

        var invocation = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = context.HandleProcessTermination ? TimeSpan.FromSeconds(2) : null,
        };
        return await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Wraps a command body: success is exit code 0, and any failure is reported and mapped to its exit code.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Action(CliContext context, GlobalOptions global, Func<ParseResult, bool, CancellationToken, Task> body) =>
        async (parseResult, cancellationToken) =>
        {
            var json = parseResult.GetValue(global.Json);
            try
            {
                await body(parseResult, json, cancellationToken).ConfigureAwait(false);
                return ExitCodes.Success;
            }
#pragma warning disable CA1031 // Every failure becomes an exit code and one line on stderr.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return ErrorReporter.Report(context, ex, json);
            }
        };

    private static Option GlobalOptionOf(RootCommand root, string name) => root.Options.First(o => o.Name == name);

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult command)
            {
                names.Add(command.Command is RootCommand ? "incident" : command.Command.Name);
            }
        }

        names.Reverse();
        return string.Join(" ", names);
    }
}
