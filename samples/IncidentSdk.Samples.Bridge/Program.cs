// The COC ↔ Zabbix bridge: when a COC ticket is solved, record its solution in COC and acknowledge, annotate and
// close the Zabbix problems linked to it, with a message that cites the ticket. The job is idempotent: it reads
// what is already done first, so a second run (a retry, a cron overlap) changes nothing.
//
// Input comes from arguments or the environment (run with --help for the list). With no credentials this runs
// offline: the job runs twice against in-process fakes of both APIs, and the second run must change nothing.
// To run against the real services set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (and optionally
// HUAWEICLOUD_SDK_DOMAIN_ID, HUAWEICLOUD_SDK_PROJECT_ID, HUAWEICLOUD_SDK_SECURITY_TOKEN), COC_REGION or
// COC_ENDPOINT, ZABBIX_URL and ZABBIX_TOKEN (or ZABBIX_USER and ZABBIX_PASSWORD).
using System;
using System.Linq;
using IncidentSdk;
using IncidentSdk.Authentication;
using IncidentSdk.Coc;
using IncidentSdk.JsonRpc;
using IncidentSdk.Samples.Bridge;

static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

if (args is ["--help" or "-h"])
{
    Console.WriteLine(BridgeInput.Usage);
    return 0;
}

var cocConfigured = Env("HUAWEICLOUD_SDK_AK") is not null && Env("HUAWEICLOUD_SDK_SK") is not null;
var zabbixConfigured = Env("ZABBIX_URL") is not null;
if (cocConfigured != zabbixConfigured)
{
    Console.Error.WriteLine("The bridge needs both services: set HUAWEICLOUD_SDK_AK/SK and ZABBIX_URL, or neither to run offline.");
    return 2;
}

var input = BridgeInput.Read(args, Env, cocConfigured ? null : OfflineRun.Defaults, out var problem);
if (input is null)
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine(BridgeInput.Usage);
    return 2;
}

if (!cocConfigured)
{
    Console.WriteLine("No credentials set: running the job twice offline, against in-process fakes of COC and Zabbix.");
    return await OfflineRun.RunAsync(input);
}

var cocOptions = new IncidentClientOptions
{
    Region = Env("COC_REGION"),
    Endpoint = Env("COC_ENDPOINT") is { } endpoint ? new Uri(endpoint) : null,
    Credentials = new AkSkCredentials(Env("HUAWEICLOUD_SDK_AK")!, Env("HUAWEICLOUD_SDK_SK")!)
    {
        DomainId = Env("HUAWEICLOUD_SDK_DOMAIN_ID"),
        ProjectId = Env("HUAWEICLOUD_SDK_PROJECT_ID"),
        SecurityToken = Env("HUAWEICLOUD_SDK_SECURITY_TOKEN"),
    },
};
var zabbixOptions = new JsonRpcEventClientOptions
{
    Url = new Uri(Env("ZABBIX_URL")!),
    ApiToken = Env("ZABBIX_TOKEN"),
    Username = Env("ZABBIX_USER"),
    Password = Env("ZABBIX_PASSWORD"),
};
var settingProblems = cocOptions.Validate().Concat(zabbixOptions.Validate()).ToList();
if (settingProblems.Count > 0)
{
    settingProblems.ForEach(p => Console.Error.WriteLine($"Settings not usable: {p}"));
    return 2;
}

using var coc = new IncidentClient(cocOptions);
await using var zabbix = new JsonRpcEventClient(zabbixOptions);
Console.WriteLine($"Bridging COC ticket {input.IncidentNumber} at {coc.HandleUri} to Zabbix events {string.Join(", ", input.EventIds)} at {zabbix.ApiUrl}.");
try
{
    var result = await new BridgeJob(coc, zabbix, Console.Out).RunAsync(input);
    Console.WriteLine($"Done: {result}.");
    return result.EventsFailed == 0 ? 0 : 1;
}
catch (IncidentSdkException error)
{
    Console.Error.WriteLine($"The bridge stopped: {error.Message}");
    return 1;
}
