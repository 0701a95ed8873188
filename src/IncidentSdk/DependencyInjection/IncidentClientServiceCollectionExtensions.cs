using System;
using IncidentSdk.Http;
using IncidentSdk.Coc;
using IncidentSdk.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="IncidentClient"/> over a named client of <c>IHttpClientFactory</c>, once per account or region.</summary>
public static class IncidentClientServiceCollectionExtensions
{
    /// <summary>
    /// The name of the <c>HttpClient</c> of the default registration. A named registration uses
    /// <c>IncidentSdk.Coc:</c> followed by its name, such as <c>IncidentSdk.Coc:eu</c>.
    /// </summary>
    public const string HttpClientName = "IncidentSdk.Coc";

    /// <summary>
    /// Registers the default <see cref="IncidentClient"/> with the SDK's handlers: resilience (Polly v8) outermost,
    /// authentication inside it so every attempt is signed anew. Options are validated at start-up. Calling it again
    /// applies the new settings after the earlier ones and adds no second set of handlers.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the endpoint, credentials and timeouts.</param>
    /// <returns>The builder of the named <c>HttpClient</c>, to add handlers or replace the primary handler.</returns>
    /// <remarks>
    /// The SDK's clients follow no redirects, and their resilience is the SDK's own: retry and hedging handlers of
    /// Microsoft.Extensions.Http.Resilience or Microsoft.Extensions.Http.Polly added to them (directly, or through
    /// <c>ConfigureHttpClientDefaults</c>) are removed, and any other handler that tries to send a request again is
    /// refused with <see cref="IncidentSdk.DuplicateSendRefusedException"/>.
    /// </remarks>
    public static IHttpClientBuilder AddIncidentClient(this IServiceCollection services, Action<IncidentClientOptions> configure) =>
        services.AddIncidentClient(string.Empty, configure);

    /// <summary>
    /// Registers a named <see cref="IncidentClient"/> (one per COC account or region), with its own options,
    /// connection pool, retry policy and circuit. Resolve it with <see cref="IIncidentClientFactory.CreateClient"/>
    /// on every target, or on .NET 8 and later also as a keyed service (<c>[FromKeyedServices("eu")] IncidentClient</c>).
    /// The empty name is the default registration.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration's name, such as <c>eu</c>.</param>
    /// <param name="configure">Sets the endpoint, credentials and timeouts.</param>
    /// <returns>The builder of the named <c>HttpClient</c>.</returns>
    public static IHttpClientBuilder AddIncidentClient(this IServiceCollection services, string name, Action<IncidentClientOptions> configure)
    {
        var builder = ClientRegistration.Add(
            services,
            name,
            HttpClientName,
            configure,
            static o => o.Validate(),
            static o => o.Logging,
            HandlerChain.CreateResilienceHandler,
            [CocHandlerChain.CreateAuthHandler, HandlerChain.CreateLoggingHandler],
            out var first);
        if (first)
        {
            ClientRegistration.AddResolution<IncidentClient, IIncidentClientFactory, IncidentClientFactory>(services, name, static (factory, key) => factory.CreateClient(key));
        }

        return builder;
    }

    /// <summary>Registers the default <see cref="IncidentClient"/> with options bound from a configuration section (see <see cref="IncidentClientOptionsBinder"/> for the keys).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section, such as <c>configuration.GetSection("Coc")</c>.</param>
    /// <param name="configure">Further settings applied after binding, such as a token provider; optional.</param>
    /// <returns>The builder of the named <c>HttpClient</c>.</returns>
#pragma warning disable RS0027 // The named overload has as many parameters and no optional one; the two do not compete.
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
#pragma warning restore RS0027
}
