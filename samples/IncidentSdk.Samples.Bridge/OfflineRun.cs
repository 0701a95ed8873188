using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using IncidentSdk.Authentication;
using IncidentSdk.Coc;
using IncidentSdk.JsonRpc;
using IncidentSdk.Testing;

namespace IncidentSdk.Samples.Bridge;

/// <summary>Runs the job twice against in-process fakes of COC and Zabbix and checks that the second run changed nothing.</summary>
internal static class OfflineRun
{
    private const string Success = "GOM.00000000";

    /// <summary>Demo input for what was not given.</summary>
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ticket"] = "IM202403221515060171753781",
        ["operator"] = "7da46971b7e24eed90cf777cc2ff8b91",
        ["category"] = IncidentCategory.ConfigIssues.ToString(),
        ["cause"] = "The database connection pool was sized for last year's traffic.",
        ["solution"] = "Raised the pool to 200 connections and redeployed checkout-api.",
    };

    public static async Task<int> RunAsync(BridgeInput input)
    {
        var credentials = new AkSkCredentials("OFFLINEDEMOACCESSKEY", "offline-demo-secret-key");
        using var cocFake = new FakeCocService(credentials);
        using var zabbixFake = new FakeZabbixService("7.0.22");
        cocFake.AddTicket(input.IncidentNumber, FakeTicketState.Accepted);
        string[] ids =
        [
            zabbixFake.AddProblem(EventSeverity.High, "checkout-api: HTTP 5xx rate above 5%"),
            zabbixFake.AddProblem(EventSeverity.Average, "checkout-api: database connection pool exhausted"),
            zabbixFake.AddProblem(EventSeverity.Warning, "checkout-api: p99 latency above 2 s"),
        ];
        if (input.EventIds.Count > 0)
        {
            Console.WriteLine($"The fake's events {string.Join(", ", ids)} stand in for the event ids given.");
        }

        input = input with { EventIds = ids };
        using var cocHttp = new HttpClient(cocFake, disposeHandler: false);
        using var zabbixHttp = new HttpClient(zabbixFake, disposeHandler: false);
        using var coc = new IncidentClient(cocHttp, new IncidentClientOptions { Endpoint = FakeCocService.Endpoint, Credentials = credentials });
        await using var zabbix = new JsonRpcEventClient(zabbixHttp, new JsonRpcEventClientOptions { Url = FakeZabbixService.Endpoint, ApiToken = zabbixFake.AddToken() });
        try
        {
            // The on-call engineer already acknowledged one problem, without a message: the job adds only what is missing.
            await zabbix.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([ids[2]]));
            Console.WriteLine($"Before: ticket {input.IncidentNumber} is {cocFake.GetTicketState(input.IncidentNumber)}; events {string.Join(", ", ids)} are open; {ids[2]} is already acknowledged.");

            var job = new BridgeJob(coc, zabbix, Console.Out);
            Console.WriteLine("Run 1:");
            var first = await job.RunAsync(input);
            Console.WriteLine($"Run 1: {first}.");

            var (cocRequests, zabbixRequests) = (cocFake.Requests.Count, zabbixFake.Requests.Count);
            Console.WriteLine("Run 2, same input against the same services:");
            var second = await job.RunAsync(input);
            Console.WriteLine($"Run 2: {second}.");

            var cocRun2 = cocFake.Requests.Skip(cocRequests).ToList();
            var acknowledgesRun2 = zabbixFake.Requests.Skip(zabbixRequests).Count(c => c.Method == "event.acknowledge");
            var checks = new List<(string What, bool Ok)>
            {
                ("run 1 committed the solution and updated every event", first.SolutionCommitted && first.EventsUpdated == ids.Length && first.EventsFailed == 0),
                ("run 2 changed nothing", !second.ChangedSomething && second.EventsAlreadyDone == ids.Length && second.EventsFailed == 0),
                ($"ticket {input.IncidentNumber} is Solved", cocFake.GetTicketState(input.IncidentNumber) == FakeTicketState.Solved),
                ($"COC accepted none of run 2's {cocRun2.Count} requests", cocRun2.All(r => r.ErrorCode != Success)),
                ($"Zabbix received no event.acknowledge in run 2 ({acknowledgesRun2})", acknowledgesRun2 == 0),
            };
            foreach (var id in ids)
            {
                var state = zabbixFake.GetEvent(id);
                var messages = state?.Acknowledges.Count(a => a.Message == input.ZabbixMessage) ?? 0;
                checks.Add(($"event {id}: acknowledged, close recorded, exactly one message citing the ticket ({messages})", state is { IsAcknowledged: true, IsClosed: true } && messages == 1));
            }

            Console.WriteLine("Checks:");
            checks.ForEach(c => Console.WriteLine($"  [{(c.Ok ? "ok" : "FAILED")}] {c.What}"));
            var passed = checks.TrueForAll(c => c.Ok);
            Console.WriteLine(passed ? "The second run changed nothing: the job is idempotent." : "The job is NOT idempotent: see the failed checks.");
            return passed ? 0 : 1;
        }
        catch (IncidentSdkException error)
        {
            Console.Error.WriteLine($"The bridge stopped: {error.Message}");
            return 1;
        }
    }
}
