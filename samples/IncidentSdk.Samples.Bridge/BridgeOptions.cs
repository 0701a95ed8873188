using System;
using System.Collections.Generic;
using System.Globalization;
using IncidentSdk.Coc;
using IncidentSdk.JsonRpc;
using Microsoft.Extensions.Options;

namespace IncidentSdk.Samples.Bridge;

/// <summary>What the bridge does, bound from the configuration section <c>Bridge</c>.</summary>
internal sealed class BridgeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Bridge";

    /// <summary>Open problems at or above this severity get a ticket (<c>High</c> unless set).</summary>
    public EventSeverity MinimumSeverity { get; set; } = EventSeverity.High;

    /// <summary>The pause between two cycles (one minute unless set).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The COC user id the tickets are created by (<c>creator</c>); required.</summary>
    public string? Creator { get; set; }

    /// <summary>The COC user id that owns the tickets (<c>incident_assignee</c>); or give <see cref="AssigneeScene"/> and <see cref="AssigneeRole"/>.</summary>
    public string? Assignee { get; set; }

    /// <summary>The scheduling scene id (<c>assignee_scene</c>), with <see cref="AssigneeRole"/>.</summary>
    public string? AssigneeScene { get; set; }

    /// <summary>The scheduling role id (<c>assignee_role</c>), with <see cref="AssigneeScene"/>.</summary>
    public string? AssigneeRole { get; set; }

    /// <summary>The incident category key (<c>incident_type</c>), such as <c>inc_type_p_reliability_issues</c>; required.</summary>
    public string? Category { get; set; }

    /// <summary>The source key (<c>incident_source</c>); <c>incident_source_alarm</c> unless set (coc-incident-lifecycle.md §6.3).</summary>
    public string Source { get; set; } = "incident_source_alarm";

    /// <summary>The COC application id (<c>current_cloud_service</c>); optional.</summary>
    public string? Application { get; set; }

    /// <summary>The enterprise project id (<c>enterprise_project</c>), such as <c>0</c>; optional.</summary>
    public string? EnterpriseProject { get; set; }

    /// <summary>
    /// The COC level (<c>incident_level</c>) of each Zabbix severity, keyed by the severity's name. A key given in the
    /// configuration replaces the default for that severity: Disaster P1, High P2, Average P3, Warning P4, others P5.
    /// </summary>
    public Dictionary<string, string> Levels { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(EventSeverity.Disaster)] = "level_10",
        [nameof(EventSeverity.High)] = "level_20",
        [nameof(EventSeverity.Average)] = "level_30",
        [nameof(EventSeverity.Warning)] = "level_40",
        [nameof(EventSeverity.Information)] = "level_50",
        [nameof(EventSeverity.NotClassified)] = "level_50",
    };

    /// <summary>Only problems with this tag: <c>name</c> (the tag exists) or <c>name=value</c> (equal value); optional.</summary>
    public string? ProblemTag { get; set; }

    /// <summary>How many events one <c>event.get</c> reads (100 unless set; 1 to 1000).</summary>
    public int EventBatchSize { get; set; } = 100;

    /// <summary>The COC level of a severity.</summary>
    public IncidentLevel LevelOf(EventSeverity severity) =>
        Levels.TryGetValue(severity.ToString(), out var level) && !string.IsNullOrWhiteSpace(level) ? new IncidentLevel(level.Trim()) : IncidentLevel.P5;

    /// <summary>The tag condition of <see cref="ProblemTag"/>, or <see langword="null"/>.</summary>
    public ProblemTagFilter? TagFilter()
    {
        if (string.IsNullOrWhiteSpace(ProblemTag))
        {
            return null;
        }

        var equals = ProblemTag.IndexOf('=', StringComparison.Ordinal);
        return equals < 0
            ? new ProblemTagFilter(ProblemTag.Trim(), null, ProblemTagOperator.Exists)
            : new ProblemTagFilter(ProblemTag[..equals].Trim(), ProblemTag[(equals + 1)..], ProblemTagOperator.Equals);
    }
}

/// <summary>Checks <see cref="BridgeOptions"/> at start-up, so a bad setting stops the host with what to fix.</summary>
internal sealed class BridgeOptionsValidator : IValidateOptions<BridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, BridgeOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Creator))
        {
            problems.Add("Bridge:Creator is required: the COC user id the tickets are created by.");
        }

        if (string.IsNullOrWhiteSpace(options.Category))
        {
            problems.Add("Bridge:Category is required: an incident category key such as inc_type_p_reliability_issues.");
        }

        var hasAssignee = !string.IsNullOrWhiteSpace(options.Assignee);
        var hasScene = !string.IsNullOrWhiteSpace(options.AssigneeScene);
        var hasRole = !string.IsNullOrWhiteSpace(options.AssigneeRole);
        if (hasAssignee == (hasScene || hasRole) || hasScene != hasRole)
        {
            // COC takes one owner, or a scene with a role, never both (coc-incident-lifecycle.md §1).
            problems.Add("Set Bridge:Assignee, or Bridge:AssigneeScene with Bridge:AssigneeRole; not both.");
        }

        if (string.IsNullOrWhiteSpace(options.Source))
        {
            problems.Add("Bridge:Source must not be empty (incident_source_alarm unless set).");
        }

        if (!Enum.IsDefined(options.MinimumSeverity))
        {
            problems.Add(string.Format(CultureInfo.InvariantCulture, "Bridge:MinimumSeverity {0} is not a Zabbix severity.", (int)options.MinimumSeverity));
        }

        if (options.PollInterval < TimeSpan.FromSeconds(1) || options.PollInterval > TimeSpan.FromDays(1))
        {
            problems.Add(string.Format(CultureInfo.InvariantCulture, "Bridge:PollInterval is {0}; it must be from one second to one day.", options.PollInterval));
        }

        if (options.EventBatchSize is < 1 or > 1000)
        {
            problems.Add(string.Format(CultureInfo.InvariantCulture, "Bridge:EventBatchSize is {0}; it must be from 1 to 1000.", options.EventBatchSize));
        }

        foreach (var key in options.Levels.Keys)
        {
            if (!Enum.TryParse<EventSeverity>(key, ignoreCase: true, out var severity) || !Enum.IsDefined(severity) || int.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                problems.Add($"Bridge:Levels:{key} is not a Zabbix severity name (NotClassified, Information, Warning, Average, High, Disaster).");
            }
        }

        if (options.TagFilter() is { Tag.Length: 0 })
        {
            problems.Add("Bridge:ProblemTag has no tag name before '='.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
