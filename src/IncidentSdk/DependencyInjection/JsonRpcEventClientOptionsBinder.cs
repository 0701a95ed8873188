using System;
using IncidentSdk.JsonRpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentSdk.DependencyInjection;

/// <summary>
/// Binds <see cref="JsonRpcEventClientOptions"/> from a configuration section, with the keys listed on
/// <see cref="JsonRpcEventClientServiceCollectionExtensions.AddJsonRpcEventClient(IServiceCollection, IConfiguration, Action{JsonRpcEventClientOptions})"/>.
/// Binding uses the configuration binding source generator: no reflection, so it is trimming and AOT safe.
/// </summary>
public static class JsonRpcEventClientOptionsBinder
{
    /// <summary>Copies the values present in <paramref name="section"/> onto <paramref name="options"/>; absent keys keep their values.</summary>
    /// <param name="section">The configuration section, such as <c>configuration.GetSection("Zabbix")</c>.</param>
    /// <param name="options">The options to fill.</param>
    /// <exception cref="InvalidOperationException">A value does not parse; the message names the key.</exception>
    public static void Bind(IConfiguration section, JsonRpcEventClientOptions options) =>
        ClientSection.Read(section, options, static s => s.Get<ZabbixSection>()).ApplyTo(options, section);
}
