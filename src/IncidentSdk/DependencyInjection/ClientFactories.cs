using System.Collections.Concurrent;
using System.Net.Http;
using System;
using IncidentSdk.Coc;
using IncidentSdk.Http;
using IncidentSdk.JsonRpc;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentSdk.DependencyInjection;

/// <summary>Creates the COC clients registered with <c>AddIncidentClient</c>, by registration name.</summary>
/// <remarks>
/// Each client gets the registration's options as they are when it is created (a reload changes the clients created
/// after it) and keeps them; the clients of one registration share one circuit while its settings are unchanged.
/// </remarks>
internal sealed class IncidentClientFactory(
    IServiceProvider services,
    IHttpClientFactory httpClients,
    ClientRegistration.Registry<IncidentClientOptions> registry,
    ResilienceScopes<IncidentClientOptions> scopes) : IIncidentClientFactory
{
    public IncidentClient CreateClient(string name)
    {
        ClientFactoryCheck.Registered(registry, name, "COC", "AddIncidentClient");
        var options = ClientRegistration.OptionsOf<IncidentClientOptions>(services, name);
        var http = httpClients.CreateClient(ClientRegistration.HttpClientName(IncidentClientServiceCollectionExtensions.HttpClientName, name));
        var policy = HandlerChain.CreatePolicy(options, scopes.Get(name));
        return new IncidentClient(PolicyBoundClient.Create(http, policy), options, ownsInvoker: false);
    }
}

/// <summary>Creates the Zabbix clients registered with <c>AddJsonRpcEventClient</c>, by registration name; owns each registration's version and session.</summary>
/// <remarks>Options, settings and circuits as for <see cref="IncidentClientFactory"/>.</remarks>
internal sealed class JsonRpcEventClientFactory(
    IServiceProvider services,
    IHttpClientFactory httpClients,
    ClientRegistration.Registry<JsonRpcEventClientOptions> registry,
    ResilienceScopes<JsonRpcEventClientOptions> scopes) : IJsonRpcEventClientFactory, IDisposable
{
    private readonly ConcurrentDictionary<string, ZabbixSessionState> _states = new(StringComparer.Ordinal);

    public JsonRpcEventClient CreateClient(string name)
    {
        ClientFactoryCheck.Registered(registry, name, "Zabbix", "AddJsonRpcEventClient");
        var options = ClientRegistration.OptionsOf<JsonRpcEventClientOptions>(services, name);
        var state = _states.GetOrAdd(name, _ => ZabbixSession.CreateState(options));
        var http = httpClients.CreateClient(ClientRegistration.HttpClientName(JsonRpcEventClientServiceCollectionExtensions.HttpClientName, name));
        var policy = HandlerChain.CreatePolicy(options, scopes.Get(name));
        return new JsonRpcEventClient(PolicyBoundClient.Create(http, policy), options, state, ownsInvoker: false);
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
