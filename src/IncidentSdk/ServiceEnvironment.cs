using System;
using System.Collections.Generic;
using IncidentSdk.Authentication;
using IncidentSdk.Coc;
using IncidentSdk.JsonRpc;

namespace IncidentSdk;

/// <summary>
/// The environment variables the services' own tools read, and how the SDK takes settings from them: Huawei Cloud's
/// SDKs read <c>HUAWEICLOUD_SDK_AK</c>, <c>_SK</c>, <c>_PROJECT_ID</c>, <c>_DOMAIN_ID</c> and <c>_SECURITY_TOKEN</c>
/// (their environment credential provider); Zabbix's <c>zabbix_utils</c> reads <c>ZABBIX_URL</c>, <c>ZABBIX_TOKEN</c>,
/// <c>ZABBIX_USER</c> and <c>ZABBIX_PASSWORD</c>. <c>COC_REGION</c> and <c>COC_ENDPOINT</c> are the SDK's own.
/// </summary>
/// <remarks>
/// Nothing is read implicitly: call <see cref="IncidentClientOptions.ApplyEnvironment"/>,
/// <see cref="JsonRpcEventClientOptions.ApplyEnvironment"/> or <see cref="AkSkCredentials.FromEnvironment"/>, or add
/// <see cref="ToConfiguration"/> to a configuration builder. A variable that is empty counts as not set.
/// </remarks>
public static class ServiceEnvironment
{
    /// <summary>The access key id.</summary>
    public const string AccessKey = "HUAWEICLOUD_SDK_AK";

    /// <summary>The secret access key.</summary>
    public const string SecretKey = "HUAWEICLOUD_SDK_SK";

    /// <summary>The project id (project-level credentials).</summary>
    public const string ProjectId = "HUAWEICLOUD_SDK_PROJECT_ID";

    /// <summary>The account (domain) id (global services).</summary>
    public const string DomainId = "HUAWEICLOUD_SDK_DOMAIN_ID";

    /// <summary>The security token of temporary credentials.</summary>
    public const string SecurityToken = "HUAWEICLOUD_SDK_SECURITY_TOKEN";

    /// <summary>A known COC region id, such as <c>cn-north-4</c>.</summary>
    public const string CocRegion = "COC_REGION";

    /// <summary>The COC endpoint, such as <c>https://coc.myhuaweicloud.com</c>.</summary>
    public const string CocEndpoint = "COC_ENDPOINT";

    /// <summary>The Zabbix API URL, such as <c>https://zabbix.example.com/api_jsonrpc.php</c>.</summary>
    public const string ZabbixUrl = "ZABBIX_URL";

    /// <summary>A Zabbix API token.</summary>
    public const string ZabbixToken = "ZABBIX_TOKEN";

    /// <summary>A Zabbix user name, for login.</summary>
    public const string ZabbixUser = "ZABBIX_USER";

    /// <summary>The Zabbix user's password.</summary>
    public const string ZabbixPassword = "ZABBIX_PASSWORD";

    private static readonly (string Variable, string Section, string Key)[] Keys =
    [
        (AccessKey, "coc", "AccessKey"),
        (SecretKey, "coc", "SecretKey"),
        (ProjectId, "coc", "ProjectId"),
        (DomainId, "coc", "DomainId"),
        (SecurityToken, "coc", "SecurityToken"),
        (CocRegion, "coc", "Region"),
        (CocEndpoint, "coc", "Endpoint"),
        (ZabbixUrl, "zabbix", "Url"),
        (ZabbixToken, "zabbix", "ApiToken"),
        (ZabbixUser, "zabbix", "Username"),
        (ZabbixPassword, "zabbix", "Password"),
    ];

    /// <summary>
    /// The variables that are set, as configuration keys of the clients' sections (<c>Coc:AccessKey</c>,
    /// <c>Zabbix:ApiToken</c>, …), to add to a configuration builder, such as with <c>AddInMemoryCollection</c>, before
    /// <c>AddIncidentClient(configuration.GetSection("Coc"))</c> binds it.
    /// </summary>
    /// <param name="cocSection">The COC client's section path; <c>Coc</c> unless given.</param>
    /// <param name="zabbixSection">The Zabbix client's section path; <c>Zabbix</c> unless given.</param>
    /// <param name="variables">Reads a variable; <see cref="Environment.GetEnvironmentVariable(string)"/> unless given.</param>
    /// <returns>The keys and values of the variables that are set.</returns>
    public static IReadOnlyDictionary<string, string?> ToConfiguration(string cocSection = "Coc", string zabbixSection = "Zabbix", Func<string, string?>? variables = null)
    {
        if (string.IsNullOrEmpty(cocSection))
        {
            throw new ArgumentException("The COC section path must not be empty.", nameof(cocSection));
        }

        if (string.IsNullOrEmpty(zabbixSection))
        {
            throw new ArgumentException("The Zabbix section path must not be empty.", nameof(zabbixSection));
        }

        var read = Reader(variables);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, section, key) in Keys)
        {
            if (read(variable) is { } value)
            {
                values[(section == "coc" ? cocSection : zabbixSection) + ":" + key] = value;
            }
        }

        return values;
    }

    /// <summary>A reader that treats an empty variable as not set.</summary>
    internal static Func<string, string?> Reader(Func<string, string?>? variables)
    {
        var read = variables ?? Environment.GetEnvironmentVariable;
        return name => read(name) is { Length: > 0 } value ? value : null;
    }

    /// <summary>An absolute URI from a variable; a value that is not one is not repeated (it may carry a password).</summary>
    internal static Uri? AbsoluteUri(Func<string, string?> read, string variable)
    {
        if (read(variable) is not { } text)
        {
            return null;
        }

        return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"The environment variable {variable} is not an absolute URI; the value is not shown.");
    }
}
