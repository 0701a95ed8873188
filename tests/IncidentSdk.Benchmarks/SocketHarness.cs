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
/// Usage: <c>-- socket [--seconds N] [--rounds N] [--concurrency 1,16] [--only NAME] [--layers] [--sdk-only]</c>. With <c>--layers</c> it adds SDK
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
        var sdkOnly = args.Contains("--sdk-only");
        _stub = args.Contains("--stub");
        var concurrencies = (Option(args, "--concurrency") ?? "1,16").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();

        var (server, address) = CannedServer.Start();
        try
        {
            var scenarios = Scenarios(address, layers).Where(s => only is null || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)).ToList();
            if (sdkOnly)
            {
                // For a profiler: the SDK's clients alone (the first row is then the SDK, not raw).
                scenarios = scenarios.Select(s => s with { Variants = s.Variants.Skip(1).ToList() }).ToList();
            }

            var rows = new List<string>();
            foreach (var scenario in scenarios)
            {
                foreach (var concurrency in concurrencies)
                {
                    rows.AddRange(await MeasureAsync(scenario, concurrency, seconds, rounds));
                }
            }

            Console.WriteLine();
            Console.WriteLine($"Socket harness: {seconds} s per round, {rounds} interleaved rounds, median per column (and the best round's CPU); CPU and allocations are this (client) process's.");
            Console.WriteLine();
            Console.WriteLine("| scenario | concurrency | client | calls/s | x raw | CPU us/call | x raw | best round CPU us/call | x raw | B alloc/call | pool items/call | gen0 GCs/10k calls |");
            Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
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

    /// <summary>With <c>--stub</c>: no socket; an in-process handler answers after a thread-pool hop, for a low-noise view of the client's own code.</summary>
    private static bool _stub;

    private static TransportGuard Guard() => _stub ? new TransportGuard(new YieldingStub(), disposeTransport: true) : HandlerChain.SharedTransport();

    private static HttpMessageHandler Bare() => _stub ? new YieldingStub() : SharedTransport.CreateHandler(SharedTransport.ConnectionLifetime);

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

        // Under load from other processes CPU per call only ever grows, so the best round is the steadiest estimate.
        var rawBest = results[0].Min(r => r.CpuMicrosPerCall);
        var rows = new List<string>();
        for (var v = 0; v < scenario.Variants.Count; v++)
        {
            var m = Median(results[v]);
            var best = results[v].Min(r => r.CpuMicrosPerCall);
            rows.Add(string.Format(
                CultureInfo.InvariantCulture,
                "| {0} | {1} | {2} | {3:N0} | {4:0.00} | {5:0.0} | {6:0.00} | {10:0.0} | {11:0.00} | {7:N0} | {8:0.00} | {9:0.0} |",
                scenario.Name,
                concurrency,
                scenario.Variants[v].Name,
                m.CallsPerSecond,
                m.CallsPerSecond / raw.CallsPerSecond,
                m.CpuMicrosPerCall,
                m.CpuMicrosPerCall / raw.CpuMicrosPerCall,
                m.BytesPerCall,
                m.WorkItemsPerCall,
                m.GcsPer10kCalls,
                best,
                best / rawBest));
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

        return new Sample(Mid(samples.Select(s => s.CallsPerSecond)), Mid(samples.Select(s => s.CpuMicrosPerCall)), Mid(samples.Select(s => s.BytesPerCall)))
        {
            WorkItemsPerCall = Mid(samples.Select(s => s.WorkItemsPerCall)),
            GcsPer10kCalls = Mid(samples.Select(s => s.GcsPer10kCalls)),
        };
    }

    private static async Task<Sample> RunForAsync(Func<Task> call, int concurrency, double seconds)
    {
        var process = Process.GetCurrentProcess();
        long calls = 0;
        var stop = 0;
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var workItems = ThreadPool.CompletedWorkItemCount;
        var gcs = GC.CollectionCount(0);
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
        return new Sample(calls / elapsed.TotalSeconds, used.TotalMicroseconds / calls, (double)bytes / calls)
        {
            WorkItemsPerCall = (double)(ThreadPool.CompletedWorkItemCount - workItems) / calls,
            GcsPer10kCalls = (GC.CollectionCount(0) - gcs) * 10000.0 / calls,
        };
    }

    private static IEnumerable<Scenario> Scenarios(Uri address, bool layers)
    {
        var zabbixUrl = new Uri(address, CannedServer.ZabbixPath);
        var cocUri = new Uri(address, CannedServer.CocPath);
        var raw = _stub ? new HttpClient(new YieldingStub()) : new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

        // Zabbix 7.0 with an API token: the token goes in the Authorization header.
        var zabbix = new List<Variant>
        {
            new("raw HttpClient", () => RawZabbixAsync(raw, zabbixUrl)),
            Zabbix("SDK", zabbixUrl, null),
        };
        if (layers)
        {
            zabbix.Add(Zabbix("SDK without logging handler", zabbixUrl, o => HandlerChain.Create(HandlerChain.CreateResilienceHandler(o, new ResilienceScope()), null, new PassThrough(), Guard())));
            zabbix.Add(Zabbix("SDK without resilience handler", zabbixUrl, o => HandlerChain.Create(new AuthorizeOnce(), null, HandlerChain.CreateLoggingHandler(o), Guard())));
            zabbix.Add(Zabbix("SDK without circuit breaker", zabbixUrl, o =>
            {
                o.Resilience.CircuitBreaker.Enabled = false;
                return HandlerChain.Create(o, null, Guard());
            }));
            zabbix.Add(Zabbix("SDK core only (no handlers)", zabbixUrl, _ => new HttpMessageInvoker(Bare())));
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
            signed.Add(Coc("SDK without auth handler (unsigned)", cocUri, o => o.Credentials = credentials, o => HandlerChain.Create(o, null, Guard())));
            signed.Add(Coc("SDK core + signing only", cocUri, o => o.Credentials = credentials, o => new HttpMessageInvoker(new AkSkSigningHandler(credentials) { InnerHandler = Bare() })));
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
        if (chain is null && _stub)
        {
            chain = o => HandlerChain.Create(o, null, Guard());
        }

        var client = chain is null ? new JsonRpcEventClient(options) : new JsonRpcEventClient(chain(options), options, null, ownsInvoker: true);
        return new Variant(name, () => client.AcknowledgeAsync(Canned.AckOne)) { Dispose = client.Dispose };
    }

    private static Variant Coc(string name, Uri uri, Action<IncidentClientOptions> auth, Func<IncidentClientOptions, HttpMessageInvoker>? chain)
    {
        var options = new IncidentClientOptions { Endpoint = new Uri(uri.GetLeftPart(UriPartial.Authority)) };
        auth(options);
        if (chain is null && _stub)
        {
            chain = o => HandlerChain.Create(o, CocHandlerChain.CreateAuthHandler(o), Guard());
        }

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
            + "\n\nhost;x-domain-id;x-sdk-date\n" + Convert.ToHexStringLower(Hash(Canned.AcceptBody));
        var toSign = "SDK-HMAC-SHA256\n" + date + "\n" + Convert.ToHexStringLower(Hash(Encoding.UTF8.GetBytes(canonical)));
        _hmac ??= IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, credentials.SecretKeyBytes);
        _hmac.AppendData(Encoding.UTF8.GetBytes(toSign));
        var signature = Convert.ToHexStringLower(_hmac.GetHashAndReset());
        request.Headers.TryAddWithoutValidation("X-Sdk-Date", date);
        request.Headers.TryAddWithoutValidation("X-Domain-Id", credentials.DomainId);
        request.Headers.TryAddWithoutValidation("Authorization", "SDK-HMAC-SHA256 Access=" + credentials.AccessKey + ", SignedHeaders=host;x-domain-id;x-sdk-date, Signature=" + signature);
        await SendRawAsync(client, request);
    }

    // Hash objects kept per thread: on Linux, creating an OpenSSL hash or HMAC context per call costs more than the hashing.
    [ThreadStatic]
    private static IncrementalHash? _sha;

    [ThreadStatic]
    private static IncrementalHash? _hmac;

    private static byte[] Hash(byte[] data)
    {
        _sha ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _sha.AppendData(data);
        return _sha.GetHashAndReset();
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

    private readonly record struct Sample(double CallsPerSecond, double CpuMicrosPerCall, double BytesPerCall)
    {
        /// <summary>Thread-pool work items per call: each is a hop from one thread to another.</summary>
        public double WorkItemsPerCall { get; init; }

        public double GcsPer10kCalls { get; init; }
    }

    /// <summary>A handler that only passes the request on: stands in for a layer taken out.</summary>
    private sealed class PassThrough : DelegatingHandler
    {
    }

    /// <summary>Answers in-process after a hop to the thread pool (as a socket's completion arrives there): Zabbix echoing the id, COC success.</summary>
    private sealed class YieldingStub : HttpMessageHandler
    {
        private static readonly byte[] CocBody = Encoding.UTF8.GetBytes(Canned.CocSuccess);
        private static readonly byte[] ZabbixPrefix = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"result\":{\"eventids\":[\"20427\"]},\"id\":");

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            await Task.Yield();
            byte[] answer;
            if (request.RequestUri!.AbsolutePath.EndsWith(CannedServer.ZabbixPath, StringComparison.Ordinal))
            {
                var idStart = body.AsSpan().LastIndexOf("\"id\":"u8) + 5;
                var id = body.AsSpan(idStart, body.Length - idStart - 1);
                answer = new byte[ZabbixPrefix.Length + id.Length + 1];
                ZabbixPrefix.CopyTo(answer, 0);
                id.CopyTo(answer.AsSpan(ZabbixPrefix.Length));
                answer[^1] = (byte)'}';
            }
            else
            {
                answer = CocBody;
            }

            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(answer), RequestMessage = request };
            response.Headers.TryAddWithoutValidation("Date", "Tue, 01 Dec 2026 06:00:00 GMT");
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            return response;
        }
    }

    /// <summary>Stands in for the resilience handler: one attempt, which the transport guard is told the policy decided on.</summary>
    private sealed class AuthorizeOnce : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            RequestMetadata.Get(request)?.Authorize();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
