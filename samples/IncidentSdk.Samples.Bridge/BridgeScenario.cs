using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Authentication;
using IncidentSdk.JsonRpc;
using IncidentSdk.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentSdk.Samples.Bridge;

/// <summary>
/// The bridge's scripted offline run, against in-process fakes of COC and Zabbix: 10 problems at or above the
/// severity and 2 below it; host 1 opens tickets, loses the answer of its 3rd create (COC opened the ticket) and
/// "crashes" after its 5th create, before that problem is acknowledged; host 2 (new clients, same services) carries
/// on; then 9 tickets are completed in COC and the bridge runs until a cycle changes nothing.
/// </summary>
internal sealed class BridgeScenario : IDisposable
{
    /// <summary>The COC user the tickets are created by and assigned to.</summary>
    public const string Creator = "7da46971b7e24eed90cf777cc2ff8b91";

    private static readonly AkSkCredentials Credentials = new("OFFLINEDEMOACCESSKEY", "offline-demo-secret-key");

    private readonly Action<ILoggingBuilder>? _logging;
    private readonly string _zabbixToken;

    /// <summary>Creates the fakes and raises the problems.</summary>
    /// <param name="logging">Adds log providers to the hosts; none when <see langword="null"/>.</param>
    public BridgeScenario(Action<ILoggingBuilder>? logging = null)
    {
        _logging = logging;
        _zabbixToken = Zabbix.AddToken();
        var ids = new List<string>();
        var low = new List<string>();
        for (var i = 1; i <= 12; i++)
        {
            // Two problems below the severity sit among the others.
            var below = i is 4 or 9;
            var severity = below ? (i == 4 ? EventSeverity.Warning : EventSeverity.Average) : (i % 3 == 0 ? EventSeverity.Disaster : EventSeverity.High);
            var id = Zabbix.AddProblem(new FakeProblem
            {
                Severity = severity,
                Name = string.Create(CultureInfo.InvariantCulture, $"web-{i:00}: HTTP 5xx rate above 5%"),
                Tags = [new("service", "checkout")],
            });
            (below ? low : ids).Add(id);
        }

        EventIds = ids;
        LowEventIds = low;
    }

    /// <summary>The COC fake.</summary>
    public FakeCocService Coc { get; } = new(Credentials);

    /// <summary>The Zabbix fake.</summary>
    public FakeZabbixService Zabbix { get; } = new("7.0.22");

    /// <summary>The 10 problems at or above the severity, by event id.</summary>
    public IReadOnlyList<string> EventIds { get; }

    /// <summary>The 2 problems below it.</summary>
    public IReadOnlyList<string> LowEventIds { get; }

    /// <summary>The problem whose create answer is lost (COC opened the ticket).</summary>
    public string LostCreateEventId => EventIds[2];

    /// <summary>The problem whose ticket host 1 opens just before it crashes, so the ticket is not recorded.</summary>
    public string CrashEventId => EventIds[4];

    /// <summary>The problem whose ticket stays open.</summary>
    public string StillOpenEventId => EventIds[7];

    /// <summary>Whether host 1 crashed where the script says.</summary>
    public bool Host1Crashed { get; private set; }

    /// <summary>The cycles host 1 finished (before the one it crashed in).</summary>
    public List<BridgeCycleResult> Host1Cycles { get; } = [];

    /// <summary>The cycles host 2 ran, in order.</summary>
    public List<BridgeCycleResult> Host2Cycles { get; } = [];

    /// <summary>How many Zabbix and COC requests had been received when the 9 tickets were completed.</summary>
    public (int Coc, int Zabbix) RequestsBeforeCompletion { get; private set; }

    /// <summary>The ticket whose description holds the problem's marker, or <see langword="null"/>.</summary>
    public FakeTicket? TicketOf(string eventId) =>
        Coc.Tickets.SingleOrDefault(t => t.Description?.Contains("[ref:" + BridgeMessages.Marker(eventId) + "]", StringComparison.Ordinal) == true);

    /// <summary>Every <c>event.acknowledge</c> the Zabbix fake received.</summary>
    public IReadOnlyList<ZabbixCall> Acknowledges =>
        Zabbix.Requests.Where(r => r.Method == "event.acknowledge").Select(r => ZabbixCall.Parse(r.Body)).ToList();

