using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.JsonRpc;
using IncidentSdk.Testing;

namespace IncidentSdk.Cli;

/// <summary>The settings shared by the Zabbix subcommands, and the way they run a call.</summary>
internal sealed class ZabbixConnection(CliContext context, GlobalOptions global, Option<Uri?> url, Option<string?> serverVersion)
{
    public CliContext Context => context;

    public GlobalOptions Global => global;

    public Func<ParseResult, CancellationToken, Task<int>> Acknowledge(
        Func<ParseResult, AcknowledgeEventRequest> build,
        Func<AcknowledgeEventRequest, IReadOnlyList<string>, string> describe) =>
        IncidentCli.Action(context, global, async (parse, json, cancellationToken) =>
        {
            var offline = parse.GetValue(global.Offline);
            var request = build(parse);
            await using var session = Open(parse, json, request, credentialsRequired: true);
            if (session.ToFake is { } toFake)
            {
                request = new AcknowledgeEventRequest(request.EventIds.Select(id => toFake.TryGetValue(id, out var fakeId) ? fakeId : id), request.Action)
                {
                    Message = request.Message,
                    Severity = request.Severity,
                    SuppressUntil = request.SuppressUntil,
                    CauseEventId = request.CauseEventId,
                };
            }

            var result = await session.Client.AcknowledgeAsync(request, cancellationToken).ConfigureAwait(false);
            var updated = result.EventIds.Select(session.FromFake).ToArray();
            if (json)
            {
                JsonOutput.WriteObject(context.Out, w =>
                {
                    w.WriteBoolean("ok", true);
                    w.WriteString("service", "zabbix");
                    w.WriteString("method", "event.acknowledge");
                    w.WriteNumber("action", (int)request.Action);
                    w.WriteStartArray("eventids");
                    foreach (var id in updated)
                    {
                        w.WriteStringValue(id);
                    }

                    w.WriteEndArray();
                    w.WriteBoolean("verified_after_ambiguous_failure", result.VerifiedAfterAmbiguousFailure);
                    w.WriteBoolean("offline", offline);
                });
            }
            else
            {
                var verified = result.VerifiedAfterAmbiguousFailure ? " (confirmed by reading the events back after a failure that left the outcome unclear)" : string.Empty;
                context.Out.WriteLine($"{describe(request, updated)}{verified}.");
            }
        });

    public Func<ParseResult, CancellationToken, Task<int>> Version() =>
        IncidentCli.Action(context, global, async (parse, json, cancellationToken) =>
        {
            var offline = parse.GetValue(global.Offline);
            await using var session = Open(parse, json, null, credentialsRequired: false);
            var version = await session.Client.GetServerVersionAsync(cancellationToken).ConfigureAwait(false);
            if (json)
            {
                JsonOutput.WriteObject(context.Out, w =>
                {
                    w.WriteBoolean("ok", true);
                    w.WriteString("service", "zabbix");
                    w.WriteString("version", version.ToString());
                    w.WriteString("url", session.Client.ApiUrl.AbsoluteUri);
                    w.WriteBoolean("offline", offline);
                });
            }
            else
            {
                context.Out.WriteLine($"Zabbix API {version} at {session.Client.ApiUrl.AbsoluteUri}");
            }
        });

    internal ZabbixSession Open(ParseResult parse, bool json, AcknowledgeEventRequest? request, bool credentialsRequired, bool sampleProblems = false)
    {
        if (!parse.GetValue(global.Offline))
        {
            var configuration = CliSettings.Load(context, parse.GetValue(global.Config));
            var options = CliSettings.ZabbixOptions(configuration, parse.GetValue(url), parse.GetValue(serverVersion), credentialsRequired);
            if (context.Transport is { } handler)
            {
                var transport = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
                return new ZabbixSession(new JsonRpcEventClient(transport, options), transport, null);
            }

            return new ZabbixSession(new JsonRpcEventClient(options), null, null);
        }

        var fake = context.OfflineZabbix ?? (sampleProblems ? ZabbixProblemsCommand.SampleFake() : new FakeZabbixService());
        var eventIds = request?.EventIds ?? [];
        if (request is not null)
        {
            // Validated with the ids as given, so messages name them rather than the fake's ids they map to.
            AcknowledgeEventRequestValidator.Validate(request, ZabbixVersion.Parse(fake.Version)).ThrowIfInvalid(nameof(AcknowledgeEventRequest));
        }

        // The fake numbers its own problems, so each given id that it does not know stands for a new problem.
        // Ids the fake already has are used as they are; they are found before any problem is added, so a
        // new problem's id never collides with another given id.
        var toFake = new Dictionary<string, string>(StringComparer.Ordinal);
        var candidates = eventIds.Distinct(StringComparer.Ordinal).ToArray();
        foreach (var id in candidates.Where(id => fake.GetEvent(id) is not null))
        {
            toFake[id] = id;
        }

        foreach (var id in candidates.Where(id => !toFake.ContainsKey(id)))
        {
            toFake[id] = fake.AddProblem(EventSeverity.Average, $"Offline problem for event {id}");
        }

        if (!json)
        {
            var mapped = toFake.Where(p => p.Key != p.Value).Select(p => $"{p.Key} -> {p.Value}").ToArray();
            context.Out.WriteLine(
                $"offline: in-memory Zabbix {fake.Version} fake (IncidentSdk.Testing), nothing is sent over the network"
                + (mapped.Length > 0 ? $"; simulated events (given -> fake id): {string.Join(", ", mapped)}." : "."));
        }

        var offlineTransport = new HttpClient(fake, disposeHandler: context.OfflineZabbix is null) { Timeout = Timeout.InfiniteTimeSpan };
        var client = new JsonRpcEventClient(offlineTransport, new JsonRpcEventClientOptions
        {
            Url = FakeZabbixService.Endpoint,
            ApiToken = fake.AddToken(),
        });
        return new ZabbixSession(client, offlineTransport, toFake);
    }

}

/// <summary>A client for one run, with its transport and, offline, the id mapping to the fake's events.</summary>
internal sealed class ZabbixSession(JsonRpcEventClient client, HttpClient? transport, Dictionary<string, string>? toFake) : IAsyncDisposable
{
    private readonly Dictionary<string, string>? _fromFake = toFake?.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public JsonRpcEventClient Client => client;

    public IReadOnlyDictionary<string, string>? ToFake => toFake;

    public string FromFake(string fakeId) => _fromFake is not null && _fromFake.TryGetValue(fakeId, out var given) ? given : fakeId;

    public async ValueTask DisposeAsync()
    {
        await client.DisposeAsync().ConfigureAwait(false);
        transport?.Dispose();
    }
}
