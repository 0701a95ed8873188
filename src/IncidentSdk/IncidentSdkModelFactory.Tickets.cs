using System;
using System.Collections.Generic;
using System.Linq;
using IncidentSdk.Coc;

namespace IncidentSdk;

// The COC ticket reads' results.
public static partial class IncidentSdkModelFactory
{
    /// <summary>Builds a ticket as <see cref="IncidentClient.GetIncidentAsync"/> and <see cref="IncidentClient.ListIncidentsAsync"/> return it.</summary>
    /// <param name="number">The ticket number.</param>
    /// <param name="title">The title.</param>
    /// <param name="description">The description.</param>
    /// <param name="level">The level.</param>
    /// <param name="status">The status key.</param>
    /// <param name="category">The incident category.</param>
    /// <param name="source">The source key.</param>
    /// <param name="ownership">The ownership key.</param>
    /// <param name="isServiceInterrupted">Whether the service was interrupted.</param>
    /// <param name="creator">The creator's user id.</param>
    /// <param name="assignees">The owners' user ids; none when <see langword="null"/>.</param>
    /// <param name="assigneeScene">The scheduling scene id.</param>
    /// <param name="assigneeRole">The scheduling role id.</param>
    /// <param name="lastOperator">The user who acted last.</param>
    /// <param name="phase">The workflow phase.</param>
    /// <param name="regions">The regions; none when <see langword="null"/>.</param>
    /// <param name="enterpriseProjects">The enterprise projects; none when <see langword="null"/>.</param>
    /// <param name="cloudServices">The COC applications; none when <see langword="null"/>.</param>
    /// <param name="warRoomId">The war room id.</param>
    /// <param name="createTime">When the ticket was created.</param>
    /// <param name="updateTime">When the ticket last changed.</param>
    /// <param name="startTime">When the fault started.</param>
    /// <param name="handleTime">When a solution was last submitted.</param>
    /// <param name="faultRecoveryTime">When the service recovered.</param>
    /// <param name="faultDelineationTime">When the fault was delimited.</param>
    /// <param name="enumValues">The display names of the enumerated values; none when <see langword="null"/>.</param>
    /// <returns>The ticket.</returns>
    public static IncidentTicket IncidentTicket(
        string number,
        string? title = null,
        string? description = null,
        IncidentLevel? level = null,
        IncidentStatus? status = null,
        IncidentCategory? category = null,
        string? source = null,
        string? ownership = null,
        bool? isServiceInterrupted = null,
        string? creator = null,
        IEnumerable<string>? assignees = null,
        string? assigneeScene = null,
        string? assigneeRole = null,
        string? lastOperator = null,
        string? phase = null,
        IEnumerable<string>? regions = null,
        IEnumerable<string>? enterpriseProjects = null,
        IEnumerable<string>? cloudServices = null,
        string? warRoomId = null,
        DateTimeOffset? createTime = null,
        DateTimeOffset? updateTime = null,
        DateTimeOffset? startTime = null,
        DateTimeOffset? handleTime = null,
        DateTimeOffset? faultRecoveryTime = null,
        DateTimeOffset? faultDelineationTime = null,
        IEnumerable<IncidentEnumValue>? enumValues = null) =>
        new(number ?? throw new ArgumentNullException(nameof(number)))
        {
            Title = title,
            Description = description,
            Level = level,
            Status = status,
            Category = category,
            Source = source,
            Ownership = ownership,
            IsServiceInterrupted = isServiceInterrupted,
            Creator = creator,
            Assignees = Copy(assignees),
            AssigneeScene = assigneeScene,
            AssigneeRole = assigneeRole,
            LastOperator = lastOperator,
            Phase = phase,
            Regions = Copy(regions),
            EnterpriseProjects = Copy(enterpriseProjects),
            CloudServices = Copy(cloudServices),
            WarRoomId = warRoomId,
            CreateTime = createTime,
            UpdateTime = updateTime,
            StartTime = startTime,
            HandleTime = handleTime,
            FaultRecoveryTime = faultRecoveryTime,
            FaultDelineationTime = faultDelineationTime,
            EnumValues = Copy(enumValues),
        };

    /// <summary>Builds one display-name row of a ticket (<see cref="Coc.IncidentTicket.EnumValues"/>).</summary>
    /// <param name="field">The field the value belongs to.</param>
    /// <param name="key">The value's key.</param>
    /// <param name="nameZh">The Chinese display name.</param>
    /// <param name="nameEn">The English display name.</param>
    /// <returns>The row.</returns>
    public static IncidentEnumValue IncidentEnumValue(string? field = null, string? key = null, string? nameZh = null, string? nameEn = null) =>
        new(field, key, nameZh, nameEn);

    /// <summary>Builds what <see cref="IncidentClient.ListIncidentsPageAsync"/> returns.</summary>
    /// <param name="tickets">The page's tickets; none when <see langword="null"/>.</param>
    /// <param name="total">How many tickets match in all, when known.</param>
    /// <param name="page">The 1-based page number.</param>
    /// <param name="pageSize">The page size.</param>
    /// <returns>The page.</returns>
    public static IncidentTicketPage IncidentTicketPage(IEnumerable<IncidentTicket>? tickets = null, long? total = null, int page = 1, int pageSize = ListIncidentsRequest.DefaultPageSize) =>
        new(Copy(tickets), total, page, pageSize);
}
