using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace IncidentSdk.Coc;

/// <summary>One node of the tasks API's <c>data</c> array (§4a). Unknown members are ignored.</summary>
internal sealed class TaskBody
{
    [JsonPropertyName("type")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? Type { get; set; }

    [JsonPropertyName("key")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? Key { get; set; }

    [JsonPropertyName("name")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? Name { get; set; }

    [JsonPropertyName("state")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? State { get; set; }

    [JsonPropertyName("operations")]
    public List<TaskOperationBody?>? Operations { get; set; }

    // An operation without a task id or key cannot be sent back (Terraform's tests skip empty task ids too, §4a).
    public IncidentTask ToModel() => new(
        Type,
        Key,
        Name,
        State,
        (Operations ?? []).Where(o => o is { TaskId.Length: > 0, Key.Length: > 0 }).Select(o => new IncidentTaskOperation(o!.TaskId!, o.Key!, o.NameEn, o.NameCn)).ToArray());
}

/// <summary>One action of a node: <c>task_id</c> (a 23-digit number in the example, kept as text) and <c>key</c>.</summary>
internal sealed class TaskOperationBody
{
    [JsonPropertyName("task_id")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? TaskId { get; set; }

    [JsonPropertyName("key")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? Key { get; set; }

    [JsonPropertyName("name_en")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? NameEn { get; set; }

    [JsonPropertyName("name_cn")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? NameCn { get; set; }
}

/// <summary>The histories API's <c>data</c>: <c>total</c> and <c>info</c> (§4b).</summary>
internal sealed class HistoryListBody
{
    [JsonPropertyName("total")]
    [JsonConverter(typeof(TolerantInt64JsonConverter))]
    public long? Total { get; set; }

    [JsonPropertyName("info")]
    public List<HistoryBody?>? Info { get; set; }
}

/// <summary>One history row; <c>start_time</c>/<c>stop_time</c> are strings of epoch milliseconds (§4b), read either way.</summary>
internal sealed class HistoryBody
{
    [JsonPropertyName("action")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? Action { get; set; }

    [JsonPropertyName("action_name_zh")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? ActionNameZh { get; set; }

    [JsonPropertyName("action_name_en")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? ActionNameEn { get; set; }

    [JsonPropertyName("operator")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? Operator { get; set; }

    [JsonPropertyName("status")]
    public IncidentStatus? Status { get; set; }

    [JsonPropertyName("start_time")]
    [JsonConverter(typeof(EpochMillisecondsJsonConverter))]
    public DateTimeOffset? StartTime { get; set; }

    [JsonPropertyName("stop_time")]
    [JsonConverter(typeof(EpochMillisecondsJsonConverter))]
    public DateTimeOffset? StopTime { get; set; }

    [JsonPropertyName("comment")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? Comment { get; set; }

    [JsonPropertyName("enum_data_list")]
    public List<EnumDataBody>? EnumDataList { get; set; }

    public IncidentHistoryEntry ToModel() => new(Action, Status)
    {
        ActionNameZh = ActionNameZh,
        ActionNameEn = ActionNameEn,
        Operator = Operator,
        StartTime = StartTime,
        StopTime = StopTime,
        Comment = Comment,
        EnumValues = EnumDataBody.ToModels(EnumDataList),
    };
}

/// <summary>The body of the v2 actions API (<c>ExecuteActionParamsV2</c>, §5); <c>params</c> left out when not given.</summary>
internal sealed class IncidentActionBody
{
    [JsonPropertyName("task_id")]
    public required string TaskId { get; init; }

    [JsonPropertyName("action")]
    public required string Action { get; init; }

    [JsonPropertyName("params")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Params { get; init; }
}
