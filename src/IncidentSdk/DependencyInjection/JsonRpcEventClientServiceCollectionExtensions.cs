using System;
using System.Threading;
using IncidentSdk.DependencyInjection;
using IncidentSdk.Http;
using IncidentSdk.JsonRpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="JsonRpcEventClient"/> as a typed client of <c>IHttpClientFactory</c>.</summary>
public static class JsonRpcEventClientServiceCollectionExtensions
{
    /// <summary>The name of the <c>HttpClient</c> the registration configures.</summary>
    public const string HttpClientName = "IncidentSdk.Zabbix";

    /// <summary>
    /// Registers <see cref="JsonRpcEventClient"/> with the SDK's resilience handler (Polly v8), retrying per
    /// JSON-RPC method and action. Every client instance shares one server version and one login session.
    /// Options are validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the URL, credentials and timeouts.</param>
    /// <returns>The builder of the named <c>HttpClient</c>, to add or replace handlers.</returns>
    public static IHttpClientBuilder AddJsonRpcEventClient(this IServiceCollection services, Action<JsonRpcEventClientOptions> configure)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        services.AddOptions<JsonRpcEventClientOptions>().Configure(configure).ValidateOnStart();
        LoggingRegistration.Add<JsonRpcEventClientOptions>(services, static o => o.Logging);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JsonRpcEventClientOptions>>(new OptionsValidator<JsonRpcEventClientOptions>(static o => o.Validate())));
        services.TryAddSingleton(static sp => JsonRpcEventClient.CreateState(Options(sp)));

        return LoggingRegistration.WithoutFactoryLoggers(services.AddHttpClient(HttpClientName))
            .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler(static sp => JsonRpcEventClient.CreateResilienceHandler(Options(sp)))
            .AddHttpMessageHandler(static sp => JsonRpcEventClient.CreateLoggingHandler(Options(sp)))
            .AddTypedClient(static (http, sp) => new JsonRpcEventClient(http, Options(sp), sp.GetRequiredService<ZabbixSessionState>(), ownsInvoker: false));
    }

    /// <summary>Registers <see cref="JsonRpcEventClient"/> with options bound from a configuration section (see <see cref="JsonRpcEventClientOptionsBinder"/> for the keys).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section, such as <c>configuration.GetSection("Zabbix")</c>.</param>
    /// <param name="configure">Further settings applied after binding; optional.</param>
    /// <returns>The builder of the named <c>HttpClient</c>.</returns>
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

    private static JsonRpcEventClientOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<JsonRpcEventClientOptions>>().Value;
}
