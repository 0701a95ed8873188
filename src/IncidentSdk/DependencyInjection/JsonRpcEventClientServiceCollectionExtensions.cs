using System;
using IncidentSdk.Http;
using IncidentSdk.DependencyInjection;
using IncidentSdk.JsonRpc;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="JsonRpcEventClient"/> over a named client of <c>IHttpClientFactory</c>, once per Zabbix server.</summary>
public static class JsonRpcEventClientServiceCollectionExtensions
{
    /// <summary>
    /// The name of the <c>HttpClient</c> of the default registration. A named registration uses
    /// <c>IncidentSdk.Zabbix:</c> followed by its name, such as <c>IncidentSdk.Zabbix:dc2</c>.
    /// </summary>
    public const string HttpClientName = "IncidentSdk.Zabbix";

    /// <summary>
    /// Registers the default <see cref="JsonRpcEventClient"/> with the SDK's resilience handler (Polly v8), retrying
    /// per JSON-RPC method and action. Every client instance of a registration shares one server version and one
    /// login session. Options are validated at start-up. Calling it again applies the new settings after the earlier
    /// ones and adds no second set of handlers.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the URL, credentials and timeouts.</param>
    /// <returns>The builder of the named <c>HttpClient</c>, to add handlers or replace the primary handler.</returns>
    /// <remarks>
    /// The SDK's clients follow no redirects, and their resilience is the SDK's own: retry and hedging handlers of
    /// Microsoft.Extensions.Http.Resilience or Microsoft.Extensions.Http.Polly added to them (directly, or through
    /// <c>ConfigureHttpClientDefaults</c>) are removed, and any other handler that tries to send a request again is
    /// refused with <see cref="IncidentSdk.DuplicateSendRefusedException"/>.
    /// </remarks>
    public static IHttpClientBuilder AddJsonRpcEventClient(this IServiceCollection services, Action<JsonRpcEventClientOptions> configure) =>
        services.AddJsonRpcEventClient(string.Empty, configure);

    /// <summary>
    /// Registers a named <see cref="JsonRpcEventClient"/> (one per Zabbix server or account), with its own options,
    /// connection pool, retry policy, circuit, server version and login session. Resolve it with
    /// <see cref="IJsonRpcEventClientFactory.CreateClient"/> on every target, or on .NET 8 and later also as a keyed
    /// service (<c>[FromKeyedServices("dc2")] JsonRpcEventClient</c>). The empty name is the default registration.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration's name, such as <c>dc2</c>.</param>
    /// <param name="configure">Sets the URL, credentials and timeouts.</param>
    /// <returns>The builder of the named <c>HttpClient</c>.</returns>
    public static IHttpClientBuilder AddJsonRpcEventClient(this IServiceCollection services, string name, Action<JsonRpcEventClientOptions> configure)
    {
        var builder = ClientRegistration.Add(
            services,
            name,
            HttpClientName,
            configure,
            static o => o.Validate(),
            static o => o.Logging,
            HandlerChain.CreateResilienceHandler,
            [HandlerChain.CreateLoggingHandler],
            out var first);
        if (first)
        {
            ClientRegistration.AddResolution<JsonRpcEventClient, IJsonRpcEventClientFactory, JsonRpcEventClientFactory>(services, name, static (factory, key) => factory.CreateClient(key));
        }

        return builder;
    }

    /// <summary>Registers the default <see cref="JsonRpcEventClient"/> with options bound from a configuration section (see <see cref="JsonRpcEventClientOptionsBinder"/> for the keys).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section, such as <c>configuration.GetSection("Zabbix")</c>.</param>
    /// <param name="configure">Further settings applied after binding; optional.</param>
    /// <returns>The builder of the named <c>HttpClient</c>.</returns>
#pragma warning disable RS0027 // The named overload has as many parameters and no optional one; the two do not compete.
    public static IHttpClientBuilder AddJsonRpcEventClient(this IServiceCollection services, IConfiguration section, Action<JsonRpcEventClientOptions>? configure = null)
    {
        if (section is null)
        {
            throw new ArgumentNullException(nameof(section));
        }

        return services.AddJsonRpcEventClient(options =>
        {
            JsonRpcEventClientOptionsBinder.Bind(section, options);
            configure?.Invoke(options);
        });
    }
#pragma warning restore RS0027
}
