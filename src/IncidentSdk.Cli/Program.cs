// The `incident` command: COC ticket actions and Zabbix event updates from the shell. See `incident --help`.
using IncidentSdk.Cli;

return await IncidentCli.RunAsync(args, CliContext.ForProcess()).ConfigureAwait(false);
