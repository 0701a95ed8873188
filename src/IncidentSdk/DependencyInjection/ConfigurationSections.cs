using System;
using IncidentSdk.Authentication;
using IncidentSdk.Coc;
using IncidentSdk.Http;
using IncidentSdk.JsonRpc;
using Microsoft.Extensions.Configuration;

namespace IncidentSdk.DependencyInjection;

/// <summary>
/// The keys both clients' configuration sections share, bound by the configuration binding source generator
/// (no reflection, so trimming and AOT safe). A key that is absent, empty or only spaces leaves the option as it
/// was; strings are taken as configured here and trimmed, or not, when applied.
/// </summary>
internal abstract class ClientSection
{
    public int? MaxResponseBodyBytes { get; set; }

    public bool? AllowInsecureHttp { get; set; }

    public ResilienceSection Resilience { get; set; } = new();

    /// <summary>
    /// Checks the arguments of a public <c>Bind</c> and reads <paramref name="section"/> with <paramref name="bind"/>,
    /// a call of the generated binder; an absent section reads as one with no keys.
    /// </summary>
    public static TSection Read<TSection>(IConfiguration section, object options, Func<IConfiguration, TSection?> bind)
        where TSection : ClientSection, new()
    {
        if (section is null)
        {
            throw new ArgumentNullException(nameof(section));
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        return bind(section) ?? new TSection();
    }

    /// <summary>A value with its surrounding spaces removed; <see langword="null"/> when nothing is left.</summary>
    protected static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

    /// <summary>A password, key or token exactly as configured (surrounding spaces can be part of a password); <see langword="null"/> when empty.</summary>
    protected static string? Verbatim(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>
    /// The absolute URI in <paramref name="value"/>, or <see langword="null"/> when it is empty. A value that is not
    /// one is not repeated in the message, as it may carry a password.
    /// </summary>
    protected static Uri? AbsoluteUri(IConfiguration section, string key, string? value)
    {
        var text = Trimmed(value);
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"Configuration value '{PathOf(section, key)}' is not an absolute URI such as https://coc.myhuaweicloud.com; the value is not shown.");
    }

    /// <summary>The full path of <paramref name="key"/> in <paramref name="section"/>, or of the section itself.</summary>
    protected static string PathOf(IConfiguration section, string? key = null)
    {
        var path = section is IConfigurationSection s ? s.Path : null;
        return key is null ? path ?? "(root)" : path is null ? key : path + ":" + key;
    }
}

/// <summary>The <c>Resilience</c> sub-section: the keys of <see cref="ResilienceOptions"/>.</summary>
internal sealed class ResilienceSection
{
    public int? MaxRetries { get; set; }

    public TimeSpan? BaseDelay { get; set; }

    public TimeSpan? MaxDelay { get; set; }

    public bool? UseJitter { get; set; }

    public TimeSpan? MaxRetryAfter { get; set; }

    public TimeSpan? AttemptTimeout { get; set; }

    public TimeSpan? TotalTimeout { get; set; }

    public CircuitBreakerSection CircuitBreaker { get; set; } = new();

    public void ApplyTo(ResilienceOptions options)
    {
        options.MaxRetries = MaxRetries ?? options.MaxRetries;
        options.BaseDelay = BaseDelay ?? options.BaseDelay;
        options.MaxDelay = MaxDelay ?? options.MaxDelay;
        options.UseJitter = UseJitter ?? options.UseJitter;
        options.MaxRetryAfter = MaxRetryAfter ?? options.MaxRetryAfter;
        options.AttemptTimeout = AttemptTimeout ?? options.AttemptTimeout;
        options.TotalTimeout = TotalTimeout ?? options.TotalTimeout;

        var circuit = options.CircuitBreaker;
        circuit.Enabled = CircuitBreaker.Enabled ?? circuit.Enabled;
        circuit.FailureRatio = CircuitBreaker.FailureRatio ?? circuit.FailureRatio;
        circuit.MinimumThroughput = CircuitBreaker.MinimumThroughput ?? circuit.MinimumThroughput;
        circuit.SamplingDuration = CircuitBreaker.SamplingDuration ?? circuit.SamplingDuration;
        circuit.BreakDuration = CircuitBreaker.BreakDuration ?? circuit.BreakDuration;
    }
}

/// <summary>The <c>Resilience:CircuitBreaker</c> sub-section: the keys of <see cref="CircuitBreakerOptions"/>.</summary>
internal sealed class CircuitBreakerSection
{
    public bool? Enabled { get; set; }

