using System;
using System.Globalization;
using IncidentSdk.Authentication;
using IncidentSdk.Coc;
using IncidentSdk.Http;
using IncidentSdk.JsonRpc;
using Microsoft.Extensions.Configuration;

namespace IncidentSdk.DependencyInjection;

/// <summary>
/// The keys both clients' configuration sections share, bound by the configuration binding source generator
/// (no reflection, so trimming and AOT safe). Every key is bound as text and numbers, switches and time spans are
/// parsed by <see cref="ConfigurationValue"/>, so a value reads the same whichever version of the binder the app
/// runs (the library depends on the 8.0 binder on net8.0 and netstandard2.0, whose generated parsers refuse empty
/// values and leave the value out of their message). A key that is absent or empty leaves the option as it was;
/// strings are taken as configured here and trimmed, or not, when applied.
/// </summary>
internal abstract class ClientSection
{
    public string? MaxResponseBodyBytes { get; set; }

    public string? AllowInsecureHttp { get; set; }

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
    internal static string PathOf(IConfiguration section, string? key = null)
    {
        var path = section is IConfigurationSection s ? s.Path : null;
        return key is null ? path ?? "(root)" : path is null ? key : path + ":" + key;
    }
}

/// <summary>The <c>Resilience</c> sub-section: the keys of <see cref="ResilienceOptions"/>.</summary>
internal sealed class ResilienceSection
{
    public string? MaxRetries { get; set; }

    public string? BaseDelay { get; set; }

    public string? MaxDelay { get; set; }

    public string? UseJitter { get; set; }

    public string? MaxRetryAfter { get; set; }

    public string? AttemptTimeout { get; set; }

    public string? TotalTimeout { get; set; }

    public CircuitBreakerSection CircuitBreaker { get; set; } = new();

    public void ApplyTo(ResilienceOptions options, IConfiguration section)
    {
        const string R = "Resilience:";
        options.MaxRetries = ConfigurationValue.Int(section, R + nameof(MaxRetries), MaxRetries) ?? options.MaxRetries;
        options.BaseDelay = ConfigurationValue.Duration(section, R + nameof(BaseDelay), BaseDelay) ?? options.BaseDelay;
        options.MaxDelay = ConfigurationValue.Duration(section, R + nameof(MaxDelay), MaxDelay) ?? options.MaxDelay;
        options.UseJitter = ConfigurationValue.Bool(section, R + nameof(UseJitter), UseJitter) ?? options.UseJitter;
        options.MaxRetryAfter = ConfigurationValue.Duration(section, R + nameof(MaxRetryAfter), MaxRetryAfter) ?? options.MaxRetryAfter;
        options.AttemptTimeout = ConfigurationValue.Duration(section, R + nameof(AttemptTimeout), AttemptTimeout) ?? options.AttemptTimeout;
        options.TotalTimeout = ConfigurationValue.Duration(section, R + nameof(TotalTimeout), TotalTimeout) ?? options.TotalTimeout;

        const string C = R + "CircuitBreaker:";
        var circuit = options.CircuitBreaker;
        var keys = CircuitBreaker;
        circuit.Enabled = ConfigurationValue.Bool(section, C + nameof(keys.Enabled), keys.Enabled) ?? circuit.Enabled;
        circuit.FailureRatio = ConfigurationValue.Double(section, C + nameof(keys.FailureRatio), keys.FailureRatio) ?? circuit.FailureRatio;
        circuit.MinimumThroughput = ConfigurationValue.Int(section, C + nameof(keys.MinimumThroughput), keys.MinimumThroughput) ?? circuit.MinimumThroughput;
        circuit.SamplingDuration = ConfigurationValue.Duration(section, C + nameof(keys.SamplingDuration), keys.SamplingDuration) ?? circuit.SamplingDuration;
        circuit.BreakDuration = ConfigurationValue.Duration(section, C + nameof(keys.BreakDuration), keys.BreakDuration) ?? circuit.BreakDuration;
    }
}

/// <summary>The <c>Resilience:CircuitBreaker</c> sub-section: the keys of <see cref="CircuitBreakerOptions"/>.</summary>
internal sealed class CircuitBreakerSection
{
    public string? Enabled { get; set; }

    public string? FailureRatio { get; set; }

    public string? MinimumThroughput { get; set; }

    public string? SamplingDuration { get; set; }

    public string? BreakDuration { get; set; }
}

