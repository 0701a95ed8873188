using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using NUnit.Framework;

namespace IncidentSdk.RateLimitTests;

/// <summary>
/// Three replicas of an app (separate processes) call one COC account through one RedisRateLimiting budget on a real
/// Redis server; the loopback gateway allows 50 calls in any second.
/// </summary>
[NonParallelizable]
public sealed class SharedRateLimitTests
{
    private const int Replicas = 3;
    private const int CallsEach = 200;
    private const int GatewayLimit = 50;

    /// <summary>
    /// The budget the replicas share, as a token bucket (40 a second, 2 at once): at most 42 grants in any second,
    /// under the gateway's 50 because the limiter counts when a permit is granted and the gateway when the call
    /// arrives, and the time between the two varies from call to call. A token bucket rather than RedisRateLimiting's
    /// fixed or sliding window: in version 1.2.1 both count whole seconds of the client's clock, so up to twice their
    /// limit can pass within one second across a boundary (a 45-a-second sliding window drew 4 to 6 APIG.0308 here).
    /// </summary>
    private const int SharedPermits = 40;

    private static string Redis => Environment.GetEnvironmentVariable("INCIDENTSDK_REDIS") ?? "127.0.0.1:6379";

    [OneTimeSetUp]
    public void RequireRedis()
    {
        var (host, port) = (Redis.Split(':')[0], int.Parse(Redis.Split(':')[1], CultureInfo.InvariantCulture));
        try
        {
            using var probe = new TcpClient();
            probe.Connect(host, port);
        }
        catch (SocketException ex)
        {
            var message = $"No Redis server on {Redis} ({ex.SocketErrorCode}). Start one with: redis-server --bind 127.0.0.1 --port {port} --daemonize yes";
            if (Environment.GetEnvironmentVariable("INCIDENTSDK_REQUIRE_REDIS") == "1")
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }
    }

    [Test]
    public async Task Three_processes_sharing_one_redis_limiter_stay_within_the_gateways_limit_and_none_is_throttled()
    {
        using var gateway = new ThrottlingCocGateway(GatewayLimit);
        var key = "incidentsdk-test:" + Guid.NewGuid().ToString("N");

        var results = await RunReplicasAsync(gateway, key, SharedPermits);

        var accepted = gateway.Accepted;
        var span = accepted[^1] - accepted[0];
        var rate = (accepted.Count - 1) / span.TotalSeconds;
        var busiest = gateway.BusiestSecond();
        TestContext.Out.WriteLine(FormattableString.Invariant(
            $"{Replicas} processes x {CallsEach} calls, shared token bucket {SharedPermits}/s holding {Program.BurstSize}, gateway limit {GatewayLimit}/s: {accepted.Count} calls in {span.TotalSeconds:0.00} s = {rate:0.0}/s on average, busiest second {busiest}, APIG.0308 answers {gateway.ThrottledCount}"));
        foreach (var result in results)
        {
            TestContext.Out.WriteLine(result);
        }

        Assert.Multiple(() =>
        {
            Assert.That(results, Has.All.StartsWith($"ok={CallsEach} client-throttled=0 server-throttled=0 failed=0 "));
            Assert.That(gateway.ThrottledCount, Is.Zero, "no call saw APIG.0308");
            Assert.That(accepted, Has.Count.EqualTo(Replicas * CallsEach));
            Assert.That(busiest, Is.LessThanOrEqualTo(GatewayLimit), "calls in any one second, as the gateway saw them");
            Assert.That(rate, Is.LessThanOrEqualTo(GatewayLimit), "the aggregate rate");
        });
    }

    [Test]
    public async Task Without_the_shared_limiter_the_same_replicas_are_throttled_by_the_gateway()
    {
        using var gateway = new ThrottlingCocGateway(GatewayLimit);

        var results = await RunReplicasAsync(gateway, key: "unused", permits: 0);

        TestContext.Out.WriteLine(FormattableString.Invariant($"without a limiter: APIG.0308 answers {gateway.ThrottledCount}, busiest second {gateway.BusiestSecond()}"));
        Assert.Multiple(() =>
        {
            Assert.That(gateway.ThrottledCount, Is.GreaterThan(0), "the gateway throttles what exceeds its limit");
            Assert.That(results.Sum(r => Count(r, "server-throttled")), Is.EqualTo(gateway.ThrottledCount), "each throttled call surfaced as a ThrottledException");
        });
    }

    private static int Count(string result, string name) =>
        int.Parse(result.Split(' ').Single(p => p.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..], CultureInfo.InvariantCulture);

    /// <summary>Starts the replicas at once and returns each one's result line.</summary>
    private static async Task<string[]> RunReplicasAsync(ThrottlingCocGateway gateway, string key, int permits)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var assembly = typeof(SharedRateLimitTests).Assembly.Location;
        var processes = Enumerable.Range(0, Replicas).Select(_ =>
        {
            var start = new ProcessStartInfo(dotnet)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { assembly, "replica", gateway.BaseAddress.AbsoluteUri, gateway.WarmUpAddress.AbsoluteUri, CallsEach.ToString(CultureInfo.InvariantCulture), "4", Redis, key, permits.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(argument);
            }

            return Process.Start(start)!;
        }).ToArray();

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

            // All warmed up, then all started at once.
            foreach (var process in processes)
            {
                var ready = await process.StandardOutput.ReadLineAsync(timeout.Token);
                Assert.That(ready, Is.EqualTo("ready"), () => process.StandardError.ReadToEnd());
            }

            foreach (var process in processes)
            {
                await process.StandardInput.WriteLineAsync("go");
                await process.StandardInput.FlushAsync();
            }

            var outputs = await Task.WhenAll(processes.Select(async p =>
            {
                var output = p.StandardOutput.ReadToEndAsync(timeout.Token);
                var error = p.StandardError.ReadToEndAsync(timeout.Token);
                await p.WaitForExitAsync(timeout.Token);
                Assert.That(p.ExitCode, Is.Zero, await error);
                return (await output).Trim();
            }));
            return outputs;
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
            }
        }
    }
}
