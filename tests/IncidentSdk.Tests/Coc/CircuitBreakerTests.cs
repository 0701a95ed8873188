using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentSdk.Tests.Coc;

/// <summary>The circuit breaker: opens after sustained failures, fails fast without sending, closes after a healthy probe.</summary>
public sealed class CircuitBreakerTests
{
    [Test]
    public async Task Sustained_failures_open_the_circuit_and_a_healthy_probe_closes_it()
    {
        using var mock = new MockHttpMessageHandler();
        var healthy = false;
        var requests = 0;
        mock.When("*").Respond(_ =>
        {
            requests++;
            return healthy
                ? new System.Net.Http.HttpResponseMessage(HttpStatusCode.OK) { Content = new System.Net.Http.StringContent(CocBodies.Success) }
                : new System.Net.Http.HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        });
        using var client = CocTest.Client(mock, o =>
        {
            o.TimeProvider = TimeProvider.System;
            o.Resilience.MaxRetries = 0;
            o.Resilience.CircuitBreaker.MinimumThroughput = 4;
            o.Resilience.CircuitBreaker.FailureRatio = 0.5;
            o.Resilience.CircuitBreaker.BreakDuration = TimeSpan.FromMilliseconds(500);
        });

        for (var i = 0; i < 4; i++)
        {
            Assert.ThrowsAsync<ServiceUnavailableException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        }

        var before = DateTimeOffset.UtcNow;
        var open = Assert.ThrowsAsync<CircuitOpenException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        Assert.Multiple(() =>
        {
            Assert.That(requests, Is.EqualTo(4), "an open circuit sends nothing");
            Assert.That(open!.RequestMayHaveReachedServer, Is.False);
            Assert.That(open.Operation, Is.EqualTo("acceptedIncident1"));
            Assert.That(open.RetryAfter, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMilliseconds(500)));
            Assert.That(open.RetryAt, Is.GreaterThan(before).And.LessThanOrEqualTo(DateTimeOffset.UtcNow.AddMilliseconds(500)));
            Assert.That(open.Message, Does.StartWith("The COC call 'acceptedIncident1' was not sent: the circuit to coc.example.test is open after sustained failures. It will let a call through again at "));
        });

        healthy = true;
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        await client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);
        await client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        Assert.That(requests, Is.EqualTo(6), "the probe and the call after it both went through");
    }

    [Test]
    public void An_open_circuit_is_not_retried()
    {
        using var mock = new MockHttpMessageHandler();
        var unavailable = mock.When("*").Respond(HttpStatusCode.ServiceUnavailable);
        using var client = CocTest.Client(mock, o =>
        {
            o.TimeProvider = TimeProvider.System;
            o.Resilience.MaxRetries = 10;
            o.Resilience.CircuitBreaker.MinimumThroughput = 3;
            o.Resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
        });

        Assert.ThrowsAsync<CircuitOpenException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.That(mock.GetMatchCount(unavailable), Is.EqualTo(3), "three 503s open the circuit; the retry stops there instead of waiting out the break");
    }

    [Test]
    public async Task Through_dependency_injection_the_circuit_outlives_the_handler_rotation()
    {
        using var mock = new MockHttpMessageHandler();
        var unavailable = mock.When("*").Respond(HttpStatusCode.ServiceUnavailable);
        var services = new ServiceCollection();
        services.AddIncidentClient(o =>
        {
            o.Endpoint = new Uri(CocTest.Endpoint);
            o.AuthToken = "token";
            o.Resilience.MaxRetries = 0;
            o.Resilience.CircuitBreaker.MinimumThroughput = 3;
            o.Resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
        })
        .ConfigurePrimaryHttpMessageHandler(() => mock)
        .SetHandlerLifetime(TimeSpan.FromSeconds(1));
        await using var provider = services.BuildServiceProvider();
        var first = provider.GetRequiredService<IncidentSdk.Coc.IncidentClient>();
        for (var i = 0; i < 3; i++)
        {
            Assert.ThrowsAsync<ServiceUnavailableException>(() => first.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        }

        // Past the handler lifetime the factory builds a new handler chain for the next client.
        await Task.Delay(TimeSpan.FromMilliseconds(1200));
        var second = provider.GetRequiredService<IncidentSdk.Coc.IncidentClient>();

        Assert.ThrowsAsync<CircuitOpenException>(() => second.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        Assert.That(mock.GetMatchCount(unavailable), Is.EqualTo(3));
    }

    [Test]
    public void Caller_errors_and_4xx_answers_do_not_open_the_circuit()
    {
        using var mock = new MockHttpMessageHandler();
        var bad = mock.When("*").Respond(HttpStatusCode.BadRequest, "application/json", CocBodies.InvalidParameter);
        using var client = CocTest.Client(mock, o =>
        {
            o.TimeProvider = TimeProvider.System;
            o.Resilience.CircuitBreaker.MinimumThroughput = 2;
        });

        for (var i = 0; i < 5; i++)
        {
            Assert.ThrowsAsync<InvalidParameterException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        }

        Assert.That(mock.GetMatchCount(bad), Is.EqualTo(5));
    }

    [Test]
    public void Settings_bind_from_configuration_and_are_validated()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new System.Collections.Generic.Dictionary<string, string?>
        {
            ["Endpoint"] = "https://coc.example.test",
            ["AuthToken"] = "token",
            ["Resilience:CircuitBreaker:FailureRatio"] = "1.5",
            ["Resilience:CircuitBreaker:MinimumThroughput"] = "1",
            ["Resilience:CircuitBreaker:BreakDuration"] = "00:00:20",
        }).Build();
        var options = new IncidentSdk.Coc.IncidentClientOptions();
        IncidentSdk.DependencyInjection.IncidentClientOptionsBinder.Bind(section, options);

        Assert.Multiple(() =>
        {
            Assert.That(options.Resilience.CircuitBreaker.BreakDuration, Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(options.Validate(), Does.Contain("Resilience:CircuitBreaker:FailureRatio is 1.5; use a value above 0 and at most 1."));
            Assert.That(options.Validate(), Does.Contain("Resilience:CircuitBreaker:MinimumThroughput is 1; use at least 2."));
        });
    }
}