/// <summary>The <c>CreateReadBack</c> sub-section: the keys of <see cref="CreateReadBackOptions"/>.</summary>
internal sealed class CreateReadBackSection
{
    public string? Attempts { get; set; }

    public string? Delay { get; set; }

    public string? ClockTolerance { get; set; }

    public string? ResendWhenAbsent { get; set; }

    public string? TaskPollInterval { get; set; }

    public void ApplyTo(CreateReadBackOptions options, IConfiguration section)
    {
        const string K = "CreateReadBack:";
        options.Attempts = ConfigurationValue.Int(section, K + nameof(Attempts), Attempts) ?? options.Attempts;
        options.Delay = ConfigurationValue.Duration(section, K + nameof(Delay), Delay) ?? options.Delay;
        options.ClockTolerance = ConfigurationValue.Duration(section, K + nameof(ClockTolerance), ClockTolerance) ?? options.ClockTolerance;
        options.ResendWhenAbsent = ConfigurationValue.Bool(section, K + nameof(ResendWhenAbsent), ResendWhenAbsent) ?? options.ResendWhenAbsent;
        options.TaskPollInterval = ConfigurationValue.Duration(section, K + nameof(TaskPollInterval), TaskPollInterval) ?? options.TaskPollInterval;
    }
}

/// <summary>
/// Parses a configuration value as the configuration binder does (invariant culture; <c>true</c>/<c>false</c>;
/// time spans as <c>[d.]hh:mm:ss[.fffffff]</c>), on every target framework alike: an empty value is absent, and a
/// value that does not parse fails with the binder's message naming the value, the full key and the type.
/// </summary>
internal static class ConfigurationValue
{
    public static int? Int(IConfiguration section, string key, string? value) =>
        Parse(section, key, value, static v => int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture));

    public static double? Double(IConfiguration section, string key, string? value) =>
        Parse(section, key, value, static v => double.Parse(v, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture));

    public static bool? Bool(IConfiguration section, string key, string? value) =>
        Parse(section, key, value, static v => bool.Parse(v));

    public static TimeSpan? Duration(IConfiguration section, string key, string? value) =>
        Parse(section, key, value, static v => System.TimeSpan.Parse(v, CultureInfo.InvariantCulture));

    private static T? Parse<T>(IConfiguration section, string key, string? value, Func<string, T> parse)
        where T : struct
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return parse(value!);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw new InvalidOperationException($"Failed to convert configuration value '{value}' at '{ClientSection.PathOf(section, key)}' to type '{typeof(T).FullName}'.", ex);
        }
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
        CreateReadBack.ApplyTo(options.CreateReadBack, section);
        options.Endpoint = AbsoluteUri(section, nameof(Endpoint), Endpoint) ?? options.Endpoint;
        options.Region = Trimmed(Region) ?? options.Region;
        options.AuthToken = Verbatim(AuthToken) ?? options.AuthToken;
        options.MaxResponseBodyBytes = ConfigurationValue.Int(section, nameof(MaxResponseBodyBytes), MaxResponseBodyBytes) ?? options.MaxResponseBodyBytes;
        options.AllowInsecureHttp = ConfigurationValue.Bool(section, nameof(AllowInsecureHttp), AllowInsecureHttp) ?? options.AllowInsecureHttp;

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

        Resilience.ApplyTo(options.Resilience, section);
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

    public string? LogoutOnDispose { get; set; }

    public void ApplyTo(JsonRpcEventClientOptions options, IConfiguration section)
    {
        options.Url = AbsoluteUri(section, nameof(Url), Url) ?? options.Url;
        options.ApiToken = Verbatim(ApiToken) ?? options.ApiToken;
        options.Username = Trimmed(Username) ?? options.Username;
        options.Password = Verbatim(Password) ?? options.Password;
        options.ServerVersion = Trimmed(ServerVersion) ?? options.ServerVersion;
        options.LogoutOnDispose = ConfigurationValue.Bool(section, nameof(LogoutOnDispose), LogoutOnDispose) ?? options.LogoutOnDispose;
        options.MaxResponseBodyBytes = ConfigurationValue.Int(section, nameof(MaxResponseBodyBytes), MaxResponseBodyBytes) ?? options.MaxResponseBodyBytes;
        options.AllowInsecureHttp = ConfigurationValue.Bool(section, nameof(AllowInsecureHttp), AllowInsecureHttp) ?? options.AllowInsecureHttp;
        Resilience.ApplyTo(options.Resilience, section);
    }
}