    /// <summary>Runs the script, then checks it and writes a short report.</summary>
    /// <returns>Whether every expectation held.</returns>
    public async Task<bool> RunAsync(TextWriter output, CancellationToken cancellationToken = default)
    {
        await RunHost1Async(cancellationToken).ConfigureAwait(false);
        using (var host2 = BuildHost(new ScriptedHandler(Coc), new ScriptedHandler(Zabbix)))
        {
            await host2.StartAsync(cancellationToken).ConfigureAwait(false);
            var cycle = host2.Services.GetRequiredService<BridgeCycle>();
            await RunUntilQuietAsync(cycle, cancellationToken).ConfigureAwait(false);

            RequestsBeforeCompletion = (Coc.Requests.Count, Zabbix.Requests.Count);
            foreach (var id in EventIds.Where(id => id != StillOpenEventId))
            {
                if (TicketOf(id) is { } ticket)
                {
                    Coc.CompleteTicket(ticket.IncidentNumber);
                }
            }

            await RunUntilQuietAsync(cycle, cancellationToken).ConfigureAwait(false);
            await host2.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        var checks = Check();
        WriteReport(output, checks);
        return checks.TrueForAll(c => c.Ok);
    }

    /// <summary>Every expectation of the script, with whether it held.</summary>
    public List<(string What, bool Ok)> Check()
    {
        var tickets = Coc.Tickets;
        var markers = tickets.Select(t => MarkerIn(t.Description)).ToList();
        var expectedMarkers = EventIds.Select(BridgeMessages.Marker).Order(StringComparer.Ordinal);
        var creates = Coc.Requests.Where(r => r.Path == FakeCocService.CreatePath).ToList();
        var acknowledges = Acknowledges;
        var repeated = acknowledges
            .SelectMany(a => a.EventIds.Select(id => (Id: id, a.Message)))
            .Where(x => x.Message is not null)
            .GroupBy(x => x)
            .Count(g => g.Count() > 1);
        var checks = new List<(string, bool)>
        {
            ($"COC holds exactly 10 tickets ({tickets.Count})", tickets.Count == 10),
            ("each ticket carries a distinct marker, one per problem at or above the severity", markers.Order(StringComparer.Ordinal).SequenceEqual(expectedMarkers)),
            ($"10 create requests reached COC ({creates.Count}), the lost answer's one among them, sent once", creates.Count == 10 && creates.Count(c => c.ResponseLost) == 1),
            ($"host 1 crashed after its 5th create, before recording it ({Host1Crashed})", Host1Crashed && TicketOf(CrashEventId) is not null),
            ("host 2 found the crashed problem's ticket by its marker", Host2Cycles.Sum(c => c.FoundByMarker) == 1),
            ($"no event.acknowledge sent the same message to an event twice ({repeated} repeats)", repeated == 0),
            ("the 2 problems below the severity are untouched", LowEventIds.All(id => Zabbix.GetEvent(id) is { Acknowledges.Count: 0, IsClosed: false } && TicketOf(id) is null)),
            ("the last cycle changed nothing", Host2Cycles.Count > 0 && !Host2Cycles[^1].ChangedSomething),
        };
        foreach (var id in EventIds)
        {
            var ticket = TicketOf(id)?.IncidentNumber ?? "(none)";
            var rows = Zabbix.GetEvent(id)?.Acknowledges ?? [];
            var opened = rows.Count(a => a.Message.Contains(" opened for this problem.", StringComparison.Ordinal));
            var ownOpened = rows.Count(a => a.Message == BridgeMessages.Opened(ticket) && (a.Action & EventAction.Acknowledge) != 0);
            var completed = rows.Count(a => a.Message.Contains(" completed; problem closed by the bridge.", StringComparison.Ordinal));
            var closes = rows.Count(a => a.Message == BridgeMessages.Completed(ticket) && (a.Action & EventAction.Close) != 0);
            checks.Add(($"event {id}: acknowledged once with its ticket {ticket}", opened == 1 && ownOpened == 1));
            checks.Add(id == StillOpenEventId
                ? ($"event {id}: ticket {ticket} still open, problem not closed", completed == 0 && Zabbix.GetEvent(id) is { IsClosed: false } && TicketOf(id)?.Status != "INCIDENT_STATUS_COMPLETED")
                : ($"event {id}: closed once with the completed message", completed == 1 && closes == 1 && Zabbix.GetEvent(id) is { IsClosed: true }));
        }

        return checks;
    }

    public void Dispose()
    {
        Coc.Dispose();
        Zabbix.Dispose();
    }

    private static string? MarkerIn(string? description)
    {
        if (description is null || description.LastIndexOf("[ref:", StringComparison.Ordinal) is not (>= 0 and var start))
        {
            return null;
        }

        var end = description.IndexOf(']', start);
        return end < 0 ? null : description[(start + 5)..end];
    }

    private async Task RunHost1Async(CancellationToken cancellationToken)
    {
        var creates = 0;
        var cocScript = new ScriptedHandler(Coc)
        {
            BeforeSend = (request, body, _) =>
            {
                if (request.RequestUri?.AbsolutePath == FakeCocService.CreatePath && ++creates == 3)
                {
                    // COC opens this ticket, but its answer never arrives.
                    Coc.Failures.LoseNextResponse();
                }

                return Task.CompletedTask;
            },
        };
        using var crash = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var zabbixScript = new ScriptedHandler(Zabbix)
        {
            BeforeSend = (_, body, _) =>
            {
                var call = ZabbixCall.Parse(body);
                if (call.Method == "event.acknowledge" && call.EventIds.Contains(CrashEventId) && call.Message?.Contains(" opened ", StringComparison.Ordinal) == true)
                {
                    // The process dies here: the ticket is open in COC, the problem does not say so.
                    Host1Crashed = true;
                    crash.Cancel();
                    crash.Token.ThrowIfCancellationRequested();
                }

                return Task.CompletedTask;
            },
        };

        var host1 = BuildHost(cocScript, zabbixScript);
        try
        {
            await host1.StartAsync(cancellationToken).ConfigureAwait(false);
            var cycle = host1.Services.GetRequiredService<BridgeCycle>();
            for (var i = 0; i < 3 && !Host1Crashed; i++)
            {
                Host1Cycles.Add(await cycle.RunOnceAsync(crash.Token).ConfigureAwait(false));
            }
        }
        catch (OperationCanceledException) when (Host1Crashed && !cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Nothing of host 1 survives: clients, sessions, handlers.
            host1.Dispose();
        }
    }

    private async Task RunUntilQuietAsync(BridgeCycle cycle, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 5; i++)
        {
            var result = await cycle.RunOnceAsync(cancellationToken).ConfigureAwait(false);
            Host2Cycles.Add(result);
            if (!result.ChangedSomething)
            {
                return;
            }
        }
    }

