using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Threading;
using IncidentSdk.Authentication;
using IncidentSdk.Http;

namespace IncidentSdk.Benchmarks;

/// <summary>
/// End to end over a real socket, with the canned server in its own process: calls per second, this process's CPU
/// per call and bytes allocated per call, for one reused SDK client against a raw <see cref="HttpClient"/> doing the
/// same work (the same body bytes and headers; for AK/SK the same signature, computed by a plain implementation).
/// Rounds are interleaved (raw, SDK, raw, SDK, ...) so that load from other processes spreads over both; the table
/// shows each column's median over the rounds.
/// </summary>
/// <remarks>
/// Usage: <c>-- socket [--seconds N] [--rounds N] [--only NAME] [--layers]</c>. With <c>--layers</c> it adds SDK
/// clients built with one layer of the handler chain taken out, to attribute the SDK's extra CPU.
/// </remarks>
internal static class SocketHarness
{
    private const string ZabbixContentType = "application/json-rpc";
    private const string CocContentType = "application/json;charset=UTF-8";
    private const string CocToken = "MIIEXAYJKoZIhvcNAQcCoIIETTCCBEkCAQExDTALBglghkgBZQMEAgEwgg";

    // What the SDK writes for Canned.AckOne, with id 1.
    private static readonly byte[] ZabbixBody = Encoding.UTF8.GetBytes(
        """{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":["20427"],"action":4,"message":"Problem resolved."},"id":1}""");

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = double.Parse(Option(args, "--seconds") ?? "2", CultureInfo.InvariantCulture);
        var rounds = int.Parse(Option(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        var only = Option(args, "--only");
        var layers = args.Contains("--layers");
        var concurrencies = (Option(args, "--concurrency") ?? "1,16").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();

        var (server, address) = CannedServer.Start();
        try
        {
            var scenarios = Scenarios(address, layers).Where(s => only is null || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)).ToList();
            var rows = new List<string>();
            foreach (var scenario in scenarios)
            {
                foreach (var concurrency in concurrencies)
                {
                    rows.AddRange(await MeasureAsync(scenario, concurrency, seconds, rounds));
                }
            }

            Console.WriteLine();
            Console.WriteLine($"Socket harness: {seconds} s per round, {rounds} interleaved rounds, median per column; CPU and allocations are this (client) process's.");
            Console.WriteLine();
            Console.WriteLine("| scenario | concurrency | client | calls/s | x raw | CPU us/call | x raw | B alloc/call |");
            Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|");
            foreach (var row in rows)
            {
                Console.WriteLine(row);
            }

            foreach (var scenario in scenarios)
            {
                foreach (var variant in scenario.Variants)
                {
                    variant.Dispose?.Invoke();
                }
            }

            return 0;
        }
        finally
        {
            server.StandardInput.Close();
            if (!server.WaitForExit(5000))
            {
                server.Kill();
            }

            server.Dispose();
        }
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static async Task<List<string>> MeasureAsync(Scenario scenario, int concurrency, double seconds, int rounds)
    {
        var results = scenario.Variants.Select(_ => new List<Sample>()).ToArray();

        // Warm-up: JIT, connections, tiered compilation.
        foreach (var variant in scenario.Variants)
        {
            await RunForAsync(variant.Call, concurrency, Math.Min(seconds, 1.5));
        }

        for (var round = 0; round < rounds; round++)
        {
            for (var v = 0; v < scenario.Variants.Count; v++)
            {
                results[v].Add(await RunForAsync(scenario.Variants[v].Call, concurrency, seconds));
            }
        }

        var raw = Median(results[0]);
        var rows = new List<string>();
        for (var v = 0; v < scenario.Variants.Count; v++)
        {
            var m = Median(results[v]);
            rows.Add(string.Format(
                CultureInfo.InvariantCulture,
                "| {0} | {1} | {2} | {3:N0} | {4:0.00} | {5:0.0} | {6:0.00} | {7:N0} |",
                scenario.Name,
                concurrency,
                scenario.Variants[v].Name,
                m.CallsPerSecond,
                m.CallsPerSecond / raw.CallsPerSecond,
                m.CpuMicrosPerCall,
                m.CpuMicrosPerCall / raw.CpuMicrosPerCall,
                m.BytesPerCall));
            Console.Error.WriteLine(rows[^1] + "   rounds: " + string.Join(" / ", results[v].Select(s => s.CpuMicrosPerCall.ToString("0.0", CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    private static Sample Median(List<Sample> samples)
    {
        static double Mid(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(x => x).ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        return new Sample(Mid(samples.Select(s => s.CallsPerSecond)), Mid(samples.Select(s => s.CpuMicrosPerCall)), Mid(samples.Select(s => s.BytesPerCall)));
    }

    private static async Task<Sample> RunForAsync(Func<Task> call, int concurrency, double seconds)
    {
        var process = Process.GetCurrentProcess();
        long calls = 0;
        var stop = 0;
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                await call().ConfigureAwait(false);
                Interlocked.Increment(ref calls);
            }
        })).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        process.Refresh();
        var used = process.TotalProcessorTime - cpu;
        return new Sample(calls / elapsed.TotalSeconds, used.TotalMicroseconds / calls, (double)bytes / calls);
    }

    private static IEnumerable<Scenario> Scenarios(Uri address, bool layers)
    {
        var zabbixUrl = new Uri(address, CannedServer.ZabbixPath);
        var cocUri = new Uri(address, CannedServer.CocPath);
        var raw = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

        // Zabbix 7.0 with an API token: the token goes in the Authorization header.
        var zabbix = new List<Variant>
        {
            new("raw HttpClient", () => RawZabbixAsync(raw, zabbixUrl)),
            Zabbix("SDK", zabbixUrl, null),
        };
        if (layers)
        {
            zabbix.Add(Zabbix("SDK without logging handler", zabbixUrl, o => HandlerChain.Create(HandlerChain.CreateResilienceHandler(o, new ResilienceScope()), null, new PassThrough(), HandlerChain.SharedTransport())));
            zabbix.Add(Zabbix("SDK without resilience handler", zabbixUrl, o => HandlerChain.Create(new PassThrough(), null, HandlerChain.CreateLoggingHandler(o), HandlerChain.SharedTransport())));
            zabbix.Add(Zabbix("SDK without circuit breaker", zabbixUrl, o =>
            {
                o.Resilience.CircuitBreaker.Enabled = false;
                return HandlerChain.Create(o, null, HandlerChain.SharedTransport());
            }));
            zabbix.Add(Zabbix("SDK core only (no handlers)", zabbixUrl, _ => new HttpMessageInvoker(SharedTransport.Instance, disposeHandler: false)));
        }

        yield return new Scenario("Zabbix event.acknowledge, token", zabbix);

        var credentials = Canned.Credentials;
        var signed = new List<Variant>
        {
            new("raw HttpClient + HMAC", () => RawCocSignedAsync(raw, cocUri, credentials)),
            Coc("SDK", cocUri, o => o.Credentials = credentials, null),
        };
        if (layers)
        {
            signed.Add(Coc("SDK without auth handler (unsigned)", cocUri, o => o.Credentials = credentials, o => HandlerChain.Create(o, null, HandlerChain.SharedTransport())));
            signed.Add(Coc("SDK core + signing only", cocUri, o => o.Credentials = credentials, o => new HttpMessageInvoker(new AkSkSigningHandler(credentials) { InnerHandler = new TransportGuard(SharedTransport.Instance, disposeTransport: false) })));
        }

        yield return new Scenario("COC handle, AK/SK", signed);

        yield return new Scenario("COC handle, token", new List<Variant>
        {
            new("raw HttpClient", () => RawCocTokenAsync(raw, cocUri)),
            Coc("SDK", cocUri, o => o.AuthToken = CocToken, null),
        });
    }

    private static Variant Zabbix(string name, Uri url, Func<JsonRpcEventClientOptions, HttpMessageInvoker>? chain)
    {
        var options = new JsonRpcEventClientOptions { Url = url, ApiToken = Canned.ZabbixToken, ServerVersion = "7.0.22" };
        var client = chain is null ? new JsonRpcEventClient(options) : new JsonRpcEventClient(chain(options), options, null, ownsInvoker: true);
        return new Variant(name, () => client.AcknowledgeAsync(Canned.AckOne)) { Dispose = client.Dispose };
    }

    private static Variant Coc(string name, Uri uri, Action<IncidentClientOptions> auth, Func<IncidentClientOptions, HttpMessageInvoker>? chain)
    {
        var options = new IncidentClientOptions { Endpoint = new Uri(uri.GetLeftPart(UriPartial.Authority)) };
        auth(options);
        var client = chain is null ? new IncidentClient(options) : new IncidentClient(chain(options), options, ownsInvoker: true);
        return new Variant(name, () => client.AcceptAsync(Canned.Ticket, Canned.Operator)) { Dispose = client.Dispose };
    }

    private static async Task RawZabbixAsync(HttpClient client, Uri url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(ZabbixBody) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", ZabbixContentType);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Canned.ZabbixToken);
        await SendRawAsync(client, request);
    }

    private static async Task RawCocTokenAsync(HttpClient client, Uri uri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(Canned.AcceptBody) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", CocContentType);
        request.Headers.TryAddWithoutValidation("X-Auth-Token", CocToken);
        await SendRawAsync(client, request);
    }

    private static async Task RawCocSignedAsync(HttpClient client, Uri uri, AkSkCredentials credentials)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(Canned.AcceptBody) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", CocContentType);

        // SDK-HMAC-SHA256 written out plainly: host, x-domain-id and x-sdk-date signed, as the SDK signs them.
        var date = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        var canonical = "POST\n" + uri.AbsolutePath + "/\n\nhost:" + host + "\nx-domain-id:" + credentials.DomainId + "\nx-sdk-date:" + date
            + "\n\nhost;x-domain-id;x-sdk-date\n" + Convert.ToHexStringLower(SHA256.HashData(Canned.AcceptBody));
        var toSign = "SDK-HMAC-SHA256\n" + date + "\n" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(credentials.SecretKeyBytes, Encoding.UTF8.GetBytes(toSign)));
        request.Headers.TryAddWithoutValidation("X-Sdk-Date", date);
        request.Headers.TryAddWithoutValidation("X-Domain-Id", credentials.DomainId);
        request.Headers.TryAddWithoutValidation("Authorization", "SDK-HMAC-SHA256 Access=" + credentials.AccessKey + ", SignedHeaders=host;x-domain-id;x-sdk-date, Signature=" + signature);
        await SendRawAsync(client, request);
    }

    private static async Task SendRawAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK || body.Length == 0)
        {
            throw new InvalidOperationException("The canned server failed.");
        }
    }

    private sealed record Scenario(string Name, List<Variant> Variants);

    private sealed record Variant(string Name, Func<Task> Call)
    {
        public Action? Dispose { get; init; }
    }

    private readonly record struct Sample(double CallsPerSecond, double CpuMicrosPerCall, double BytesPerCall);

    /// <summary>A handler that only passes the request on: stands in for a layer taken out.</summary>
    private sealed class PassThrough : DelegatingHandler
    {
    }
}
