using System;
#if NET8_0_OR_GREATER
using System.Diagnostics.CodeAnalysis;
#endif
using IncidentSdk.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentSdk.DependencyInjection;

/// <summary>Wires a client registration to the container's logging, with the client's header allow-list.</summary>
internal static class LoggingRegistration
{
    public static void Add<
#if NET8_0_OR_GREATER
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)]
#endif
        TOptions>(IServiceCollection services, string name, Func<TOptions, LoggingOptions> logging)
        where TOptions : class
    {
        // The container's logger factory unless the app set one (AddHttpClient registers logging).
        services.AddOptions<TOptions>(name).PostConfigure<ILoggerFactory>((options, factory) => logging(options).LoggerFactory ??= factory);
    }

    /// <summary>
    /// Removes IHttpClientFactory's own request loggers from the client: they redact header values in the message
    /// text but pass the raw header collection as the log state, where a structured sink would record the
    /// signature, the security token or the session. The SDK's handler logs the same summaries from the allow-list.
    /// </summary>
    public static IHttpClientBuilder WithoutFactoryLoggers(IHttpClientBuilder builder) => builder.RemoveAllLoggers();
}
