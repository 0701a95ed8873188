using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Serialization;

namespace IncidentSdk.JsonRpc;

/// <summary>
/// The <c>params</c> of <c>problem.get</c>: every field of the object, the problem's tags, the filters that are set,
/// and paging by event id (<c>eventid_from</c>, <c>sortfield: eventid</c>, <c>limit</c>). 6.0 and 7.0 sort problems
/// by event id only (6.0: <c>Sorting by field "clock" not allowed.</c>; 7.0: <c>value must be "eventid"</c> [seen both]).
/// </summary>
internal sealed class ProblemGetParams
{
    [JsonPropertyName("output")]
    public string Output { get; } = "extend";

    [JsonPropertyName("selectTags")]
    public string SelectTags { get; } = "extend";

    [JsonPropertyName("time_from")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? TimeFrom { get; init; }

    [JsonPropertyName("acknowledged")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Acknowledged { get; init; }

    [JsonPropertyName("severities")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? Severities { get; init; }

    [JsonPropertyName("hostids")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? HostIds { get; init; }

    [JsonPropertyName("evaltype")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? EvalType { get; init; }

    [JsonPropertyName("tags")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ProblemTagParam>? Tags { get; init; }

    [JsonPropertyName("suppressed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Suppressed { get; init; }

    [JsonPropertyName("symptom")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Symptom { get; init; }

    [JsonPropertyName("recent")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Recent { get; init; }

    [JsonPropertyName("eventid_from")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EventIdFrom { get; init; }

    [JsonPropertyName("sortfield")]
    public string SortField { get; } = "eventid";

    [JsonPropertyName("sortorder")]
    public string SortOrder { get; } = "ASC";

    [JsonPropertyName("limit")]
    public int Limit { get; init; }

    /// <summary>The params of one page; a filter left unset is not sent, so the server's default applies.</summary>
    public static ProblemGetParams From(ProblemQuery query, string? fromEventId)
    {
        var tags = query.Tags is { Count: > 0 } list ? list.Select(t => new ProblemTagParam { Tag = t.Tag, Value = t.Value, Operator = (int)t.Operator }).ToArray() : null;
        return new ProblemGetParams
        {
            TimeFrom = query.Since?.ToUnixTimeSeconds(),

            // Only "acknowledged: false" is sent: 6.0 and 7.0 both read it as "unacknowledged only" [seen both].
            Acknowledged = query.UnacknowledgedOnly ? false : null,
            Severities = query.MinimumSeverity is { } min ? Enumerable.Range((int)min, (int)EventSeverity.Disaster - (int)min + 1).ToArray() : null,
            HostIds = query.HostIds,
            EvalType = tags is null ? null : (int)query.TagEvaluation,
            Tags = tags,
            Suppressed = query.Suppressed,
            Symptom = query.Symptom,
            Recent = query.IncludeRecentlyResolved ? true : null,
            EventIdFrom = fromEventId,
            Limit = query.PageSize,
        };
    }
}

internal sealed class ProblemTagParam
{
    [JsonPropertyName("tag")]
    public required string Tag { get; init; }

    [JsonPropertyName("value")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Value { get; init; }

    [JsonPropertyName("operator")]
    public int Operator { get; init; }
}

/// <summary>
/// A problem as <c>problem.get</c> answers it. Zabbix writes every number as a string; the JSON layer reads them, so a
/// malformed or missing id, clock or flag fails the whole answer as an <see cref="InvalidResponseException"/>.
/// </summary>
internal sealed class ProblemBody
{
    [JsonPropertyName("eventid")]
    [JsonRequired]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public ulong EventId { get; set; }

    [JsonPropertyName("objectid")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public ulong ObjectId { get; set; }

    [JsonPropertyName("clock")]
    [JsonRequired]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long Clock { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("severity")]
    [JsonRequired]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int Severity { get; set; }

    [JsonPropertyName("acknowledged")]
    [JsonRequired]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int Acknowledged { get; set; }

    [JsonPropertyName("suppressed")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int Suppressed { get; set; }

    [JsonPropertyName("r_eventid")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public ulong RecoveryEventId { get; set; }

    /// <summary>Present from 6.4 on.</summary>
    [JsonPropertyName("cause_eventid")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public ulong CauseEventId { get; set; }

    [JsonPropertyName("opdata")]
    public string? OperationalData { get; set; }

    [JsonPropertyName("tags")]
    public List<TagBody>? Tags { get; set; }

    public ZabbixProblem ToModel() => new(
        Id(EventId)!,
        Id(ObjectId) ?? "0",
        Name ?? string.Empty,
        (EventSeverity)Severity,
        DateTimeOffset.FromUnixTimeSeconds(Clock),
        Acknowledged == 1,
        Suppressed == 1,
        Id(RecoveryEventId),
        Id(CauseEventId),
        OperationalData is { Length: > 0 } data ? data : null,
        (Tags ?? []).Select(t => new ZabbixTag(t.Tag ?? string.Empty, t.Value ?? string.Empty)).ToArray());

    private static string? Id(ulong id) => id == 0 ? null : id.ToString(CultureInfo.InvariantCulture);
}

internal sealed class TagBody
{
    [JsonPropertyName("tag")]
    public string? Tag { get; set; }

    [JsonPropertyName("value")]
    public string? Value { get; set; }
}
