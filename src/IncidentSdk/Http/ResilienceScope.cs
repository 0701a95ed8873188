using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Polly;

namespace IncidentSdk.Http;

/// <summary>
/// What the clients of one options object, or of one dependency injection registration, share: a circuit per
/// distinct circuit settings and clock. Each client still gets a <see cref="ResiliencePolicy"/> of its own, built
/// from its options as they are when it is built; the last one is reused while the settings stay the same, so
/// clients created per call cost no new pipeline.
/// </summary>
internal sealed class ResilienceScope
{
    private readonly object _gate = new();
    private readonly Dictionary<CircuitKey, ResiliencePipeline<HttpResponseMessage>> _circuits = [];
    private ResiliencePolicy? _last;

    /// <summary>A policy from <paramref name="options"/> as they are now, with the circuit of this scope for its circuit settings.</summary>
    public ResiliencePolicy Policy(ResilienceOptions options, TimeProvider timeProvider, ILogger logger)
    {
        var settings = options.Snapshot();
        lock (_gate)
        {
            if (_last is { } last && last.Matches(settings, timeProvider, logger))
            {
                return last;
            }

            ResiliencePipeline<HttpResponseMessage>? circuit = null;
            if (settings.Circuit is { } circuitSettings)
            {
                var key = new CircuitKey(circuitSettings, timeProvider);
                if (!_circuits.TryGetValue(key, out circuit))
                {
                    circuit = ResiliencePolicy.BuildCircuit(circuitSettings, timeProvider);
                    _circuits.Add(key, circuit);
                }
            }

            return _last = new ResiliencePolicy(settings, timeProvider, logger, circuit);
        }
    }

    private readonly record struct CircuitKey(CircuitSettings Settings, TimeProvider TimeProvider);
}

/// <summary>The scopes of one kind of registered client, by registration name; one per container.</summary>
/// <typeparam name="TOptions">The client's options type, which tells the COC and Zabbix registrations apart.</typeparam>
internal sealed class ResilienceScopes<TOptions>
{
    private readonly ConcurrentDictionary<string, ResilienceScope> _scopes = new(StringComparer.Ordinal);

    public ResilienceScope Get(string name) => _scopes.GetOrAdd(name, static _ => new ResilienceScope());
}