    public double? FailureRatio { get; set; }

    public int? MinimumThroughput { get; set; }

    public TimeSpan? SamplingDuration { get; set; }

    public TimeSpan? BreakDuration { get; set; }
}

/// <summary>The <c>CreateReadBack</c> sub-section: the keys of <see cref="CreateReadBackOptions"/>.</summary>
internal sealed class CreateReadBackSection
{
    public int? Attempts { get; set; }

    public TimeSpan? Delay { get; set; }

    public TimeSpan? ClockTolerance { get; set; }

    public bool? ResendWhenAbsent { get; set; }

    public TimeSpan? TaskPollInterval { get; set; }

    public void ApplyTo(CreateReadBackOptions options)
    {
        options.Attempts = Attempts ?? options.Attempts;
        options.Delay = Delay ?? options.Delay;
        options.ClockTolerance = ClockTolerance ?? options.ClockTolerance;
        options.ResendWhenAbsent = ResendWhenAbsent ?? options.ResendWhenAbsent;
        options.TaskPollInterval = TaskPollInterval ?? options.TaskPollInterval;
    }
}

/// <summary>The keys of a COC client's section (see <c>AddIncidentClient(IConfiguration)</c>).</summary>
internal sealed class CocSection : ClientSection
{
    public string? Endpoint { get; set; }

    public string? Region { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    public string? ProjectId { get; set; }

    public string? DomainId { get; set; }

    public string? SecurityToken { get; set; }

    public string? AuthToken { get; set; }

    public CreateReadBackSection CreateReadBack { get; set; } = new();

    public void ApplyTo(IncidentClientOptions options, IConfiguration section)
    {
        CreateReadBack.ApplyTo(options.CreateReadBack);
        options.Endpoint = AbsoluteUri(section, nameof(Endpoint), Endpoint) ?? options.Endpoint;
        options.Region = Trimmed(Region) ?? options.Region;
        options.AuthToken = Verbatim(AuthToken) ?? options.AuthToken;
        options.MaxResponseBodyBytes = MaxResponseBodyBytes ?? options.MaxResponseBodyBytes;
        options.AllowInsecureHttp = AllowInsecureHttp ?? options.AllowInsecureHttp;

        var accessKey = Verbatim(AccessKey);
        var secretKey = Verbatim(SecretKey);
        if (accessKey is not null && secretKey is not null)
        {
            try
            {
                options.Credentials = new AkSkCredentials(accessKey, secretKey)
                {
                    ProjectId = Trimmed(ProjectId),
                    DomainId = Trimmed(DomainId),
                    SecurityToken = Verbatim(SecurityToken),
                };
            }
            catch (ArgumentException ex)
            {
                // The message names the key and never shows the value.
                throw new InvalidOperationException($"Configuration section '{PathOf(section)}' has unusable credentials: {ex.Message}", ex);
            }
        }
        else if (accessKey is not null || secretKey is not null)
        {
            throw new InvalidOperationException($"Configuration section '{PathOf(section)}' sets only one of AccessKey and SecretKey; set both.");
        }

        Resilience.ApplyTo(options.Resilience);
    }
}

/// <summary>The keys of a Zabbix client's section (see <c>AddJsonRpcEventClient(IConfiguration)</c>).</summary>
internal sealed class ZabbixSection : ClientSection
{
    public string? Url { get; set; }

    public string? ApiToken { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? ServerVersion { get; set; }

    public bool? LogoutOnDispose { get; set; }

    public void ApplyTo(JsonRpcEventClientOptions options, IConfiguration section)
    {
        options.Url = AbsoluteUri(section, nameof(Url), Url) ?? options.Url;
        options.ApiToken = Verbatim(ApiToken) ?? options.ApiToken;
        options.Username = Trimmed(Username) ?? options.Username;
        options.Password = Verbatim(Password) ?? options.Password;
        options.ServerVersion = Trimmed(ServerVersion) ?? options.ServerVersion;
        options.LogoutOnDispose = LogoutOnDispose ?? options.LogoutOnDispose;
        options.MaxResponseBodyBytes = MaxResponseBodyBytes ?? options.MaxResponseBodyBytes;
        options.AllowInsecureHttp = AllowInsecureHttp ?? options.AllowInsecureHttp;
        Resilience.ApplyTo(options.Resilience);
    }
}
