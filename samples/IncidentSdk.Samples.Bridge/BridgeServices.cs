using System;
using IncidentSdk.Coc;
using IncidentSdk.JsonRpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IncidentSdk.Samples.Bridge;

/// <summary>The bridge's services: its options, both SDK clients from their configuration sections, and the cycle.</summary>
internal static class BridgeServices
{
    /// <summary>
    /// Registers <see cref="BridgeOptions"/> (section <c>Bridge</c>, validated at start-up), <see cref="IncidentClient"/>
    /// (section <c>Coc</c>), <see cref="JsonRpcEventClient"/> (section <c>Zabbix</c>) and <see cref="BridgeCycle"/>.
    /// </summary>
    /// <returns>The builders of the clients' <c>HttpClient</c>s, to route them elsewhere (the offline scenario).</returns>
    public static (IHttpClientBuilder Coc, IHttpClientBuilder Zabbix) AddBridge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BridgeOptions>().Bind(configuration.GetSection(BridgeOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BridgeOptions>, BridgeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        var coc = services.AddIncidentClient(configuration.GetSection("Coc"));
        var zabbix = services.AddJsonRpcEventClient(configuration.GetSection("Zabbix"));
        services.TryAddSingleton<BridgeCycle>();
        return (coc, zabbix);
    }
}
