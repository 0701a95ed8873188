using System;
using IncidentSdk.JsonRpc;
using Microsoft.Extensions.Configuration;

namespace IncidentSdk.DependencyInjection;

/// <summary>
/// Binds <see cref="JsonRpcEventClientOptions"/> from a configuration section with these keys: <c>Url</c>,
/// <c>ApiToken</c>, <c>Username</c>, <c>Password</c>, <c>ServerVersion</c>, <c>LogoutOnDispose</c>,
/// <c>MaxResponseBodyBytes</c>, <c>AllowInsecureHttp</c> and a <c>Resilience</c> sub-section (as for the COC client).
/// Values are trimmed, except <c>ApiToken</c> and <c>Password</c>, which are taken exactly as configured.
/// </summary>
public static class JsonRpcEventClientOptionsBinder
{
    /// <summary>Copies the values present in <paramref name="section"/> onto <paramref name="options"/>; absent keys keep their values.</summary>
    /// <param name="section">The configuration section, such as <c>configuration.GetSection("Zabbix")</c>.</param>
    /// <param name="options">The options to fill.</param>
    /// <exception cref="InvalidOperationException">A value does not parse; the message names the key.</exception>
    public static void Bind(IConfiguration section, JsonRpcEventClientOptions options)
    {
        if (section is null)
        {
            throw new ArgumentNullException(nameof(section));
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var read = new ConfigurationReader(section);
        options.Url = read.AbsoluteUri("Url") ?? options.Url;
        options.ApiToken = read.Secret("ApiToken") ?? options.ApiToken;
        options.Username = read.String("Username") ?? options.Username;
        options.Password = read.Secret("Password") ?? options.Password;
        options.ServerVersion = read.String("ServerVersion") ?? options.ServerVersion;
        options.LogoutOnDispose = read.Boolean("LogoutOnDispose") ?? options.LogoutOnDispose;
        options.MaxResponseBodyBytes = read.Int32("MaxResponseBodyBytes") ?? options.MaxResponseBodyBytes;
        options.AllowInsecureHttp = read.Boolean("AllowInsecureHttp") ?? options.AllowInsecureHttp;
        ResilienceOptionsBinder.Bind(section.GetSection("Resilience"), options.Resilience);
    }
}
