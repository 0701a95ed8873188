using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace IncidentSdk.Coc;

/// <summary>
/// The body of <c>POST /v1/external/incident/create</c> (§1). Fields not given are left out, as Huawei's Terraform
/// provider leaves them out; the one-item lists go as arrays.
/// </summary>
internal sealed class CreateIncidentBody
{
    [JsonPropertyName("incident_level")]
    public required string Level { get; init; }

    // APIDEF types it string but its enum, the doc example and Terraform use JSON booleans (§1 [UNCERTAIN]): a boolean.
    [JsonPropertyName("is_service_interrupt")]
    public bool IsServiceInterrupt { get; init; }

    [JsonPropertyName("incident_type")]
    public required string Type { get; init; }

    [JsonPropertyName("incident_title")]
    public required string Title { get; init; }

    [JsonPropertyName("incident_source")]
    public required string Source { get; init; }

    [JsonPropertyName("creator")]
    public required string Creator { get; init; }

    [JsonPropertyName("incident_description")]
    public required string Description { get; init; }

    [JsonPropertyName("incident_assignee")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Assignee { get; init; }

    [JsonPropertyName("assignee_scene")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AssigneeScene { get; init; }

    [JsonPropertyName("assignee_role")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AssigneeRole { get; init; }

    [JsonPropertyName("region")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Region { get; init; }

    [JsonPropertyName("enterprise_project")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? EnterpriseProject { get; init; }

    [JsonPropertyName("current_cloud_service")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? CurrentCloudService { get; init; }

    [JsonPropertyName("incident_ownership")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Ownership { get; init; }

    [JsonPropertyName("start_time")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? StartTime { get; init; }

    public static CreateIncidentBody From(CreateIncidentRequest request, string marker) => new()
    {
        Level = request.Level.Value!,
        IsServiceInterrupt = request.IsServiceInterrupted,
        Type = request.Category.Value!,
        Title = request.Title,
        Source = request.Source,
        Creator = request.Creator,
        Description = IncidentMarker.Describe(request.Description, marker),
        Assignee = One(request.Assignee),
        AssigneeScene = request.AssigneeScene,
        AssigneeRole = request.AssigneeRole,
        Region = One(request.Region),
        EnterpriseProject = One(request.EnterpriseProject),
        CurrentCloudService = One(request.Application),
        Ownership = request.Ownership,
        StartTime = request.StartTime?.ToUnixTimeMilliseconds(),
    };

    private static string[]? One(string? value) => value is null ? null : [value];
}

/// <summary>The <c>data</c> of the create API: <c>incident_num</c> (§1).</summary>
internal sealed class CreatedIncidentBody
{
    [JsonPropertyName("incident_num")]
    [JsonConverter(typeof(TolerantStringJsonConverter))]
    public string? IncidentNum { get; set; }
}
