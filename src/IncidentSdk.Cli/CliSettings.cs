using System;
using System.Collections.Generic;
using System.IO;
using IncidentSdk.Coc;
using IncidentSdk.DependencyInjection;
using IncidentSdk.JsonRpc;
using Microsoft.Extensions.Configuration;

namespace IncidentSdk.Cli;

/// <summary>
/// Builds the client options from, in increasing precedence: a JSON file (<c>--config</c>, else
/// <c>INCIDENT_CONFIG</c>, else <c>incident.json</c> in the working directory when present) with <c>Coc</c> and
/// <c>Zabbix</c> sections in the SDK's configuration keys, the environment variables the SDK's samples use,
/// and command-line options.
/// </summary>
internal static class CliSettings
{
    /// <summary>The file looked for in the working directory when no other is named.</summary>
    public const string DefaultFileName = "incident.json";

    /// <summary>The CLI's own variable, beside the SDK's (<see cref="ServiceEnvironment"/>): the Zabbix server's version.</summary>
    public const string ZabbixServerVersionVariable = "ZABBIX_SERVER_VERSION";

    /// <summary>Loads the layered configuration.</summary>
    /// <param name="context">The environment and working directory.</param>
    /// <param name="configPath">The <c>--config</c> value, or <see langword="null"/>.</param>
    /// <exception cref="CliUsageException">The named file is missing or is not valid JSON.</exception>
    public static IConfiguration Load(CliContext context, string? configPath)
    {
        var builder = new ConfigurationBuilder();
        var named = configPath ?? NonEmpty(context.GetEnvironmentVariable("INCIDENT_CONFIG"));
        string? file = null;
        if (named is not null)
        {
            file = Path.GetFullPath(named, context.CurrentDirectory);
            if (!File.Exists(file))
            {
                throw new CliUsageException($"The configuration file '{file}' does not exist.");
            }
        }
        else
        {
            var candidate = Path.Combine(context.CurrentDirectory, DefaultFileName);
            file = File.Exists(candidate) ? candidate : null;
        }

        if (file is not null)
        {
            builder.AddJsonFile(file, optional: false, reloadOnChange: false);
        }

        // The variables Huawei's SDKs and zabbix_utils read, mapped by the SDK itself.
        var environment = new Dictionary<string, string?>(
            ServiceEnvironment.ToConfiguration(variables: context.GetEnvironmentVariable),
            StringComparer.OrdinalIgnoreCase);
        if (NonEmpty(context.GetEnvironmentVariable(ZabbixServerVersionVariable)) is { } version)
        {
            environment["Zabbix:ServerVersion"] = version;
        }

        builder.AddInMemoryCollection(environment);
        try
        {
            return builder.Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException)
        {
            throw new CliUsageException($"The configuration file '{file}' could not be read: {ex.Message}", ex);
        }
    }

    /// <summary>The COC options from the <c>Coc</c> section and the command line, checked.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="region">The <c>--region</c> value: replaces a configured region or endpoint.</param>
    /// <param name="endpoint">The <c>--endpoint</c> value: replaces a configured region or endpoint.</param>
    /// <exception cref="CliUsageException">A value does not parse, or the options are not usable; the message says what to set.</exception>
    public static IncidentClientOptions CocOptions(IConfiguration configuration, string? region, Uri? endpoint)
    {
        var options = new IncidentClientOptions();
        try
        {
            IncidentClientOptionsBinder.Bind(configuration.GetSection("Coc"), options);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliUsageException($"COC is not configured correctly: {ex.Message}", ex);
        }

        if (endpoint is not null)
        {
            options.Endpoint = endpoint;
        }
        else if (region is not null)
        {
            // The SDK prefers Endpoint over Region, so a configured endpoint would otherwise win over --region.
            options.Region = region;
            options.Endpoint = null;
        }

        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new CliUsageException(
                "COC is not configured: " + string.Join(" ", problems)
                + " (set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, and COC_REGION or COC_ENDPOINT or --region/--endpoint; or use --offline)");
        }

        return options;
    }

    /// <summary>The Zabbix options from the <c>Zabbix</c> section, checked.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="url">The <c>--url</c> value, or <see langword="null"/>.</param>
    /// <param name="serverVersion">The <c>--server-version</c> value, or <see langword="null"/>.</param>
    /// <param name="credentialsRequired"><see langword="false"/> for calls that need no login (<c>apiinfo.version</c>).</param>
    /// <exception cref="CliUsageException">A value does not parse, or the options are not usable; the message says what to set.</exception>
    public static JsonRpcEventClientOptions ZabbixOptions(IConfiguration configuration, Uri? url, string? serverVersion, bool credentialsRequired)
    {
        var options = new JsonRpcEventClientOptions();
        try
        {
            JsonRpcEventClientOptionsBinder.Bind(configuration.GetSection("Zabbix"), options);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliUsageException($"Zabbix is not configured correctly: {ex.Message}", ex);
        }

        options.Url = url ?? options.Url;
        options.ServerVersion = serverVersion ?? options.ServerVersion;

        if (!credentialsRequired && string.IsNullOrEmpty(options.ApiToken) && string.IsNullOrEmpty(options.Username) && string.IsNullOrEmpty(options.Password))
        {
            // apiinfo.version is sent without any auth (Zabbix rejects auth on it), so no credential is ever used.
            options.ApiToken = "unused";
        }

        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new CliUsageException(
                "Zabbix is not configured: " + string.Join(" ", problems)
                + " (set ZABBIX_URL or --url, and ZABBIX_TOKEN, or ZABBIX_USER and ZABBIX_PASSWORD; or use --offline)");
        }

        return options;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
