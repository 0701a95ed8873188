using System;
using System.Collections.Generic;

namespace IncidentSdk.Coc;

/// <summary>The COC endpoints Huawei publishes, one per site. Set <see cref="IncidentClientOptions.Endpoint"/> for any other.</summary>
public static class CocRegions
{
    /// <summary>China (<c>cn-north-4</c>).</summary>
    public const string CnNorth4 = "cn-north-4";

    /// <summary>International (<c>ap-southeast-3</c>).</summary>
    public const string ApSoutheast3 = "ap-southeast-3";

    /// <summary>Europe (<c>eu-west-101</c>).</summary>
    public const string EuWest101 = "eu-west-101";

    /// <summary>The endpoint of each known region id.</summary>
    public static IReadOnlyDictionary<string, Uri> Endpoints { get; } = new Dictionary<string, Uri>(StringComparer.Ordinal)
    {
        [CnNorth4] = new Uri("https://coc.myhuaweicloud.com"),
        [ApSoutheast3] = new Uri("https://coc-intl.myhuaweicloud.com"),
        [EuWest101] = new Uri("https://coc-eu-west-101-open-api.myhuaweicloud.eu"),
    };
}
