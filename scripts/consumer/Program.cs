// The program scripts/check-consumers.sh puts into a brand-new console app that references the IncidentSdk and
// IncidentSdk.Testing packages from the local feed: it uses both clients against the in-memory fakes, shows a
// request refused before sending, and binds a client from configuration through dependency injection (the
// library's generated binder running on the Microsoft.Extensions.* versions the app resolved). Exit code 0 only
// when every expectation holds.
using IncidentSdk;
using IncidentSdk.Authentication;
using IncidentSdk.Coc;
using IncidentSdk.JsonRpc;
using IncidentSdk.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

const string Ticket = "IM202403221515060171753781";
const string Operator = "7da46971b7e24eed90cf777cc2ff8b91";
var failures = 0;
void Expect(bool condition, string what)
{
    Console.WriteLine($"{(condition ? "ok  " : "FAIL")} {what}");
    failures += condition ? 0 : 1;
}

Console.WriteLine($"runtime {Environment.Version}; {typeof(IncidentClient).Assembly.GetName().Name} {typeof(IncidentClient).Assembly.GetName().Version}");

// COC: accept a ticket through the signing fake.
var credentials = new AkSkCredentials("TESTAKTESTAKTESTAK01", "test-secret-key");
var coc = new FakeCocService(credentials);
coc.AddTicket(Ticket);
using (var client = new IncidentClient(new HttpClient(coc), new IncidentClientOptions { Endpoint = FakeCocService.Endpoint, Credentials = credentials }))
{
    await client.AcceptAsync(Ticket, Operator);
    Expect(coc.GetTicketState(Ticket) == FakeTicketState.Accepted, "COC: the ticket is accepted");

    try
    {
        await client.AcceptAsync(Ticket, " ");
        Expect(false, "COC: a blank operator is refused");
    }
    catch (RequestValidationException e)
    {
        Expect(coc.Requests.Count == 1, $"COC: a blank operator is refused before sending ({e.Errors[0].Path}: {e.Errors[0].Rule})");
    }
}

// Zabbix: acknowledge a problem with a message.
var zabbix = new FakeZabbixService("7.0.22");
var eventId = zabbix.AddProblem(EventSeverity.High, "High CPU load on web-01");
using (var transport = new HttpClient(zabbix))
await using (var events = new JsonRpcEventClient(transport, new JsonRpcEventClientOptions { Url = FakeZabbixService.Endpoint, ApiToken = zabbix.AddToken() }))
{
    var result = await events.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([eventId], "seen by the consumer check"));
    Expect(result.EventIds.SequenceEqual([eventId]), $"Zabbix: event {eventId} acknowledged");
}

// Dependency injection with a configuration section (the generated binder).
var diCoc = new FakeCocService(credentials);
diCoc.AddTicket(Ticket);
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Coc:Endpoint"] = FakeCocService.Endpoint.ToString(),
    ["Coc:AccessKey"] = "TESTAKTESTAKTESTAK01",
    ["Coc:SecretKey"] = "test-secret-key",
    ["Coc:Resilience:MaxRetries"] = "1",
    ["Coc:Resilience:AttemptTimeout"] = "00:00:05",
}).Build();
var services = new ServiceCollection();
services.AddIncidentClient(configuration.GetSection("Coc")).ConfigurePrimaryHttpMessageHandler(() => diCoc);
using (var provider = services.BuildServiceProvider())
{
    await provider.GetRequiredService<IncidentClient>().AcceptAsync(Ticket, Operator);
    Expect(diCoc.GetTicketState(Ticket) == FakeTicketState.Accepted, "DI: a client bound from configuration accepts the ticket");
}

var bad = new ServiceCollection();
bad.AddIncidentClient(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Coc:Endpoint"] = FakeCocService.Endpoint.ToString(),
    ["Coc:AuthToken"] = "token",
    ["Coc:Resilience:AttemptTimeout"] = "soon",
}).Build().GetSection("Coc"));
using (var provider = bad.BuildServiceProvider())
{
    try
    {
        provider.GetRequiredService<IncidentClient>();
        Expect(false, "DI: a value that does not parse is refused");
    }
    catch (InvalidOperationException e)
    {
        Expect(e.Message == "Failed to convert configuration value 'soon' at 'Coc:Resilience:AttemptTimeout' to type 'System.TimeSpan'.", $"DI: a value that does not parse is refused: {e.Message}");
    }
}

Console.WriteLine(failures == 0 ? "consumer check: every expectation held" : $"consumer check: {failures} expectation(s) failed");
return failures == 0 ? 0 : 1;
