using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace IncidentSdk.Coc;

/// <summary>The <c>data</c> of the detail API (<c>IncidentTicketInfoResponseData</c>, §2). Unknown members are ignored.</summary>
internal sealed class TicketDetailBody
{
    [JsonPropertyName("incident_num")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? IncidentNum { get; set; }

    [JsonPropertyName("region")]
    [JsonConverter(typeof(TolerantStringListJsonConverter))]
    public IReadOnlyList<string>? Region { get; set; }

    [JsonPropertyName("enterprise_project")]
    [JsonConverter(typeof(TolerantStringListJsonConverter))]
    public IReadOnlyList<string>? EnterpriseProject { get; set; }

    [JsonPropertyName("current_cloud_service")]
    [JsonConverter(typeof(TolerantStringListJsonConverter))]
    public IReadOnlyList<string>? CurrentCloudService { get; set; }

    [JsonPropertyName("incident_level")]
    public IncidentLevel? IncidentLevel { get; set; }

    [JsonPropertyName("is_service_interrupt")]
    [JsonConverter(typeof(TolerantBooleanJsonConverter))]
    public bool? IsServiceInterrupt { get; set; }

    [JsonPropertyName("start_time")]
    [JsonConverter(typeof(EpochMillisecondsJsonConverter))]
    public DateTimeOffset? StartTime { get; set; }

    [JsonPropertyName("fault_recovery_time")]
    [JsonConverter(typeof(EpochMillisecondsJsonConverter))]
    public DateTimeOffset? FaultRecoveryTime { get; set; }

    [JsonPropertyName("fault_delineation_time")]
    [JsonConverter(typeof(EpochMillisecondsJsonConverter))]
    public DateTimeOffset? FaultDelineationTime { get; set; }

    [JsonPropertyName("incident_ownership")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? IncidentOwnership { get; set; }

    [JsonPropertyName("incident_type")]
    public IncidentCategory? IncidentType { get; set; }

    [JsonPropertyName("incident_title")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? IncidentTitle { get; set; }

    [JsonPropertyName("incident_description")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? IncidentDescription { get; set; }

    [JsonPropertyName("incident_source")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? IncidentSource { get; set; }

    [JsonPropertyName("incident_assignee")]
    [JsonConverter(typeof(TolerantStringListJsonConverter))]
    public IReadOnlyList<string>? IncidentAssignee { get; set; }

    [JsonPropertyName("assignee_scene")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? AssigneeScene { get; set; }

    [JsonPropertyName("assignee_role")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? AssigneeRole { get; set; }

    [JsonPropertyName("warroom_id")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? WarRoomId { get; set; }

    [JsonPropertyName("handle_time")]
    [JsonConverter(typeof(EpochMillisecondsJsonConverter))]
    public DateTimeOffset? HandleTime { get; set; }

    [JsonPropertyName("status")]
    public IncidentStatus? Status { get; set; }

    // The schema caps create_time at 999999999 while its example is 1705025720537 (§2): read as Int64 milliseconds.
    [JsonPropertyName("create_time")]
    [JsonConverter(typeof(EpochMillisecondsJsonConverter))]
    public DateTimeOffset? CreateTime { get; set; }

    [JsonPropertyName("creator")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? Creator { get; set; }

    [JsonPropertyName("enum_data_list")]
    public List<EnumDataBody>? EnumDataList { get; set; }

    public IncidentTicket ToModel(string requested) => new(IncidentNum is { Length: > 0 } number ? number : requested)
    {
        Title = IncidentTitle,
        Description = IncidentDescription,
        Level = IncidentLevel,
        Status = Status,
        Category = IncidentType,
        Source = IncidentSource,
        Ownership = IncidentOwnership,
        IsServiceInterrupted = IsServiceInterrupt,
        Creator = Creator,
        Assignees = IncidentAssignee ?? [],
        AssigneeScene = AssigneeScene,
        AssigneeRole = AssigneeRole,
        Regions = Region ?? [],
        EnterpriseProjects = EnterpriseProject ?? [],
        CloudServices = CurrentCloudService ?? [],
        WarRoomId = WarRoomId,
        CreateTime = CreateTime,
        StartTime = StartTime,
        HandleTime = HandleTime,
        FaultRecoveryTime = FaultRecoveryTime,
        FaultDelineationTime = FaultDelineationTime,
        EnumValues = EnumDataBody.ToModels(EnumDataList),
    };
}

/// <summary>The <c>data</c> of the list API: <c>tickets</c> and <c>total</c> (§3; <c>total</c> is [INFERRED]).</summary>
internal sealed class TicketListBody
{
    [JsonPropertyName("tickets")]
    public List<TicketListItemBody?>? Tickets { get; set; }

    [JsonPropertyName("total")]
    [JsonConverter(typeof(TolerantInt64JsonConverter))]
    public long? Total { get; set; }
}

/// <summary>One row of the list API, with the keys Huawei's Terraform provider reads (§3).</summary>
internal sealed class TicketListItemBody
{
    [JsonPropertyName("ticket_id")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? TicketId { get; set; }

    [JsonPropertyName("title")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? Title { get; set; }

    [JsonPropertyName("description")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? Description { get; set; }

    [JsonPropertyName("level_id")]
    public IncidentLevel? LevelId { get; set; }

    [JsonPropertyName("work_flow_status")]
    public IncidentStatus? WorkFlowStatus { get; set; }

    [JsonPropertyName("mtm_type")]
    public IncidentCategory? MtmType { get; set; }

    [JsonPropertyName("source_id")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? SourceId { get; set; }

    [JsonPropertyName("incident_ownership")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? IncidentOwnership { get; set; }

    [JsonPropertyName("is_service_interrupt")]
    [JsonConverter(typeof(TolerantBooleanJsonConverter))]
    public bool? IsServiceInterrupt { get; set; }

    [JsonPropertyName("creator")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? Creator { get; set; }

    [JsonPropertyName("assignee")]
    [JsonConverter(typeof(TolerantStringListJsonConverter))]
    public IReadOnlyList<string>? Assignee { get; set; }

    [JsonPropertyName("operator")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? Operator { get; set; }

    [JsonPropertyName("phase")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? Phase { get; set; }

    [JsonPropertyName("mtm_region")]
    [JsonConverter(typeof(TolerantStringListJsonConverter))]
    public IReadOnlyList<string>? MtmRegion { get; set; }

    [JsonPropertyName("enterprise_project_id")]
    [JsonConverter(typeof(TolerantStringListJsonConverter))]
    public IReadOnlyList<string>? EnterpriseProjectId { get; set; }

    [JsonPropertyName("current_cloud_service_id")]
    [JsonConverter(typeof(TolerantStringListJsonConverter))]
    public IReadOnlyList<string>? CurrentCloudServiceId { get; set; }

    [JsonPropertyName("create_time")]
    [JsonConverter(typeof(EpochMillisecondsJsonConverter))]
    public DateTimeOffset? CreateTime { get; set; }

    [JsonPropertyName("update_time")]
    [JsonConverter(typeof(EpochMillisecondsJsonConverter))]
    public DateTimeOffset? UpdateTime { get; set; }

    [JsonPropertyName("start_time")]
    [JsonConverter(typeof(EpochMillisecondsJsonConverter))]
    public DateTimeOffset? StartTime { get; set; }

    [JsonPropertyName("handle_time")]
    [JsonConverter(typeof(EpochMillisecondsJsonConverter))]
    public DateTimeOffset? HandleTime { get; set; }

    [JsonPropertyName("enum_data_list")]
    public List<EnumDataBody>? EnumDataList { get; set; }

    public IncidentTicket ToModel() => new(TicketId ?? string.Empty)
    {
        Title = Title,
        Description = Description,
        Level = LevelId,
        Status = WorkFlowStatus,
        Category = MtmType,
        Source = SourceId,
        Ownership = IncidentOwnership,
        IsServiceInterrupted = IsServiceInterrupt,
        Creator = Creator,
        Assignees = Assignee ?? [],
        LastOperator = Operator,
        Phase = Phase,
        Regions = MtmRegion ?? [],
        EnterpriseProjects = EnterpriseProjectId ?? [],
        CloudServices = CurrentCloudServiceId ?? [],
        CreateTime = CreateTime,
        UpdateTime = UpdateTime,
        StartTime = StartTime,
        HandleTime = HandleTime,
        EnumValues = EnumDataBody.ToModels(EnumDataList),
    };
}

/// <summary>An <c>enum_data_list</c> row: <c>filed_key</c>/<c>enum_key</c> in the detail, <c>prop_id</c>/<c>biz_id</c> in the list.</summary>
internal sealed class EnumDataBody
{
    [JsonPropertyName("filed_key")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? FiledKey { get; set; }

    [JsonPropertyName("enum_key")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? EnumKey { get; set; }

    [JsonPropertyName("prop_id")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? PropId { get; set; }

    [JsonPropertyName("biz_id")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? BizId { get; set; }

    [JsonPropertyName("name_zh")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? NameZh { get; set; }

    [JsonPropertyName("name_en")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? NameEn { get; set; }

    public static IReadOnlyList<IncidentEnumValue> ToModels(List<EnumDataBody>? rows) =>
        rows is null ? [] : rows.Where(r => r is not null).Select(r => new IncidentEnumValue(r.FiledKey ?? r.PropId, r.EnumKey ?? r.BizId, r.NameZh, r.NameEn)).ToArray();
}
