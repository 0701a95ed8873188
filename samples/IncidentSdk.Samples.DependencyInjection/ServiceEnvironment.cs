using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;

namespace IncidentSdk.Samples.DependencyInjection;

/// <summary>
/// Maps the environment variables the services' own tools use (Huawei Cloud SDKs, Zabbix scripts) onto this
/// app's configuration keys, so the same shell works for every sample. <c>Coc__AccessKey</c>-style variables,
/// user secrets and appsettings.json work as usual; a variable mapped here wins over them.
/// </summary>
internal static class ServiceEnvironment
{
    private static readonly (string Variable, string Key)[] Mappings =
    [
        ("HUAWEICLOUD_SDK_AK", "Coc:AccessKey"),
        ("HUAWEICLOUD_SDK_SK", "Coc:SecretKey"),
        ("HUAWEICLOUD_SDK_PROJECT_ID", "Coc:ProjectId"),
        ("HUAWEICLOUD_SDK_DOMAIN_ID", "Coc:DomainId"),
        ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "Coc:SecurityToken"),
        ("COC_REGION", "Coc:Region"),
        ("COC_ENDPOINT", "Coc:Endpoint"),
        ("COC_INCIDENT_NUM", "Job:IncidentNumber"),
        ("COC_OPERATOR", "Job:Operator"),
        ("ZABBIX_URL", "Zabbix:Url"),
        ("ZABBIX_TOKEN", "Zabbix:ApiToken"),
        ("ZABBIX_USER", "Zabbix:Username"),
        ("ZABBIX_PASSWORD", "Zabbix:Password"),
        ("ZABBIX_EVENT_IDS", "Job:EventIds"),
    ];

    /// <summary>Adds the set variables as an in-memory source on top of the others and returns the variables' names.</summary>
    public static IReadOnlyList<string> MapOnto(IConfigurationBuilder configuration)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var mapped = new List<string>();
        foreach (var (variable, key) in Mappings)
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                values[key] = value;
                mapped.Add(variable);
            }
        }

        configuration.AddInMemoryCollection(values);
        return mapped;
    }

    /// <summary>Whether any of the keys has a value in the section.</summary>
    public static bool HasAny(IConfiguration section, params string[] keys) =>
        Array.Exists(keys, key => !string.IsNullOrWhiteSpace(section[key]));
}
