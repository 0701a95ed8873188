using System;
using IncidentSdk.DependencyInjection;
using IncidentSdk.Http;
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
    public static IHttpClientBuilder AddJsonRpcEventClient(this IServiceCollection services, string name, Action<JsonRpcEventClientOptions> configure) =>
        ClientRegistration.Add<JsonRpcEventClientOptions, JsonRpcEventClient, IJsonRpcEventClientFactory, JsonRpcEventClientFactory>(
            services,
            name,
            HttpClientName,
            configure,
            static o => o.Validate(),
            static o => o.Logging,
            HandlerChain.CreateResilienceHandler,
            [HandlerChain.CreateLoggingHandler],
            static (factory, key) => factory.CreateClient(key));

    /// <summary>Registers the default <see cref="JsonRpcEventClient"/> with options bound from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section, such as <c>configuration.GetSection("Zabbix")</c>.</param>
    /// <param name="configure">Further settings applied after binding; optional.</param>
    /// <returns>The builder of the named <c>HttpClient</c>.</returns>
    /// <remarks>
    /// The section's keys (<see cref="JsonRpcEventClientOptionsBinder"/> binds the same keys onto options without registering a client):
    /// <list type="table">
    /// <item><term><c>Url</c></term><description>The API URL or the frontend's base URL, an absolute URI such as <c>https://zabbix.example.com/zabbix/api_jsonrpc.php</c>.</description></item>
    /// <item><term><c>ApiToken</c></term><description>An API token (Zabbix 5.4+), instead of <c>Username</c> and <c>Password</c>.</description></item>
    /// <item><term><c>Username</c>, <c>Password</c></term><description>The user to log in as with <c>user.login</c>.</description></item>
    /// <item><term><c>ServerVersion</c></term><description>The server's version, such as <c>6.0.14</c>, to skip asking the server.</description></item>
    /// <item><term><c>LogoutOnDispose</c></term><description>Whether disposing a client ends a password session.</description></item>
    /// <item><term><c>MaxResponseBodyBytes</c></term><description>The largest response body read, in bytes (a whole number).</description></item>
    /// <item><term><c>AllowInsecureHttp</c></term><description><c>true</c> to allow a plain <c>http://</c> URL off this machine.</description></item>
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
    /// </list>
    /// Times are time spans such as <c>00:00:30</c>, numbers use the invariant culture and switches are <c>true</c> or
    /// <c>false</c>. A key that is absent or empty leaves the option as it was. A value that does not parse fails with an
    /// <see cref="InvalidOperationException"/> naming the full key when the options are first built (URL values are
    /// never shown in it). Binding is done by generated code (the configuration binding source generator), so it is
    /// trimming and native AOT safe.
    /// <c>ApiToken</c> and <c>Password</c> are taken exactly as configured; other values are trimmed.
    /// </remarks>
#pragma warning disable RS0027 // The named overload has as many parameters and no optional one; the two do not compete.
    public static IHttpClientBuilder AddJsonRpcEventClient(this IServiceCollection services, IConfiguration section, Action<JsonRpcEventClientOptions>? configure = null) =>
        ClientRegistration.FromSection<JsonRpcEventClientOptions>(services, section, services.AddJsonRpcEventClient(ClientRegistration.FromConfiguration(section, JsonRpcEventClientOptionsBinder.Bind, configure)));
#pragma warning restore RS0027
}
