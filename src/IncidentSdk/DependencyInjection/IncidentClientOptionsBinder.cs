using System;
using IncidentSdk.Authentication;
using IncidentSdk.Coc;
using Microsoft.Extensions.Configuration;

namespace IncidentSdk.DependencyInjection;

/// <summary>
/// Binds <see cref="IncidentClientOptions"/> from a configuration section with these keys:
/// <c>Endpoint</c>, <c>Region</c>, <c>AccessKey</c>, <c>SecretKey</c>, <c>ProjectId</c>, <c>DomainId</c>,
/// <c>SecurityToken</c>, <c>AuthToken</c>, <c>MaxResponseBodyBytes</c>, <c>AllowInsecureHttp</c> and a <c>Resilience</c> sub-section
/// (<c>MaxRetries</c>, <c>BaseDelay</c>, <c>MaxDelay</c>, <c>UseJitter</c>, <c>MaxRetryAfter</c>,
/// <c>AttemptTimeout</c>, <c>TotalTimeout</c>). Values are trimmed, except <c>AccessKey</c>, <c>SecretKey</c>,
/// <c>SecurityToken</c> and <c>AuthToken</c>, which are taken exactly as configured (and refused by name when they
/// cannot be sent).
/// </summary>
public static class IncidentClientOptionsBinder
{
    /// <summary>Copies the values present in <paramref name="section"/> onto <paramref name="options"/>; absent keys keep their values.</summary>
    /// <param name="section">The configuration section, such as <c>configuration.GetSection("Coc")</c>.</param>
    /// <param name="options">The options to fill.</param>
    /// <exception cref="InvalidOperationException">
    /// A value does not parse, only one of AccessKey and SecretKey is set, or a credential holds a character it
    /// cannot be sent with; the message names the key and never shows a secret.
    /// </exception>
    public static void Bind(IConfiguration section, IncidentClientOptions options)
    {
        if (section is null)
        {
            throw new ArgumentNullException(nameof(section));
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var read = new ConfigurationReader(section);
        options.Endpoint = read.AbsoluteUri("Endpoint") ?? options.Endpoint;
        options.Region = read.String("Region") ?? options.Region;
        options.AuthToken = read.Secret("AuthToken") ?? options.AuthToken;
        options.MaxResponseBodyBytes = read.Int32("MaxResponseBodyBytes") ?? options.MaxResponseBodyBytes;
        options.AllowInsecureHttp = read.Boolean("AllowInsecureHttp") ?? options.AllowInsecureHttp;

        var accessKey = read.Secret("AccessKey");
        var secretKey = read.Secret("SecretKey");
        if (accessKey is not null && secretKey is not null)
        {
            try
            {
                options.Credentials = new AkSkCredentials(accessKey, secretKey)
                {
                    ProjectId = read.String("ProjectId"),
                    DomainId = read.String("DomainId"),
                    SecurityToken = read.Secret("SecurityToken"),
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

        ResilienceOptionsBinder.Bind(section.GetSection("Resilience"), options.Resilience);
    }

    private static string PathOf(IConfiguration section) => section is IConfigurationSection s ? s.Path : "(root)";
}
