using System;
using System.Collections.Concurrent;
using System.Net.Http;
using IncidentSdk.Coc;
using IncidentSdk.JsonRpc;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentSdk.DependencyInjection;

/// <summary>Creates the COC clients registered with <c>AddIncidentClient</c>, by registration name.</summary>
internal sealed class IncidentClientFactory(IServiceProvider services, IHttpClientFactory httpClients, ClientRegistration.Registry<IncidentClientOptions> registry) : IIncidentClientFactory
{
    public IncidentClient CreateClient(string name)
    {
        ClientFactoryCheck.Registered(registry, name, "COC", "AddIncidentClient");
        var http = httpClients.CreateClient(ClientRegistration.HttpClientName(IncidentClientServiceCollectionExtensions.HttpClientName, name));
        return new IncidentClient(http, ClientRegistration.OptionsOf<IncidentClientOptions>(services, name), ownsInvoker: false);
    }
}

/// <summary>Creates the Zabbix clients registered with <c>AddJsonRpcEventClient</c>, by registration name; owns each registration's version and session.</summary>
internal sealed class JsonRpcEventClientFactory(IServiceProvider services, IHttpClientFactory httpClients, ClientRegistration.Registry<JsonRpcEventClientOptions> registry) : IJsonRpcEventClientFactory, IDisposable
{
    private readonly ConcurrentDictionary<string, ZabbixSessionState> _states = new(StringComparer.Ordinal);

    public JsonRpcEventClient CreateClient(string name)
    {
        ClientFactoryCheck.Registered(registry, name, "Zabbix", "AddJsonRpcEventClient");
        var options = ClientRegistration.OptionsOf<JsonRpcEventClientOptions>(services, name);
        var state = _states.GetOrAdd(name, _ => JsonRpcEventClient.CreateState(options));
        var http = httpClients.CreateClient(ClientRegistration.HttpClientName(JsonRpcEventClientServiceCollectionExtensions.HttpClientName, name));
        return new JsonRpcEventClient(http, options, state, ownsInvoker: false);
    }

    public void Dispose()
    {
        foreach (var state in _states.Values)
        {
            state.Dispose();
        }
    }
}

internal static class ClientFactoryCheck
{
    public static void Registered<TOptions>(ClientRegistration.Registry<TOptions> registry, string name, string service, string method)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        if (!registry.Contains(name))
        {
            throw new InvalidOperationException($"No {service} client is registered as '{name}' (registered: {registry.Describe()}); call services.{method}(\"{name}\", ...).");
        }
    }
}
