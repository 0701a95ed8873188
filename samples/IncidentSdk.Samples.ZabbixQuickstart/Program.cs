// Acknowledge, re-rate, suppress and close Zabbix problem events with JsonRpcEventClient.
//
// With no ZABBIX_URL in the environment this runs offline against FakeZabbixService, an in-process fake of the
// Zabbix API (version 7.0) that records every update. To run against a real Zabbix 6.0+ API set ZABBIX_URL
// (the frontend URL or .../api_jsonrpc.php), ZABBIX_TOKEN (or ZABBIX_USER and ZABBIX_PASSWORD) and
// ZABBIX_EVENT_IDS (comma-separated problem event ids whose triggers allow manual close).
using System;
using System.Linq;
using System.Net.Http;
using IncidentSdk;
using IncidentSdk.JsonRpc;
using IncidentSdk.Testing;

static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

// The SDK reads zabbix_utils' variables: ZABBIX_URL, and ZABBIX_TOKEN or ZABBIX_USER and ZABBIX_PASSWORD.
var options = new JsonRpcEventClientOptions().ApplyEnvironment();
FakeZabbixService? fake = null;
string[] eventIds;
if (options.Url is not null)
{
    eventIds = Env("ZABBIX_EVENT_IDS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
    if (eventIds.Length == 0)
    {
        Console.Error.WriteLine("Set ZABBIX_EVENT_IDS to the problem event ids to update, such as 20427,20428.");
        return 2;
    }

    Console.WriteLine($"Running against Zabbix at {options.ResolveApiUrl()}.");
}
else
{
    fake = new FakeZabbixService("7.0.22");
    options.Url = FakeZabbixService.Endpoint;
    options.ApiToken = fake.AddToken();
    eventIds = [fake.AddProblem(EventSeverity.Average, "High CPU load on web-01"), fake.AddProblem(EventSeverity.Warning, "Free disk space below 10% on db-01")];
    Console.WriteLine("No ZABBIX_URL set: running offline against an in-process fake Zabbix 7.0 API.");
}

using var transport = fake is null ? null : new HttpClient(fake);
await using var client = transport is null ? new JsonRpcEventClient(options) : new JsonRpcEventClient(transport, options);
var exitCode = 0;
try
{
    var version = await client.GetServerVersionAsync();
    Console.WriteLine($"0. server   Zabbix API {version}; events {string.Join(", ", eventIds)}");

    var acknowledged = await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(eventIds, "Looking into it: CPU spike after the 14:00 deploy."));
    Console.WriteLine($"1. acknowledge with a message: updated {string.Join(", ", acknowledged.EventIds)}");

    var rerated = await client.AcknowledgeAsync(AcknowledgeEventRequest.ChangeSeverity(eventIds, EventSeverity.High, "Customer-facing: raised to High."));
    Console.WriteLine($"2. change severity to High:    updated {string.Join(", ", rerated.EventIds)}");

    var until = DateTimeOffset.UtcNow.AddHours(2);
    if (version.IsAtLeast(6, 2))
    {
        var suppressed = await client.AcknowledgeAsync(AcknowledgeEventRequest.Suppress(eventIds, SuppressUntil.At(until), "Suppressed during the rollback window."));
        Console.WriteLine($"3. suppress until {SuppressUntil.At(until)}: updated {string.Join(", ", suppressed.EventIds)}");
    }
    else
    {
        Console.WriteLine($"3. suppress: skipped, Zabbix {version} has no suppress action (6.2+).");
    }

    var closed = await client.AcknowledgeAsync(AcknowledgeEventRequest.Close(eventIds, "Fixed by rolling back to build 1.4.2."));
    Console.WriteLine($"4. close with a message:       updated {string.Join(", ", closed.EventIds)}");

    // What the server recorded: every update on each event, in the order the server lists them.
    foreach (var zabbixEvent in await client.GetEventsAsync(eventIds))
    {
        Console.WriteLine($"   event {zabbixEvent.EventId}: severity {zabbixEvent.Severity}, acknowledged {zabbixEvent.IsAcknowledged}, {zabbixEvent.Acknowledgements.Count} updates");
        foreach (var update in zabbixEvent.Acknowledgements)
        {
            Console.WriteLine($"     {update.Time:u} action {(int)update.Action} ({update.Action}) \"{update.Message}\"");
        }
    }

    // Bad input never leaves the process: every broken rule is listed with its JSON path.
    var callsBefore = fake?.Requests.Count;
    try
    {
        await client.AcknowledgeAsync(new AcknowledgeEventRequest([eventIds[0], "20x27", eventIds[0]], EventAction.ChangeSeverity | EventAction.AddMessage)
        {
            Message = new string('x', AcknowledgeEventRequest.MaxMessageLength + 1),
        });
    }
    catch (RequestValidationException error)
    {
        foreach (var problem in error.Errors)
        {
            Console.WriteLine($"5. not sent: {problem}");
        }

        if (fake is not null)
        {
            Console.WriteLine($"   calls received by the fake during step 5: {fake.Requests.Count - callsBefore}");
        }
    }

    // What Zabbix says about an event that does not exist: its JSON-RPC code, message and data, verbatim.
    try
    {
        await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["9223372036854775807"]));
    }
    catch (ServiceException error)
    {
        Console.WriteLine($"6. refused by the server: {error.GetType().Name} code {error.ErrorCode} \"{error.ErrorMessage}\" data \"{error.ErrorData}\" (request id {error.RequestId})");
    }

    if (fake is not null)
    {
        foreach (var id in eventIds)
        {
            var state = fake.GetEvent(id)!;
            Console.WriteLine($"Event {id} in the fake: severity {state.Severity}, acknowledged {state.IsAcknowledged}, closed {state.IsClosed}, suppressed until {state.SuppressedUntil:u}, {state.Acknowledges.Count(a => a.Message.Length > 0)} messages.");
        }
    }
}
catch (IncidentSdkException error)
{
    Console.Error.WriteLine($"Zabbix call failed: {error.Message}");
    exitCode = 1;
}

return exitCode;
