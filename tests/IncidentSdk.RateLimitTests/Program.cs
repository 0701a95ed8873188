using System.Diagnostics;
using System.Globalization;
using IncidentSdk.Authentication;
using IncidentSdk.Coc;
using RedisRateLimiting;
using StackExchange.Redis;

namespace IncidentSdk.RateLimitTests;

/// <summary>
/// The test assembly is also a replica of an integration app: <c>dotnet IncidentSdk.RateLimitTests.dll replica
/// ENDPOINT WARMUP CALLS CONCURRENCY REDIS KEY PERMITS</c> first warms its code up with calls to WARMUP (no limiter),
/// prints <c>ready</c> and waits for a line on its input; then accepts CALLS tickets on ENDPOINT with CONCURRENCY
/// callers, every attempt taking a permit from a RedisRateLimiting token bucket refilled with PERMITS per second
/// (holding <see cref="BurstSize"/>) under KEY on REDIS (PERMITS 0: no limiter), and prints one line: <c>ok=N client-throttled=N server-throttled=N failed=N seconds=S</c>.
/// </summary>
internal static class Program
{
    /// <summary>The most permits the shared token bucket holds: what replicas may send at once after a pause.</summary>
    public const int BurstSize = 2;

    public static async Task<int> Main(string[] args)
    {
        if (args is not ["replica", var endpoint, var warmUp, var callsText, var concurrencyText, var redis, var key, var permitsText])
        {
            await Console.Error.WriteLineAsync("usage: replica ENDPOINT WARMUP CALLS CONCURRENCY REDIS KEY PERMITS").ConfigureAwait(false);
            return 2;
        }

        var calls = int.Parse(callsText, CultureInfo.InvariantCulture);
        var concurrency = int.Parse(concurrencyText, CultureInfo.InvariantCulture);
        var permits = int.Parse(permitsText, CultureInfo.InvariantCulture);
        using var connection = permits > 0 ? await ConnectionMultiplexer.ConnectAsync(redis).ConfigureAwait(false) : null;
        using var limiter = connection is null
            ? null
            : new RedisTokenBucketRateLimiter<string>(key, new RedisTokenBucketRateLimiterOptions
            {
                // PERMITS a second, one at a time, at most BurstSize at once after a pause.
                TokenLimit = BurstSize,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1.0 / permits),
                ConnectionMultiplexerFactory = () => connection,
            });

        using (var warm = new IncidentClient(Options(warmUp, limiter: null)))
        {
            for (var i = 0; i < 20; i++)
            {
                await warm.AcceptAsync("IM202403221515060171753781", "7da46971b7e24eed90cf777cc2ff8b91").ConfigureAwait(false);
            }
        }

        Console.WriteLine("ready");
        await Console.In.ReadLineAsync().ConfigureAwait(false);
        using var client = new IncidentClient(Options(endpoint, limiter));

        int ok = 0, clientThrottled = 0, serverThrottled = 0, failed = 0, next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < calls)
            {
                try
                {
                    await client.AcceptAsync("IM202403221515060171753781", "7da46971b7e24eed90cf777cc2ff8b91").ConfigureAwait(false);
                    Interlocked.Increment(ref ok);
                }
                catch (ThrottledException throttled) when (throttled.IsClientSide)
                {
                    Interlocked.Increment(ref clientThrottled);
                }
                catch (ThrottledException)
                {
                    Interlocked.Increment(ref serverThrottled);
                }
                catch (IncidentSdkException error)
                {
                    Interlocked.Increment(ref failed);
                    await Console.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
                }
            }
        })).ConfigureAwait(false);

        Console.WriteLine(FormattableString.Invariant(
            $"ok={ok} client-throttled={clientThrottled} server-throttled={serverThrottled} failed={failed} seconds={watch.Elapsed.TotalSeconds:0.000}"));
        return 0;
    }

    private static IncidentClientOptions Options(string endpoint, System.Threading.RateLimiting.RateLimiter? limiter)
    {
        var options = new IncidentClientOptions
        {
            Endpoint = new Uri(endpoint),
            Credentials = new AkSkCredentials("REPLICAAKREPLICAAK01", "replica-secret-key-0123456789"),
        };

        // No retries: a call the gateway throttles fails and is counted, instead of being retried out of sight.
        options.Resilience.MaxRetries = 0;
        options.Resilience.CircuitBreaker.Enabled = false;
        options.Resilience.RateLimiter = limiter;
        return options;
    }
}
