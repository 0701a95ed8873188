using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
#if NET8_0_OR_GREATER
using System.Diagnostics.CodeAnalysis;
#endif
using IncidentSdk.Diagnostics;
using IncidentSdk.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IncidentSdk.DependencyInjection;

/// <summary>
/// What the COC and Zabbix registrations share: one named <c>HttpClient</c> per registration name, whose
/// handlers are added once however often the app registers the name, whose primary handler follows no redirects,
/// and whose pipeline is sealed last (after every handler the app adds, directly or through
/// <c>ConfigureHttpClientDefaults</c>): other retry layers removed and the transport guard around the primary handler.
/// </summary>
internal static class ClientRegistration
{
    /// <summary>Handler types of Microsoft.Extensions.Http.Resilience and Microsoft.Extensions.Http.Polly: retry, hedging and policy layers.</summary>
    private static readonly string[] ForeignResilienceHandlers =
    [
        "Microsoft.Extensions.Http.Resilience.ResilienceHandler",
        "Microsoft.Extensions.Http.PolicyHttpMessageHandler",
    ];

    private static readonly ConcurrentDictionary<string, bool> Reported = new(StringComparer.Ordinal);

    /// <summary>The names registered for one kind of client, kept as an instance in the service collection.</summary>
    internal sealed class Registry<TOptions>
    {
        private readonly HashSet<string> _names = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _sections = new(StringComparer.Ordinal);

        public bool Add(string name) => _names.Add(name);

        /// <summary>Records the configuration section a registration was bound from, to name it in start-up errors.</summary>
        public void SetSection(string name, string path) => _sections[name] = path;

        public string? SectionOf(string name) => _sections.TryGetValue(name, out var path) ? path : null;

        public bool Contains(string name) => _names.Contains(name);

        public string Describe() => _names.Count == 0 ? "(none)" : string.Join(", ", _names.OrderBy(n => n, StringComparer.Ordinal).Select(n => n.Length == 0 ? "(default)" : "'" + n + "'"));
    }

    /// <summary>The <c>HttpClient</c> name of a registration: the base name for the default registration, <c>base:name</c> otherwise.</summary>
    public static string HttpClientName(string baseName, string name) => name.Length == 0 ? baseName : baseName + ":" + name;

    /// <summary>
    /// Registers the options of <paramref name="name"/> and, the first time only, its named <c>HttpClient</c> with
    /// the handler from <paramref name="resilience"/> (given the registration's <see cref="ResilienceScope"/>, which
    /// its clients share for the circuit) and then <paramref name="handlers"/>, and makes its clients resolvable,
    /// built by <paramref name="create"/>. Returns the client's builder either way.
    /// </summary>
    public static IHttpClientBuilder Add<
#if NET8_0_OR_GREATER
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)]
#endif
        TOptions, TClient, TFactory,
#if NET8_0_OR_GREATER
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)]
#endif
        TFactoryImplementation>(
        IServiceCollection services,
        string name,
        string baseHttpClientName,
        Action<TOptions> configure,
        Func<TOptions, IReadOnlyList<string>> validate,
        Func<TOptions, LoggingOptions> logging,
        Func<TOptions, ResilienceScope, DelegatingHandler> resilience,
        Func<TOptions, DelegatingHandler>[] handlers,
        Func<TFactory, string, TClient> create)
        where TOptions : class
        where TClient : class
        where TFactory : class
        where TFactoryImplementation : class, TFactory
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        var httpClientName = HttpClientName(baseHttpClientName, name);
        var registry = RegistryOf<TOptions>(services);
        var first = registry.Add(name);

        // A second registration of a name adds its settings after the first one's; it never adds handlers.
        services.AddOptions<TOptions>(name).Configure(configure);
        var builder = services.AddHttpClient(httpClientName);
        if (!first)
        {
            return builder;
        }

        services.AddOptions<TOptions>(name).ValidateOnStart();
        LoggingRegistration.Add(services, name, logging);
        services.TryAddEnumerableSingleton<IValidateOptions<TOptions>>(new OptionsValidator<TOptions>(validate, registry.SectionOf));
        services.TryAddSingleton(static _ => new ResilienceScopes<TOptions>());

        LoggingRegistration.WithoutFactoryLoggers(builder)
            .ConfigureHttpClient(static client => client.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(static () =>
#if NET8_0_OR_GREATER
                SharedTransport.CreateHandler(SharedTransport.ConnectionLifetime));
#else
                SharedTransport.CreateHandler());
