using System.Diagnostics;

namespace IncidentSdk.FaultTests.Coc;

/// <summary>The circuit breaker on a real socket: a server that keeps failing, then recovers.</summary>
public class CircuitBreakerFaultTests
{
    private const string Success = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null}""";

    [Test]
    public async Task A_failing_server_opens_the_circuit_calls_fail_fast_and_a_healthy_probe_closes_it()
    {
        var healthy = false;
        await using var server = await FaultServer.StartAsync(c => healthy
            ? Faults.RespondAsync(c, 200, Success, headers: (Faults.RequestIdHeader, "probe"))
            : Faults.RespondAsync(c, 502, "<html><body>Bad Gateway</body></html>", "text/html"));
        using var client = CocFaultTests.Client(server.BaseAddress, o =>
        {
            o.Resilience.MaxRetries = 0;
            o.Resilience.CircuitBreaker.MinimumThroughput = 5;
            o.Resilience.CircuitBreaker.FailureRatio = 0.5;
            o.Resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(1);
        });

        for (var i = 0; i < 5; i++)
        {
            Assert.ThrowsAsync<ServiceUnavailableException>(() => client.AcceptAsync(CocFaultTests.IncidentNumber, CocFaultTests.Operator));
        }

        var clock = Stopwatch.StartNew();
        var open = Assert.ThrowsAsync<CircuitOpenException>(() => client.AcceptAsync(CocFaultTests.IncidentNumber, CocFaultTests.Operator));
        var failFast = clock.Elapsed;
        Assert.Multiple(() =>
        {
            Assert.That(server.Requests, Is.EqualTo(5), "the open circuit sent nothing");
            Assert.That(open!.RequestMayHaveReachedServer, Is.False);
            Assert.That(open.RetryAfter, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(open.Message, Does.Contain("is open after sustained failures. It will let a call through again at "));
            Assert.That(failFast, Is.LessThan(TimeSpan.FromSeconds(1)), "fails at once instead of waiting for the server");
        });

        healthy = true;
        await Task.Delay(open!.RetryAfter!.Value + TimeSpan.FromMilliseconds(200));
        var probe = await client.AcceptAsync(CocFaultTests.IncidentNumber, CocFaultTests.Operator);
        var after = await client.AcceptAsync(CocFaultTests.IncidentNumber, CocFaultTests.Operator);

        Assert.Multiple(() =>
        {
            Assert.That(probe.RequestId, Is.EqualTo("probe"));
            Assert.That(after.RequestId, Is.EqualTo("probe"));
            Assert.That(server.Requests, Is.EqualTo(7), "the probe and the call after it reached the server");
        });
    }
}
