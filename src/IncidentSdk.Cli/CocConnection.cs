using System;
using System.CommandLine;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Authentication;
using IncidentSdk.Coc;
using IncidentSdk.Testing;

namespace IncidentSdk.Cli;

/// <summary>The settings shared by the COC subcommands, and the way they run a request.</summary>
internal sealed class CocConnection(CliContext context, GlobalOptions global, Option<string?> region, Option<Uri?> endpoint)
{
    private const string OfflineAccessKey = "OFFLINEACCESSKEY0000";
    private const string OfflineSecretKey = "offline-secret-key";

    /// <summary>The action of a subcommand: build the request, seed the fake when offline, send, print.</summary>
    /// <param name="build">Builds the request from the parse result.</param>
    /// <param name="offlineState">The state the ticket needs offline; <see langword="null"/> to derive it from the operate_key.</param>
    /// <param name="describe">The human summary of a success.</param>
    public Func<ParseResult, CancellationToken, Task<int>> Action(
        Func<ParseResult, HandleIncidentRequest> build,
        FakeTicketState? offlineState,
        Func<HandleIncidentRequest, HandleIncidentResult, string> describe) =>
        IncidentCli.Action(context, global, async (parse, json, cancellationToken) =>
        {
            var request = build(parse);
            var offline = parse.GetValue(global.Offline);
            FakeCocService? fake = null;
            if (offline)
            {
                fake = context.OfflineCoc ?? new FakeCocService();
                var state = offlineState ?? StateFor(request.OperateKey);
                if (!string.IsNullOrEmpty(request.IncidentNumber) && fake.GetTicketState(request.IncidentNumber) is null)
                {
                    fake.AddTicket(request.IncidentNumber, state);
                }

                if (!json)
                {
                    context.Out.WriteLine($"offline: in-memory COC fake (IncidentSdk.Testing), nothing is sent over the network; ticket {request.IncidentNumber} is {fake.GetTicketState(request.IncidentNumber)?.ToString() ?? "unknown"}.");
                }
            }

            var client = Open(parse, fake, out var transport);
            using (transport)
            using (client)
            {
                var result = await client.HandleAsync(request, cancellationToken).ConfigureAwait(false);
                var ticketState = fake?.GetTicketState(request.IncidentNumber);
                if (json)
                {
                    JsonOutput.WriteObject(context.Out, w =>
                    {
                        w.WriteBoolean("ok", true);
                        w.WriteString("service", "coc");
                        w.WriteString("operate_key", request.OperateKey.Value);
                        w.WriteString("incident_num", request.IncidentNumber);
                        w.WriteString("operator", request.Operator);
                        w.WriteString("error_code", result.ErrorCode);
                        w.WriteStringOrNull("provider_code", result.ProviderCode);
                        w.WriteStringOrNull("request_id", result.RequestId);
                        w.WriteBoolean("offline", offline);
                        if (offline)
                        {
                            w.WriteStringOrNull("ticket_state", ticketState?.ToString());
                        }
                    });
                }
                else
                {
                    context.Out.WriteLine($"{describe(request, result)}: {result.ErrorCode} (request id {result.RequestId ?? "none"}).");
                    if (offline)
                    {
                        context.Out.WriteLine($"offline: ticket {request.IncidentNumber} is now {ticketState?.ToString() ?? "unknown"}.");
                    }
                }
            }
        });

    /// <summary>
    /// The action of a read: with <c>--offline</c>, <paramref name="seed"/> prepares the fake (a new one per run unless
    /// the context gives one), then <paramref name="run"/> reads and prints.
    /// </summary>
    public Func<ParseResult, CancellationToken, Task<int>> Read(
        Action<FakeCocService, ParseResult, bool> seed,
        Func<ParseResult, IncidentClient, bool, bool, CancellationToken, Task> run) =>
        IncidentCli.Action(context, global, async (parse, json, cancellationToken) =>
        {
            var offline = parse.GetValue(global.Offline);
            FakeCocService? fake = null;
            if (offline)
            {
                fake = context.OfflineCoc ?? new FakeCocService();
                seed(fake, parse, context.OfflineCoc is null);
                if (!json)
                {
                    context.Out.WriteLine("offline: in-memory COC fake (IncidentSdk.Testing), nothing is sent over the network.");
                }
            }

            var client = Open(parse, fake, out var transport);
            using (transport)
            using (client)
            {
                await run(parse, client, json, offline, cancellationToken).ConfigureAwait(false);
            }
        });

    /// <summary>A client for the fake when offline, else for the configured endpoint (through the context's transport when it has one).</summary>
    private IncidentClient Open(ParseResult parse, FakeCocService? fake, out HttpClient? transport)
    {
        if (fake is not null)
        {
            transport = new HttpClient(fake, disposeHandler: context.OfflineCoc is null) { Timeout = Timeout.InfiniteTimeSpan };
            return new IncidentClient(transport, new IncidentClientOptions
            {
                Endpoint = FakeCocService.Endpoint,
                Credentials = new AkSkCredentials(OfflineAccessKey, OfflineSecretKey),
            });
        }

        var configuration = CliSettings.Load(context, parse.GetValue(global.Config));
        var options = CliSettings.CocOptions(configuration, parse.GetValue(region), parse.GetValue(endpoint));
        if (context.Transport is { } handler)
        {
            transport = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
            return new IncidentClient(transport, options);
        }

        transport = null;
        return new IncidentClient(options);
    }

    private static FakeTicketState StateFor(OperateKey key)
    {
        if (key == OperateKey.AcceptedIncident)
        {
            return FakeTicketState.Triggered;
        }

        if (key == OperateKey.Confirm)
        {
            return FakeTicketState.Solved;
        }

        // commitSolution1 and the other actions act on a ticket that is being handled.
        return FakeTicketState.Accepted;
    }
}
