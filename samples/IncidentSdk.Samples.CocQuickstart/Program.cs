// Accept, solve and confirm a Huawei Cloud COC incident ticket with IncidentClient.
//
// With no credentials in the environment this runs offline against FakeCocService (the IncidentSdk.Testing package),
// an in-process fake of the COC API that checks every AK/SK signature and keeps each ticket's state. To run against COC itself set HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK,
// COC_REGION (or COC_ENDPOINT), COC_INCIDENT_NUM and COC_OPERATOR (and optionally HUAWEICLOUD_SDK_DOMAIN_ID,
// HUAWEICLOUD_SDK_PROJECT_ID, HUAWEICLOUD_SDK_SECURITY_TOKEN).
using System;
using System.Net.Http;
using IncidentSdk;
using IncidentSdk.Authentication;
using IncidentSdk.Coc;
using IncidentSdk.Testing;

static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

// The SDK reads the Huawei SDKs' own variables (HUAWEICLOUD_SDK_AK, _SK, ...) and COC_REGION / COC_ENDPOINT.
var options = new IncidentClientOptions().ApplyEnvironment();
var online = options.Credentials is not null;
var incidentNumber = Env("COC_INCIDENT_NUM") ?? "IM202403221515060171753781";
var operatorId = Env("COC_OPERATOR") ?? "7da46971b7e24eed90cf777cc2ff8b91";

FakeCocService? fake = null;
HttpClient? transport = null;
if (online)
{
    Console.WriteLine($"Running against COC at {options.ResolveEndpoint()} with {options.Credentials}.");
}
else
{
    options.Credentials = new AkSkCredentials("OFFLINEDEMOACCESSKEY", "offline-demo-secret-key");
    options.Endpoint = FakeCocService.Endpoint;
    options.Region = null;
    fake = new FakeCocService(options.Credentials);
    fake.AddTicket(incidentNumber);
    transport = new HttpClient(fake);
    Console.WriteLine("No HUAWEICLOUD_SDK_AK/SK set: running offline against an in-process fake COC endpoint.");
}

using var client = transport is null ? new IncidentClient(options) : new IncidentClient(transport, options);
var exitCode = 0;
try
{
    var accepted = await client.AcceptAsync(incidentNumber, operatorId);
    Console.WriteLine($"1. accept   {incidentNumber}: {accepted.ErrorCode} (request id {accepted.RequestId})");

    var solution = new SolutionParameter(IncidentCategory.ConfigIssues, isServiceInterrupted: false, cause: "连接池配置过小 (connection pool too small)", solution: "Raised the pool size to 200 and redeployed.");
    var solved = await client.CommitSolutionAsync(incidentNumber, operatorId, solution);
    Console.WriteLine($"2. solve    {incidentNumber}: {solved.ErrorCode} (request id {solved.RequestId})");

    var confirmed = await client.ConfirmAsync(incidentNumber, operatorId, new VerificationParameter(confirmed: true, comment: "Error rate back to baseline for 30 minutes."));
    Console.WriteLine($"3. confirm  {incidentNumber}: {confirmed.ErrorCode} (request id {confirmed.RequestId})");

    // What an integration sees when it gets the workflow wrong: COC's own error code, kept verbatim.
    try
    {
        await client.AcceptAsync(incidentNumber, operatorId);
    }
    catch (InvalidParameterException error)
    {
        Console.WriteLine($"4. accept again is refused: {error.ErrorCode} \"{error.ErrorMessage}\" (HTTP {error.StatusCode}, request id {error.RequestId})");
    }

    // Bad input never leaves the process: every broken rule is listed with its JSON path.
    try
    {
        await client.ConfirmAsync(incidentNumber, operatorId, new VerificationParameter(true, new string('x', 301)));
    }
    catch (RequestValidationException error)
    {
        foreach (var problem in error.Errors)
        {
            Console.WriteLine($"5. not sent: {problem}");
        }
    }

    if (fake is not null)
    {
        Console.WriteLine($"Ticket {incidentNumber} is now {fake.GetTicketState(incidentNumber)}; the fake served {fake.Requests.Count} requests.");
    }
}
catch (IncidentSdkException error)
{
    Console.Error.WriteLine($"COC call failed: {error.Message}");
    exitCode = 1;
}
finally
{
    transport?.Dispose();
}

return exitCode;
