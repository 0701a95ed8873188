using System;
using System.Threading;
using IncidentSdk.Coc;
using IncidentSdk.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="IncidentClient"/> as a typed client of <c>IHttpClientFactory</c>.</summary>
public static class IncidentClientServiceCollectionExtensions
{
    /// <summary>The name of the <c>HttpClient</c> the registration configures.</summary>
    public const string HttpClientName = "IncidentSdk.Coc";

    /// <summary>
    /// Registers <see cref="IncidentClient"/> with the SDK's handlers: resilience (Polly v8) outermost,
    /// authentication inside it so every attempt is signed anew. Options are validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the endpoint, credentials and timeouts.</param>
    /// <returns>The builder of the named <c>HttpClient</c>, to add or replace handlers (such as the primary handler).</returns>
    public static IHttpClientBuilder AddIncidentClient(this IServiceCollection services, Action<IncidentClientOptions> configure)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        services.AddOptions<IncidentClientOptions>().Configure(configure).ValidateOnStart();
        LoggingRegistration.Add<IncidentClientOptions>(services, static o => o.Logging);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IncidentClientOptions>>(new OptionsValidator<IncidentClientOptions>(static o => o.Validate())));

        return LoggingRegistration.WithoutFactoryLoggers(services.AddHttpClient(HttpClientName))
            .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler(static sp => CocHandlerChain.CreateResilienceHandler(Options(sp)))
            .AddHttpMessageHandler(static sp => CocHandlerChain.CreateAuthHandler(Options(sp)))
            .AddHttpMessageHandler(static sp => CocHandlerChain.CreateLoggingHandler(Options(sp)))
            .AddTypedClient(static (http, sp) => new IncidentClient(http, Options(sp), ownsInvoker: false));
    }

    /// <summary>Registers <see cref="IncidentClient"/> with options bound from a configuration section (see <see cref="IncidentClientOptionsBinder"/> for the keys).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section, such as <c>configuration.GetSection("Coc")</c>.</param>
    /// <param name="configure">Further settings applied after binding, such as a token provider; optional.</param>
    /// <returns>The builder of the named <c>HttpClient</c>.</returns>
    public static IHttpClientBuilder AddIncidentClient(this IServiceCollection services, IConfiguration section, Action<IncidentClientOptions>? configure = null)
    {
        if (section is null)
        {
            throw new ArgumentNullException(nameof(section));
        }

        return services.AddIncidentClient(options =>
        {
            IncidentClientOptionsBinder.Bind(section, options);
            configure?.Invoke(options);
        });
    }

    private static IncidentClientOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<IncidentClientOptions>>().Value;
}
