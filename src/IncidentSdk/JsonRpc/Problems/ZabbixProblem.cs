using System;
using System.Collections.Generic;

namespace IncidentSdk.JsonRpc;

/// <summary>An open (or recently resolved) problem as <c>problem.get</c> returns it.</summary>
public sealed class ZabbixProblem
{
    internal ZabbixProblem(string eventId, string objectId, string name, EventSeverity severity, DateTimeOffset time, bool isAcknowledged, bool isSuppressed, string? recoveryEventId, string? causeEventId, string? operationalData, IReadOnlyList<ZabbixTag> tags)
    {
        EventId = eventId;
        ObjectId = objectId;
        Name = name;
        Severity = severity;
        Time = time;
        IsAcknowledged = isAcknowledged;
        IsSuppressed = isSuppressed;
        RecoveryEventId = recoveryEventId;
        CauseEventId = causeEventId;
        OperationalData = operationalData;
        Tags = tags;
    }

    /// <summary>The problem event's id.</summary>
    public string EventId { get; }

    /// <summary>The id of the object that raised it (the trigger, for trigger problems).</summary>
    public string ObjectId { get; }

    /// <summary>The problem's name as resolved when it started.</summary>
    public string Name { get; }

    /// <summary>The current severity.</summary>
    public EventSeverity Severity { get; }

    /// <summary>When the problem started (<c>clock</c>).</summary>
    public DateTimeOffset Time { get; }

    /// <summary>Whether the problem is acknowledged.</summary>
    public bool IsAcknowledged { get; }

    /// <summary>Whether the problem is suppressed (by maintenance, or manually from 6.2).</summary>
    public bool IsSuppressed { get; }

    /// <summary>The recovery event's id when the problem is resolved; otherwise <see langword="null"/>.</summary>
    public string? RecoveryEventId { get; }

    /// <summary>Whether a recovery event resolved the problem (only with <see cref="ProblemQuery.IncludeRecentlyResolved"/>).</summary>
    public bool IsResolved => RecoveryEventId is not null;

    /// <summary>The cause problem's event id when this one is a symptom (Zabbix 6.4+); otherwise <see langword="null"/>.</summary>
    public string? CauseEventId { get; }

    /// <summary>The operational data, when the trigger defines it; otherwise <see langword="null"/>.</summary>
    public string? OperationalData { get; }

    /// <summary>The problem's tags, as the server lists them.</summary>
    public IReadOnlyList<ZabbixTag> Tags { get; }
}

/// <summary>A tag of a problem.</summary>
public sealed class ZabbixTag
{
    internal ZabbixTag(string tag, string value)
    {
        Tag = tag;
        Value = value;
    }

    /// <summary>The tag name.</summary>
    public string Tag { get; }

    /// <summary>The value; empty when the tag has none.</summary>
    public string Value { get; }
}

/// <summary>One page of problems, and where the next page starts.</summary>
public sealed class ProblemPage
{
    internal ProblemPage(IReadOnlyList<ZabbixProblem> problems, string? nextFromEventId)
    {
        Problems = problems;
        NextFromEventId = nextFromEventId;
    }

    /// <summary>The problems, by ascending event id.</summary>
    public IReadOnlyList<ZabbixProblem> Problems { get; }

    /// <summary>The <see cref="ProblemQuery.FromEventId"/> of the next page, or <see langword="null"/> when this page was not full, so none follows.</summary>
    public string? NextFromEventId { get; }
}