#endif
        builder.AddHttpMessageHandler(sp => resilience(OptionsOf<TOptions>(sp, name), sp.GetRequiredService<ResilienceScopes<TOptions>>().Get(name)));
        foreach (var handler in handlers)
        {
            builder.AddHttpMessageHandler(sp => handler(OptionsOf<TOptions>(sp, name)));
        }

        // Post-configured, so it runs after every handler action the app registers, before or after this call.
        services.PostConfigure<HttpClientFactoryOptions>(httpClientName, factory =>
            factory.HttpMessageHandlerBuilderActions.Add(b => Seal(b, httpClientName)));
        AddResolution<TClient, TFactory, TFactoryImplementation>(services, name, create);
        return builder;
    }

    /// <summary>
    /// Makes the clients of a registration resolvable: through <typeparamref name="TFactory"/> always, as the unkeyed
    /// service for the default registration, and as a keyed service for a named one on .NET 8 and later.
    /// </summary>
    private static void AddResolution<TClient, TFactory,
#if NET8_0_OR_GREATER
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)]
#endif
        TFactoryImplementation>(IServiceCollection services, string name, Func<TFactory, string, TClient> create)
        where TClient : class
        where TFactory : class
        where TFactoryImplementation : class, TFactory
    {
        services.TryAddSingleton<TFactory, TFactoryImplementation>();
        if (name.Length == 0)
        {
            services.TryAddTransient(sp => create(sp.GetRequiredService<TFactory>(), string.Empty));
        }
#if NET8_0_OR_GREATER
        else
        {
            services.AddKeyedTransient(name, (sp, key) => create(sp.GetRequiredService<TFactory>(), (string)key!));
        }
#endif
    }

    /// <summary>
    /// The settings of an <c>Add...Client(IConfiguration)</c> overload: the section bound with <paramref name="bind"/>,
    /// then <paramref name="configure"/>, if given.
    /// </summary>
    public static Action<TOptions> FromConfiguration<TOptions>(IConfiguration section, Action<IConfiguration, TOptions> bind, Action<TOptions>? configure)
    {
        if (section is null)
        {
            throw new ArgumentNullException(nameof(section));
        }

        return options =>
        {
            bind(section, options);
            configure?.Invoke(options);
        };
    }

    /// <summary>
    /// Records that the default registration of <typeparamref name="TOptions"/> was bound from <paramref name="section"/>,
    /// so that a start-up validation error names the full key (<c>Coc:Resilience:MaxRetries</c>).
    /// </summary>
    public static IHttpClientBuilder FromSection<TOptions>(IServiceCollection services, IConfiguration section, IHttpClientBuilder builder)
    {
        if (section is IConfigurationSection { Path.Length: > 0 } named)
        {
            RegistryOf<TOptions>(services).SetSection(Microsoft.Extensions.Options.Options.DefaultName, named.Path);
        }

        return builder;
    }

    /// <summary>The options of registration <paramref name="name"/> as they are now (after any configuration reload).</summary>
    public static TOptions OptionsOf<
#if NET8_0_OR_GREATER
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)]
#endif
        TOptions>(IServiceProvider services, string name)
        where TOptions : class =>
        services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name);

    /// <summary>The registry of <typeparamref name="TOptions"/> in <paramref name="services"/>, added on first use.</summary>
    public static Registry<TOptions> RegistryOf<TOptions>(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(Registry<TOptions>) && !descriptor.IsKeyedService && descriptor.ImplementationInstance is Registry<TOptions> existing)
            {
                return existing;
            }
        }

        var registry = new Registry<TOptions>();
        services.AddSingleton(registry);
        return registry;
    }

    /// <summary>Removes other retry layers and puts the transport guard around the primary handler.</summary>
    private static void Seal(HttpMessageHandlerBuilder builder, string httpClientName)
    {
        for (var i = builder.AdditionalHandlers.Count - 1; i >= 0; i--)
        {
            if (ForeignResilienceType(builder.AdditionalHandlers[i]) is { } type)
            {
                builder.AdditionalHandlers.RemoveAt(i);
                if (Reported.TryAdd(httpClientName + "|" + type, true))
                {
                    var logger = builder.Services.GetService<ILoggerFactory>()?.CreateLogger(Log.HttpCategory) ?? NullLogger.Instance;
                    Log.RemovedResilienceHandler(logger, type, httpClientName);
                }
            }
        }

        builder.PrimaryHandler = new TransportGuard(builder.PrimaryHandler, disposeTransport: true);
    }

    private static string? ForeignResilienceType(DelegatingHandler handler)
    {
        for (var type = handler.GetType(); type is not null; type = type.BaseType)
        {
            if (Array.IndexOf(ForeignResilienceHandlers, type.FullName) >= 0)
            {
                return type.FullName;
            }
        }

        return null;
    }

    private static void TryAddEnumerableSingleton<TService>(this IServiceCollection services, TService instance)
        where TService : class =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton(instance));
}
