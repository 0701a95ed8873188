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

var accessKey = Env("HUAWEICLOUD_SDK_AK");
var secretKey = Env("HUAWEICLOUD_SDK_SK");
var online = accessKey is not null && secretKey is not null;
var credentials = new AkSkCredentials(accessKey ?? "OFFLINEDEMOACCESSKEY", secretKey ?? "offline-demo-secret-key")
{
    DomainId = Env("HUAWEICLOUD_SDK_DOMAIN_ID"),
    ProjectId = Env("HUAWEICLOUD_SDK_PROJECT_ID"),
    SecurityToken = Env("HUAWEICLOUD_SDK_SECURITY_TOKEN"),
};
var incidentNumber = Env("COC_INCIDENT_NUM") ?? "IM202403221515060171753781";
var operatorId = Env("COC_OPERATOR") ?? "7da46971b7e24eed90cf777cc2ff8b91";

var options = new IncidentClientOptions { Credentials = credentials };
FakeCocService? fake = null;
HttpClient? transport = null;
if (online)
{
    options.Region = Env("COC_REGION");
    options.Endpoint = Env("COC_ENDPOINT") is { } endpoint ? new Uri(endpoint) : null;
    Console.WriteLine($"Running against COC at {options.ResolveEndpoint()} with {credentials}.");
}
else
{
    options.Endpoint = FakeCocService.Endpoint;
    fake = new FakeCocService(credentials);
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