    private IHost BuildHost(HttpMessageHandler cocHandler, HttpMessageHandler zabbixHandler)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bridge:MinimumSeverity"] = nameof(EventSeverity.High),
            ["Bridge:Creator"] = Creator,
            ["Bridge:Assignee"] = Creator,
            ["Bridge:Category"] = "inc_type_p_reliability_issues",
            ["Coc:Endpoint"] = FakeCocService.Endpoint.ToString(),
            ["Coc:AccessKey"] = Credentials.AccessKey,
            ["Coc:SecretKey"] = Credentials.SecretKey,
            ["Zabbix:Url"] = FakeZabbixService.Endpoint.ToString(),
            ["Zabbix:ApiToken"] = _zabbixToken,
        });
        if (_logging is not null)
        {
            builder.Logging.ClearProviders();
            _logging(builder.Logging);
        }

        var (coc, zabbix) = builder.Services.AddBridge(builder.Configuration);

        // The fake's ticket is in its list at once: no wait before the read-back of a lost create.
        builder.Services.AddIncidentClient(options => options.CreateReadBack.Delay = TimeSpan.Zero);
        coc.ConfigurePrimaryHttpMessageHandler(() => cocHandler).SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        zabbix.ConfigurePrimaryHttpMessageHandler(() => zabbixHandler).SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        return builder.Build();
    }

    private void WriteReport(TextWriter output, List<(string What, bool Ok)> checks)
    {
        output.WriteLine("Bridge scenario, offline against in-process fakes of COC and Zabbix 7.0:");
        output.WriteLine("  10 problems at or above High and 2 below; host 1 loses its 3rd create answer and crashes after its 5th create;");
        output.WriteLine("  host 2 carries on; 9 tickets are then completed in COC; cycles run until one changes nothing.");
        for (var i = 0; i < Host1Cycles.Count; i++)
        {
            output.WriteLine($"  host 1 cycle {i + 1}: {Host1Cycles[i]}");
        }

        output.WriteLine($"  host 1: {(Host1Crashed ? "crashed" : "did not crash")} before acknowledging event {CrashEventId}");
        for (var i = 0; i < Host2Cycles.Count; i++)
        {
            output.WriteLine($"  host 2 cycle {i + 1}: {Host2Cycles[i]}");
        }

        var cocKinds = Coc.Requests.GroupBy(r => r.Method + " " + (r.Method == "GET" && r.Path?.StartsWith(FakeCocService.DetailPathPrefix, StringComparison.Ordinal) == true ? FakeCocService.DetailPathPrefix + "{num}" : r.Path))
            .Select(g => $"{g.Key} x{g.Count()}");
        var zabbixKinds = Zabbix.Requests.GroupBy(r => r.Method).Select(g => $"{g.Key} x{g.Count()}");
        var acknowledges = Acknowledges;
        output.WriteLine($"  tickets opened {Coc.Tickets.Count}; acknowledged with a ticket {acknowledges.Count(a => a.Message?.Contains(" opened ", StringComparison.Ordinal) == true)}; closed {acknowledges.Count(a => (a.Action & (int)EventAction.Close) != 0)}");
        output.WriteLine($"  COC requests: {string.Join(", ", cocKinds)}");
        output.WriteLine($"  Zabbix requests: {string.Join(", ", zabbixKinds)}");
        output.WriteLine("Checks:");
        var perEvent = checks.Where(c => c.What.StartsWith("event ", StringComparison.Ordinal)).ToList();
        checks.Except(perEvent).ToList().ForEach(c => output.WriteLine($"  [{(c.Ok ? "ok" : "FAILED")}] {c.What}"));
        output.WriteLine($"  [{(perEvent.TrueForAll(c => c.Ok) ? "ok" : "FAILED")}] each of the 10 events: acknowledged once with its own ticket; closed once with the completed message, but event {StillOpenEventId} whose ticket stays open");
        perEvent.Where(c => !c.Ok).ToList().ForEach(c => output.WriteLine($"  [FAILED] {c.What}"));
        output.WriteLine(checks.TrueForAll(c => c.Ok) ? "Every expectation held: one ticket per problem across a crash, a restart and a lost answer." : "Some expectations FAILED: see above.");
    }
}
