using System;

namespace IncidentSdk.JsonRpc;

/// <summary>One event's update in a bulk acknowledge: the same fields as <see cref="AcknowledgeEventRequest"/>, for a single event.</summary>
public sealed class BulkAcknowledgeItem
{
    /// <summary>Creates an item.</summary>
    /// <param name="eventId">The event to update.</param>
    /// <param name="action">What to do; combine actions with <c>|</c>.</param>
    public BulkAcknowledgeItem(string eventId, EventAction action)
    {
        EventId = eventId ?? throw new ArgumentNullException(nameof(eventId));
        Action = action;
    }

    /// <summary>The event to update.</summary>
    public string EventId { get; }

    /// <summary>What to do.</summary>
    public EventAction Action { get; }

    /// <summary>The message, with <see cref="EventAction.AddMessage"/>.</summary>
    public string? Message { get; init; }

    /// <summary>The new severity, with <see cref="EventAction.ChangeSeverity"/>.</summary>
    public EventSeverity? Severity { get; init; }

    /// <summary>Until when to suppress, with <see cref="EventAction.Suppress"/>.</summary>
    public SuppressUntil? SuppressUntil { get; init; }

    /// <summary>The cause event, with <see cref="EventAction.ChangeToSymptom"/>.</summary>
    public string? CauseEventId { get; init; }

    /// <summary>Describes the item without its message text.</summary>
    public override string ToString() => $"{EventId}: action {(int)Action} ({Action})";

    /// <summary>The single-event request this item stands for.</summary>
    internal AcknowledgeEventRequest ToRequest() => new(EventId, Action)
    {
        Message = Message,
        Severity = Severity,
        SuppressUntil = SuppressUntil,
        CauseEventId = CauseEventId,
    };
}
