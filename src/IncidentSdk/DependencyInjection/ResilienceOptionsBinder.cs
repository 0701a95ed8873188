using IncidentSdk.Http;
using Microsoft.Extensions.Configuration;

namespace IncidentSdk.DependencyInjection;

/// <summary>Binds the <c>Resilience</c> sub-section shared by both clients.</summary>
internal static class ResilienceOptionsBinder
{
    public static void Bind(IConfiguration section, ResilienceOptions options)
    {
        var read = new ConfigurationReader(section);
        options.MaxRetries = read.Int32("MaxRetries") ?? options.MaxRetries;
        options.BaseDelay = read.TimeSpan("BaseDelay") ?? options.BaseDelay;
        options.MaxDelay = read.TimeSpan("MaxDelay") ?? options.MaxDelay;
        options.UseJitter = read.Boolean("UseJitter") ?? options.UseJitter;
        options.MaxRetryAfter = read.TimeSpan("MaxRetryAfter") ?? options.MaxRetryAfter;
        options.AttemptTimeout = read.TimeSpan("AttemptTimeout") ?? options.AttemptTimeout;
        options.TotalTimeout = read.TimeSpan("TotalTimeout") ?? options.TotalTimeout;

        var breaker = new ConfigurationReader(section.GetSection("CircuitBreaker"));
        var circuit = options.CircuitBreaker;
        circuit.Enabled = breaker.Boolean("Enabled") ?? circuit.Enabled;
        circuit.FailureRatio = breaker.Double("FailureRatio") ?? circuit.FailureRatio;
        circuit.MinimumThroughput = breaker.Int32("MinimumThroughput") ?? circuit.MinimumThroughput;
        circuit.SamplingDuration = breaker.TimeSpan("SamplingDuration") ?? circuit.SamplingDuration;
        circuit.BreakDuration = breaker.TimeSpan("BreakDuration") ?? circuit.BreakDuration;
    }
}
