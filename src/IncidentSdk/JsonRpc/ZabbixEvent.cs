using System;
using System.Collections.Generic;

namespace IncidentSdk.JsonRpc;

/// <summary>A Zabbix event as <c>event.get</c> returns it, with its acknowledgement history.</summary>
public sealed class ZabbixEvent
{
    internal ZabbixEvent(string eventId, bool isAcknowledged, EventSeverity severity, bool isResolved, bool? isSuppressed, string? causeEventId, IReadOnlyList<EventAcknowledgement> acknowledgements)
    {
        EventId = eventId;
        IsAcknowledged = isAcknowledged;
        Severity = severity;
        IsResolved = isResolved;
        IsSuppressed = isSuppressed;
        CauseEventId = causeEventId;
        Acknowledgements = acknowledgements;
    }

    /// <summary>The event id.</summary>
    public string EventId { get; }

    /// <summary>Whether the event is acknowledged.</summary>
    public bool IsAcknowledged { get; }

    /// <summary>The event's current severity.</summary>
    public EventSeverity Severity { get; }

    /// <summary>Whether a recovery event resolved the problem.</summary>
    public bool IsResolved { get; }

    /// <summary>Whether the event is suppressed, when the server reports it.</summary>
    public bool? IsSuppressed { get; }

    /// <summary>The cause event's id when this event is a symptom (Zabbix 6.4+); otherwise <see langword="null"/>.</summary>
    public string? CauseEventId { get; }

    /// <summary>Every update recorded on the event (acknowledge rows), in the order the server lists them (newest first on Zabbix 6.0 and 7.0).</summary>
    public IReadOnlyList<EventAcknowledgement> Acknowledgements { get; }
}

/// <summary>One recorded update of an event: who did what, when, with which message.</summary>
public sealed class EventAcknowledgement
{
    internal EventAcknowledgement(string acknowledgeId, string? userId, DateTimeOffset time, string message, EventAction action, EventSeverity? oldSeverity, EventSeverity? newSeverity, SuppressUntil? suppressUntil)
    {
        SuppressUntil = suppressUntil;
        AcknowledgeId = acknowledgeId;
        UserId = userId;
        Time = time;
        Message = message;
        Action = action;
        OldSeverity = oldSeverity;
        NewSeverity = newSeverity;
    }

    /// <summary>The acknowledge row's id.</summary>
    public string AcknowledgeId { get; }

    /// <summary>The user who made the update.</summary>
    public string? UserId { get; }

    /// <summary>When the update was recorded.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The message; empty when the update added none.</summary>
    public string Message { get; }

    /// <summary>The action bits of the update.</summary>
    public EventAction Action { get; }

    /// <summary>The severity before a severity change.</summary>
    public EventSeverity? OldSeverity { get; }

    /// <summary>The severity after a severity change.</summary>
    public EventSeverity? NewSeverity { get; }

    /// <summary>Until when a suppression (bit 32) was set, as the server recorded it (Zabbix 6.2+); otherwise <see langword="null"/>.</summary>
    public SuppressUntil? SuppressUntil { get; }
}
