// The Zabbix → COC bridge, a generic-host worker: every open Zabbix problem at or above a severity gets one COC
// ticket; the problem is acknowledged with a message citing the ticket; when the ticket is COMPLETED the problem is
// closed with a message. The problem's own messages are the bridge's only record, so it needs no database, and a
// ticket opened just before a crash is found again by its marker before any new one is opened.
//
// Configuration: appsettings.json, environment variables (Bridge__Creator=..., Coc__AccessKey=...) and the command
// line, in sections Bridge (see BridgeOptions), Coc and Zabbix (the SDK's keys). The services' own variables are
// mapped too: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID, HUAWEICLOUD_SDK_DOMAIN_ID,
// HUAWEICLOUD_SDK_SECURITY_TOKEN, COC_REGION, COC_ENDPOINT, ZABBIX_URL, ZABBIX_TOKEN, ZABBIX_USER, ZABBIX_PASSWORD.
// With no COC credentials and no Zabbix URL it runs its scripted scenario offline against in-process fakes and
// exits 0 only when every expectation holds.
using System;
using IncidentSdk;
using IncidentSdk.Samples.Bridge;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
// The services' own variables (HUAWEICLOUD_SDK_AK, ZABBIX_URL, ...) as the clients' keys, read by the SDK.
builder.Configuration.AddInMemoryCollection(ServiceEnvironment.ToConfiguration());
var cocConfigured = HasAny(builder.Configuration.GetSection("Coc"), "AccessKey", "SecretKey", "AuthToken");
var zabbixConfigured = HasAny(builder.Configuration.GetSection("Zabbix"), "Url");
if (!cocConfigured && !zabbixConfigured)
{
    Console.WriteLine("No COC credentials and no Zabbix URL configured: running the bridge's scenario offline.");
    using var scenario = new BridgeScenario();
    return await scenario.RunAsync(Console.Out) ? 0 : 1;
}

if (!cocConfigured || !zabbixConfigured)
{
    Console.Error.WriteLine("The bridge needs both services: set COC credentials (HUAWEICLOUD_SDK_AK/SK or Coc:AccessKey/SecretKey) and a Zabbix URL (ZABBIX_URL or Zabbix:Url), or neither to run the offline scenario.");
    return 2;
}

builder.Services.AddBridge(builder.Configuration);
builder.Services.AddHostedService<BridgeWorker>();
using var host = builder.Build();
try
{
    // Options are validated at start (ValidateOnStart): a bad or missing setting stops the worker with what to fix.
    await host.RunAsync();
    return 0;
}
catch (OptionsValidationException invalid)
{
    foreach (var failure in invalid.Failures)
    {
        Console.Error.WriteLine($"Settings not usable: {failure}");
    }

    return 2;
}

static bool HasAny(IConfiguration section, params string[] keys) => Array.Exists(keys, key => !string.IsNullOrWhiteSpace(section[key]));
