using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json.Serialization;
using IncidentSdk.Diagnostics;
using IncidentSdk.Http;
using IncidentSdk.Internal;

namespace IncidentSdk.JsonRpc;

/// <summary>
/// Where and how <see cref="JsonRpcEventClient"/> talks to a Zabbix API. The API token and the password are left
/// out of JSON serialization and hidden from the debugger, and <see cref="ToString"/> masks them.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class JsonRpcEventClientOptions : IClientOptions
{
    /// <summary>The default <see cref="MaxResponseBodyBytes"/>: 8 MiB (event.get with long histories can be large).</summary>
    public const int DefaultMaxResponseBodyBytes = 8 * 1024 * 1024;

    /// <summary>
    /// The API URL (<c>https://zabbix.example.com/zabbix/api_jsonrpc.php</c>) or the frontend's base URL
    /// (<c>https://zabbix.example.com/zabbix/</c>), to which <c>api_jsonrpc.php</c> is appended.
    /// </summary>
    public Uri? Url { get; set; }

    /// <summary>
    /// Allows a plain <c>http://</c> <see cref="Url"/> that is not on this machine. Off by default: passwords,
    /// tokens and session ids would cross the network unencrypted. Loopback URLs (for tests) are always allowed.
    /// </summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>
    /// An API token (Zabbix 5.4+). Set this, or <see cref="Username"/> and <see cref="Password"/>. Printable ASCII
    /// only, with no leading or trailing space (from 6.4 it is sent in the <c>Authorization</c> header).
    /// </summary>
    [JsonIgnore]
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string? ApiToken { get; set; }

    /// <summary>The user to log in as with <c>user.login</c>; the session is cached and renewed once when it ends.</summary>
    public string? Username { get; set; }

    /// <summary>The password of <see cref="Username"/>, sent in the <c>user.login</c> body as given (configuration binds it untrimmed).</summary>
    [JsonIgnore]
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string? Password { get; set; }

    /// <summary>
    /// The server's version (such as <c>6.0.14</c>), to skip the <c>apiinfo.version</c> call. The version picks
    /// the auth transport (the <c>auth</c> field before 6.4, the <c>Authorization: Bearer</c> header from 6.4) and
    /// which action bits the validator accepts.
    /// </summary>
    public string? ServerVersion { get; set; }

    /// <summary>Whether disposing the client asynchronously ends a password session with <c>user.logout</c>. Default <see langword="true"/>.</summary>
    public bool LogoutOnDispose { get; set; } = true;

    /// <summary>Logging: the logger factory and the headers whose values may be logged (an allow-list).</summary>
    public LoggingOptions Logging { get; } = new();

    /// <summary>Timeouts and retries. An acknowledge that adds a message is never resent blindly (see <see cref="JsonRpcEventClient"/>).</summary>
    public ResilienceOptions Resilience { get; } = new();

    /// <summary>The largest response body the client reads. Default 8 MiB.</summary>
    public int MaxResponseBodyBytes { get; set; } = DefaultMaxResponseBodyBytes;

    /// <summary>
    /// The clock for everything the client times: <c>Retry-After</c> dates, retry delays, the total and per-attempt
    /// budgets, the circuit breaker, logged durations, and the server-clock estimate the read-back after an ambiguous
    /// failure relies on. Default <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The API URL the client posts to.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Url"/> is not set or breaks a rule of <see cref="Validate"/>; the message says what to fix.</exception>
    public Uri ResolveApiUrl()
    {
        var problems = new List<string>();
        ValidateUrl(problems);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        var url = Url!;

        if (url.AbsolutePath.EndsWith(".php", StringComparison.OrdinalIgnoreCase))
        {
            return url;
        }

        var text = url.GetLeftPart(UriPartial.Path);
        return new Uri(text.EndsWith("/", StringComparison.Ordinal) ? text + "api_jsonrpc.php" : text + "/api_jsonrpc.php");
    }

    /// <summary>
    /// Fills what is not set from the environment, as Zabbix's <c>zabbix_utils</c> does (<see cref="ServiceEnvironment"/>):
    /// <see cref="Url"/> from <c>ZABBIX_URL</c>; when neither a token nor a user is set, <see cref="ApiToken"/> from
    /// <c>ZABBIX_TOKEN</c>, or else <see cref="Username"/> and <see cref="Password"/> from <c>ZABBIX_USER</c> and
    /// <c>ZABBIX_PASSWORD</c>. What is already set is kept.
    /// </summary>
    /// <param name="variables">Reads a variable; <see cref="Environment.GetEnvironmentVariable(string)"/> unless given.</param>
    /// <returns>These options.</returns>
    /// <exception cref="InvalidOperationException"><c>ZABBIX_URL</c> is not an absolute URI (the value is not shown).</exception>
    public JsonRpcEventClientOptions ApplyEnvironment(Func<string, string?>? variables = null)
    {
        var read = ServiceEnvironment.Reader(variables);
        Url ??= ServiceEnvironment.AbsoluteUri(read, ServiceEnvironment.ZabbixUrl);
        if (string.IsNullOrEmpty(ApiToken) && string.IsNullOrEmpty(Username))
        {
            ApiToken = read(ServiceEnvironment.ZabbixToken);
            if (ApiToken is null)
            {
                Username = read(ServiceEnvironment.ZabbixUser);
                Password = string.IsNullOrEmpty(Password) ? read(ServiceEnvironment.ZabbixPassword) : Password;
            }
        }

        return this;
    }

    /// <summary>Checks the options and returns every problem as a sentence that says what to fix.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        ValidateUrl(problems);

        var hasToken = !string.IsNullOrEmpty(ApiToken);
        var hasUser = !string.IsNullOrEmpty(Username);
        var hasPassword = !string.IsNullOrEmpty(Password);
        if (hasToken && (hasUser || hasPassword))
        {
            problems.Add("Set ApiToken or Username and Password, not both.");
        }
        else if (!hasToken && !(hasUser && hasPassword))
        {
            problems.Add(hasUser || hasPassword
                ? "Set both Username and Password, or use ApiToken."
                : "Set ApiToken (Zabbix 5.4+), or Username and Password.");
        }

        if (hasToken && !HeaderValue.IsUsable(ApiToken!))
        {
            // From Zabbix 6.4 the token is sent as "Authorization: Bearer <token>".
            problems.Add(HeaderValue.Problem(nameof(ApiToken)));
        }

        if (ServerVersion is not null && !ZabbixVersion.TryParse(ServerVersion, out _))
        {
            problems.Add($"ServerVersion '{ServerVersion}' is not a version such as 6.0.14; leave it empty to ask the server.");
        }

        Resilience.ValidateTransport(MaxResponseBodyBytes, TimeProvider, problems);
        return problems;
    }

    /// <summary>Describes the options without revealing the token or password: the URL without user info, query or fragment.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() =>
        $"JsonRpcEventClientOptions {{ Url = {(Url is null ? "(none)" : EndpointRules.Display(Url))}, ApiToken = {Masked(ApiToken)}, "
        + $"Username = {Username ?? "(none)"}, Password = {Masked(Password)}, ServerVersion = {ServerVersion ?? "(none)"}, "
        + $"AllowInsecureHttp = {(AllowInsecureHttp ? "true" : "false")} }}";

    private static string Masked(string? secret) => string.IsNullOrEmpty(secret) ? "(none)" : "***";

    private void ValidateUrl(List<string> problems)
    {
        const string Example = "https://zabbix.example.com/zabbix/api_jsonrpc.php";
        if (Url is null)
        {
            problems.Add($"Set Url to the Zabbix API, such as {Example}.");
        }
        else
        {
            EndpointRules.Check(nameof(Url), Url, AllowInsecureHttp, Example, problems);
        }
    }
}
