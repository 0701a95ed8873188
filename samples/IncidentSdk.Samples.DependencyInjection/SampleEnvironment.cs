using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Configuration;

namespace IncidentSdk.Samples.DependencyInjection;

/// <summary>
/// Puts the environment variables the services' own tools use (Huawei Cloud SDKs, zabbix_utils) onto the clients'
/// configuration keys with the SDK's <see cref="ServiceEnvironment.ToConfiguration"/>, and this job's own variables
/// onto its <c>Job</c> section, so the same shell works for every sample. <c>Coc__AccessKey</c>-style variables, user
/// secrets and appsettings.json work as usual; a variable put here wins over them.
/// </summary>
internal static class SampleEnvironment
{
    private static readonly (string Variable, string Key)[] JobKeys =
    [
        ("COC_INCIDENT_NUM", "Job:IncidentNumber"),
        ("COC_OPERATOR", "Job:Operator"),
        ("ZABBIX_EVENT_IDS", "Job:EventIds"),
    ];

    /// <summary>Adds the set variables as an in-memory source on top of the others and returns the keys they set.</summary>
    public static IReadOnlyList<string> MapOnto(IConfigurationBuilder configuration)
    {
        var values = new Dictionary<string, string?>(ServiceEnvironment.ToConfiguration(), StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, key) in JobKeys)
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                values[key] = value;
            }
        }

        configuration.AddInMemoryCollection(values);
        return values.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Whether any of the keys has a value in the section.</summary>
    public static bool HasAny(IConfiguration section, params string[] keys) =>
        Array.Exists(keys, key => !string.IsNullOrWhiteSpace(section[key]));
}
