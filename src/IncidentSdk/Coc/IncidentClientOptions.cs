using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Serialization;
using IncidentSdk.Authentication;
using IncidentSdk.Diagnostics;
using IncidentSdk.Http;
using IncidentSdk.Internal;

namespace IncidentSdk.Coc;

/// <summary>
/// Where and how <see cref="IncidentClient"/> talks to COC. The IAM token and the token provider are left out of
/// JSON serialization and hidden from the debugger, and <see cref="ToString"/> masks every secret.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class IncidentClientOptions : IClientOptions
{
    /// <summary>The default <see cref="MaxResponseBodyBytes"/>: 1 MiB.</summary>
    public const int DefaultMaxResponseBodyBytes = 1024 * 1024;

    /// <summary>The COC endpoint, such as <c>https://coc.myhuaweicloud.com</c>. Takes precedence over <see cref="Region"/>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>A known region id (<c>cn-north-4</c>, <c>ap-southeast-3</c>, <c>eu-west-101</c>) whose endpoint to use when <see cref="Endpoint"/> is not set.</summary>
    public string? Region { get; set; }

    /// <summary>
    /// Allows a plain <c>http://</c> <see cref="Endpoint"/> that is not on this machine. Off by default: tokens and
    /// signed requests would cross the network unencrypted. Loopback endpoints (for tests) are always allowed.
    /// </summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>AK/SK credentials; every request is signed. Set this or an IAM token, not both.</summary>
    public AkSkCredentials? Credentials { get; set; }

    /// <summary>
    /// A static IAM token sent as <c>X-Auth-Token</c>. Set this, <see cref="AuthTokenProvider"/> or <see cref="Credentials"/>.
    /// Printable ASCII only, with no leading or trailing space: <see cref="Validate"/> refuses anything else.
    /// </summary>
    [JsonIgnore]
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string? AuthToken { get; set; }

    /// <summary>
    /// Supplies the IAM token for each attempt, so the app can refresh it before it expires. A token that is empty or
    /// not printable ASCII fails the call with <see cref="RequestValidationException"/> before it is sent.
    /// </summary>
    [JsonIgnore]
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public IAuthTokenProvider? AuthTokenProvider { get; set; }

    /// <summary>Logging: the logger factory and the headers whose values may be logged (an allow-list).</summary>
    public LoggingOptions Logging { get; } = new();

    /// <summary>Timeouts and retries. COC actions are never repeated once they may have reached the server.</summary>
    public ResilienceOptions Resilience { get; } = new();

    /// <summary>How a ticket create whose answer was lost is settled through the list API.</summary>
    public CreateReadBackOptions CreateReadBack { get; } = new();

    /// <summary>The largest response body the client reads; a larger one fails with <see cref="InvalidResponseException"/>. Default 1 MiB.</summary>
    public int MaxResponseBodyBytes { get; set; } = DefaultMaxResponseBodyBytes;

    /// <summary>
    /// The clock for everything the client times: request signing, <c>Retry-After</c> dates, retry delays, the total
    /// and per-attempt budgets, the circuit breaker and logged durations. Default <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Fills what is not set from the environment (<see cref="ServiceEnvironment"/>): <see cref="Credentials"/> from
    /// <c>HUAWEICLOUD_SDK_AK</c>/<c>_SK</c> (and <c>_PROJECT_ID</c>, <c>_DOMAIN_ID</c>, <c>_SECURITY_TOKEN</c>) when no
    /// credentials or token are set; <see cref="Endpoint"/> from <c>COC_ENDPOINT</c> or <see cref="Region"/> from
    /// <c>COC_REGION</c> when neither is set. What is already set is kept.
    /// </summary>
    /// <param name="variables">Reads a variable; <see cref="Environment.GetEnvironmentVariable(string)"/> unless given.</param>
    /// <returns>These options.</returns>
    /// <exception cref="InvalidOperationException">Only one of the two keys is set, or <c>COC_ENDPOINT</c> is not an absolute URI.</exception>
    public IncidentClientOptions ApplyEnvironment(Func<string, string?>? variables = null)
    {
        var read = ServiceEnvironment.Reader(variables);
        if (Credentials is null && string.IsNullOrEmpty(AuthToken) && AuthTokenProvider is null)
        {
            Credentials = AkSkCredentials.FromEnvironment(read);
        }

        if (Endpoint is null && string.IsNullOrEmpty(Region))
        {
            Endpoint = ServiceEnvironment.AbsoluteUri(read, ServiceEnvironment.CocEndpoint);
            Region = Endpoint is null ? read(ServiceEnvironment.CocRegion)?.Trim() : null;
        }

        return this;
    }

    /// <summary>Returns the endpoint to call, from <see cref="Endpoint"/> or <see cref="Region"/>.</summary>
    /// <exception cref="InvalidOperationException">Neither gives a usable endpoint; the message says what to set.</exception>
    public Uri ResolveEndpoint()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        return Endpoint ?? CocRegions.Endpoints[Region!];
    }

    /// <summary>Checks the options and returns every problem as a sentence that says what to fix; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Endpoint is not null)
        {
            EndpointRules.Check(nameof(Endpoint), Endpoint, AllowInsecureHttp, "https://coc.myhuaweicloud.com", problems);
        }
        else if (string.IsNullOrEmpty(Region))
        {
            problems.Add($"Set Endpoint (such as https://coc.myhuaweicloud.com) or Region (one of {KnownRegions()}).");
        }
        else if (!CocRegions.Endpoints.ContainsKey(Region!))
        {
            problems.Add($"Region '{Region}' has no known COC endpoint; use one of {KnownRegions()}, or set Endpoint.");
        }

        var authCount = (Credentials is null ? 0 : 1) + (string.IsNullOrEmpty(AuthToken) ? 0 : 1) + (AuthTokenProvider is null ? 0 : 1);
        if (authCount == 0)
        {
            problems.Add("Set Credentials (AK/SK) or AuthToken / AuthTokenProvider (IAM token).");
        }
        else if (authCount > 1)
        {
            problems.Add("Set only one of Credentials, AuthToken and AuthTokenProvider.");
        }

        if (!string.IsNullOrEmpty(AuthToken) && !HeaderValue.IsUsable(AuthToken!))
        {
            problems.Add(HeaderValue.Problem(nameof(AuthToken)));
        }

        Resilience.ValidateTransport(MaxResponseBodyBytes, TimeProvider, problems);
        CreateReadBack.Validate(problems);
        return problems;
    }

    /// <summary>Describes the options without revealing a key or token: the endpoint without user info, query or fragment.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() =>
        $"IncidentClientOptions {{ Endpoint = {(Endpoint is null ? "(none)" : EndpointRules.Display(Endpoint))}, Region = {Region ?? "(none)"}, "
        + $"Credentials = {Credentials?.ToString() ?? "(none)"}, AuthToken = {(string.IsNullOrEmpty(AuthToken) ? "(none)" : "***")}, "
        + $"AuthTokenProvider = {AuthTokenProvider?.GetType().Name ?? "(none)"}, AllowInsecureHttp = {(AllowInsecureHttp ? "true" : "false")} }}";

    /// <summary>The auth provider in effect (a static token becomes a <see cref="StaticAuthTokenProvider"/>).</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    internal IAuthTokenProvider? EffectiveTokenProvider =>
        AuthTokenProvider ?? (string.IsNullOrEmpty(AuthToken) ? null : new StaticAuthTokenProvider(AuthToken!));

    private static string KnownRegions() => string.Join(", ", CocRegions.Endpoints.Keys.OrderBy(k => k, StringComparer.Ordinal));
}
