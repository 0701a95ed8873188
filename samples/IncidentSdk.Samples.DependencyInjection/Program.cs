// Register IncidentClient and JsonRpcEventClient in a generic host, configured from appsettings.json, user secrets,
// environment variables and the command line, with the SDK's logs on the console.
//
// Configuration keys: Coc:{Region, Endpoint, AccessKey, SecretKey, ProjectId, DomainId, SecurityToken, AuthToken,
// Resilience:*}, Zabbix:{Url, ApiToken, Username, Password, ServerVersion, Resilience:*} and the job's
// Job:{IncidentNumber, Operator, EventIds}. Set them any way the host reads configuration, for example
//   dotnet user-secrets set Zabbix:ApiToken <token> --project samples/IncidentSdk.Samples.DependencyInjection
// (user secrets load in the Development environment, which Properties/launchSettings.json sets for dotnet run),
// Zabbix__Url=... in the environment, or the services' own variables (HUAWEICLOUD_SDK_AK, ZABBIX_URL, ...;
// see ServiceEnvironment.cs). A service with no credentials configured runs against an in-process fake.
using System;
using System.Collections.Generic;
using IncidentSdk;
using IncidentSdk.Coc;
using IncidentSdk.JsonRpc;
using IncidentSdk.Samples.DependencyInjection;
using IncidentSdk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// The content root is the output folder, so appsettings.json is found whatever the working directory.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
var mapped = SampleEnvironment.MapOnto(builder.Configuration);
var cocSection = builder.Configuration.GetSection("Coc");
var zabbixSection = builder.Configuration.GetSection("Zabbix");
var job = builder.Configuration.GetSection("Job");

using var cocFake = SampleEnvironment.HasAny(cocSection, "AccessKey", "SecretKey", "AuthToken") ? null : new FakeCocService(Offline.CocCredentials);
using var zabbixFake = SampleEnvironment.HasAny(zabbixSection, "Url") ? null : new FakeZabbixService("7.0.22");
var incidentNumber = cocFake is null ? job["IncidentNumber"] : Offline.IncidentNumber;
var operatorId = cocFake is null ? job["Operator"] : Offline.Operator;
var zabbixToken = zabbixFake?.AddToken();
var eventIds = zabbixFake is null
    ? Offline.SplitIds(job["EventIds"])
    : [zabbixFake.AddProblem(EventSeverity.High, "Service unavailable: checkout-api")];
cocFake?.AddTicket(Offline.IncidentNumber);

var cocHttp = builder.Services.AddIncidentClient(cocSection, options =>
{
    if (cocFake is not null)
    {
        options.Endpoint = FakeCocService.Endpoint;
        options.Credentials = Offline.CocCredentials;
    }
});
var zabbixHttp = builder.Services.AddJsonRpcEventClient(zabbixSection, options =>
{
    if (zabbixFake is not null)
    {
        (options.Url, options.ApiToken, options.Username, options.Password) = (FakeZabbixService.Endpoint, zabbixToken, null, null);
    }
});
if (cocFake is not null)
{
    Offline.Route(cocHttp, cocFake);
}

if (zabbixFake is not null)
{
    Offline.Route(zabbixHttp, zabbixFake);
}

using var host = builder.Build();
var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("IncidentSdk.Samples.DependencyInjection");
var variables = mapped.Count == 0 ? "none" : string.Join(", ", mapped);
SampleLog.Configuration(log, builder.Environment.EnvironmentName, variables);
SampleLog.Modes(log, cocFake is null ? "configured service" : "offline fake (no Coc:AccessKey/SecretKey/AuthToken)", zabbixFake is null ? "configured service" : "offline fake (no Zabbix:Url)");
if (string.IsNullOrEmpty(incidentNumber) || string.IsNullOrEmpty(operatorId) || eventIds.Length == 0)
{
    SampleLog.MissingJob(log);
    return 2;
}

try
{
    // Options are bound and validated here (ValidateOnStart); a bad or missing setting stops the app with what to fix.
    await host.StartAsync();
}
catch (Exception error) when (error is OptionsValidationException or AggregateException or InvalidOperationException)
{
    IEnumerable<Exception> failures = error is AggregateException all ? all.InnerExceptions : [error];
    foreach (var failure in failures)
    {
        SampleLog.StartupRefused(log, failure.Message);
    }

    return 1;
}

var exitCode = 0;
await using (var scope = host.Services.CreateAsyncScope())
{
    var incidents = scope.ServiceProvider.GetRequiredService<IncidentClient>();
    var events = scope.ServiceProvider.GetRequiredService<JsonRpcEventClient>();
    try
    {
        SampleLog.Accepting(log, incidentNumber, incidents.HandleUri);
        var accepted = await incidents.AcceptAsync(incidentNumber, operatorId);
        SampleLog.Accepted(log, incidentNumber, accepted.ErrorCode, accepted.RequestId);

        SampleLog.Acknowledging(log, eventIds, events.ApiUrl);
        var acknowledged = await events.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(eventIds, $"Taken in COC ticket {incidentNumber}."));
        SampleLog.Acknowledged(log, acknowledged.EventIds);

        if (cocFake is not null)
        {
            var state = cocFake.GetTicketState(incidentNumber);
            SampleLog.TicketState(log, incidentNumber, state);
        }

        if (zabbixFake is not null)
        {
            var rows = zabbixFake.GetEvent(eventIds[0])?.Acknowledges.Count;
            SampleLog.EventRows(log, eventIds[0], rows);
        }
    }
    catch (IncidentSdkException error)
    {
        SampleLog.CallFailed(log, error.Message);
        exitCode = 1;
    }
}

await host.StopAsync();
return exitCode;
