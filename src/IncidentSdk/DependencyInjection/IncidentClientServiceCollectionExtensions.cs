using System;
using IncidentSdk.Coc;
using IncidentSdk.DependencyInjection;
using IncidentSdk.Http;
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
    public static IHttpClientBuilder AddIncidentClient(this IServiceCollection services, string name, Action<IncidentClientOptions> configure) =>
        ClientRegistration.Add<IncidentClientOptions, IncidentClient, IIncidentClientFactory, IncidentClientFactory>(
            services,
            name,
            HttpClientName,
            configure,
            static o => o.Validate(),
            static o => o.Logging,
            HandlerChain.CreateResilienceHandler,
            [CocHandlerChain.CreateAuthHandler, HandlerChain.CreateLoggingHandler],
            static (factory, key) => factory.CreateClient(key));

    /// <summary>Registers the default <see cref="IncidentClient"/> with options bound from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section, such as <c>configuration.GetSection("Coc")</c>.</param>
    /// <param name="configure">Further settings applied after binding, such as a token provider; optional.</param>
    /// <returns>The builder of the named <c>HttpClient</c>.</returns>
    /// <remarks>
    /// The section's keys (<see cref="IncidentClientOptionsBinder"/> binds the same keys onto options without registering a client):
    /// <list type="table">
    /// <item><term><c>Endpoint</c></term><description>The COC endpoint, an absolute URI such as <c>https://coc.myhuaweicloud.com</c>; takes precedence over <c>Region</c>.</description></item>
    /// <item><term><c>Region</c></term><description>A known region id: <c>cn-north-4</c>, <c>ap-southeast-3</c> or <c>eu-west-101</c>.</description></item>
    /// <item><term><c>AccessKey</c>, <c>SecretKey</c></term><description>An AK/SK pair (set both or neither); every request is signed.</description></item>
    /// <item><term><c>ProjectId</c>, <c>DomainId</c></term><description>The project and account ids sent with AK/SK signing; optional.</description></item>
    /// <item><term><c>SecurityToken</c></term><description>The security token of temporary AK/SK credentials; optional.</description></item>
    /// <item><term><c>AuthToken</c></term><description>A static IAM token, instead of AK/SK.</description></item>
    /// <item><term><c>MaxResponseBodyBytes</c></term><description>The largest response body read, in bytes (a whole number).</description></item>
    /// <item><term><c>AllowInsecureHttp</c></term><description><c>true</c> to allow a plain <c>http://</c> endpoint off this machine.</description></item>
    /// <item><term><c>Resilience:MaxRetries</c></term><description>Retries after a failed attempt; 0 turns retries off.</description></item>
    /// <item><term><c>Resilience:BaseDelay</c>, <c>Resilience:MaxDelay</c></term><description>The first retry delay and the longest one.</description></item>
    /// <item><term><c>Resilience:UseJitter</c></term><description>Whether retry delays are randomised.</description></item>
    /// <item><term><c>Resilience:MaxRetryAfter</c></term><description>The longest <c>Retry-After</c> the client waits for.</description></item>
    /// <item><term><c>Resilience:AttemptTimeout</c>, <c>Resilience:TotalTimeout</c></term><description>The time one attempt, and the whole call, may take.</description></item>
    /// <item><term><c>Resilience:CircuitBreaker:Enabled</c></term><description>Whether the circuit breaker is on.</description></item>
    /// <item><term><c>Resilience:CircuitBreaker:FailureRatio</c></term><description>The share of failed attempts (above 0, at most 1) that opens the circuit.</description></item>
    /// <item><term><c>Resilience:CircuitBreaker:MinimumThroughput</c></term><description>The fewest attempts in the sampling window before the ratio counts.</description></item>
    /// <item><term><c>Resilience:CircuitBreaker:SamplingDuration</c></term><description>The window over which attempts are counted.</description></item>
    /// <item><term><c>Resilience:CircuitBreaker:BreakDuration</c></term><description>How long the circuit stays open before a probe call.</description></item>
    /// <item><term><c>CreateReadBack:Attempts</c>, <c>CreateReadBack:Delay</c>, <c>CreateReadBack:ClockTolerance</c>, <c>CreateReadBack:ResendWhenAbsent</c>, <c>CreateReadBack:TaskPollInterval</c></term><description>How a ticket create whose answer was lost is settled, and how often a wait for an action reads the tasks (<see cref="CreateReadBackOptions"/>).</description></item>
    /// </list>
    /// Times are time spans such as <c>00:00:30</c>, numbers use the invariant culture and switches are <c>true</c> or
    /// <c>false</c>. A key that is absent or empty leaves the option as it was. A value that does not parse fails with an
    /// <see cref="InvalidOperationException"/> naming the full key when the options are first built (endpoint values are
    /// never shown in it). Binding is done by generated code (the configuration binding source generator), so it is
    /// trimming and native AOT safe.
    /// <c>AccessKey</c>, <c>SecretKey</c>, <c>SecurityToken</c> and <c>AuthToken</c> are taken exactly as configured
    /// (a value that cannot be sent is refused by name, never trimmed); other values are trimmed.
    /// </remarks>
#pragma warning disable RS0027 // The named overload has as many parameters and no optional one; the two do not compete.
    public static IHttpClientBuilder AddIncidentClient(this IServiceCollection services, IConfiguration section, Action<IncidentClientOptions>? configure = null) =>
        ClientRegistration.FromSection<IncidentClientOptions>(services, section, services.AddIncidentClient(ClientRegistration.FromConfiguration(section, IncidentClientOptionsBinder.Bind, configure)));
#pragma warning restore RS0027
}
