using System;
using System.Collections.Generic;
using System.Linq;

namespace IncidentSdk.JsonRpc;

/// <summary>
/// One <c>event.acknowledge</c> call: the events to update and what to do to them. Use the static factory
/// methods for the common cases, or the constructor and init properties for any combination.
/// </summary>
public sealed class AcknowledgeEventRequest
{
    /// <summary>
    /// The longest message Zabbix accepts: 2048 characters, counted as Zabbix counts them, in Unicode code points (an
    /// emoji counts once, a letter with a combining accent twice).
    /// </summary>
    public const int MaxMessageLength = 2048;

    /// <summary>Creates a request.</summary>
    /// <param name="eventIds">The ids of the events to update (at least one).</param>
    /// <param name="action">What to do; combine actions with <c>|</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="eventIds"/> is <see langword="null"/>.</exception>
    public AcknowledgeEventRequest(IEnumerable<string> eventIds, EventAction action)
    {
        EventIds = (eventIds ?? throw new ArgumentNullException(nameof(eventIds))).ToArray();
        Action = action;
    }

    /// <summary>Creates a request for one event.</summary>
    /// <param name="eventId">The id of the event to update.</param>
    /// <param name="action">What to do; combine actions with <c>|</c>.</param>
    public AcknowledgeEventRequest(string eventId, EventAction action)
        : this([eventId], action)
    {
    }

    /// <summary>The ids of the events to update (<c>eventids</c>). One id is sent as a string, several as an array.</summary>
    public IReadOnlyList<string> EventIds { get; }

    /// <summary>What to do (<c>action</c>).</summary>
    public EventAction Action { get; }

    /// <summary>The message (<c>message</c>); required with <see cref="EventAction.AddMessage"/>, at most 2048 characters (Unicode code points).</summary>
    public string? Message { get; init; }

    /// <summary>The new severity (<c>severity</c>); required with <see cref="EventAction.ChangeSeverity"/>.</summary>
    public EventSeverity? Severity { get; init; }

    /// <summary>Until when to suppress (<c>suppress_until</c>); required with <see cref="EventAction.Suppress"/>.</summary>
    public SuppressUntil? SuppressUntil { get; init; }

    /// <summary>The cause event (<c>cause_eventid</c>); required with <see cref="EventAction.ChangeToSymptom"/>, and only with it.</summary>
    public string? CauseEventId { get; init; }

    /// <summary>Acknowledges events, optionally adding a message.</summary>
    /// <param name="eventIds">The events.</param>
    /// <param name="message">A message to add, or <see langword="null"/>.</param>
    /// <returns>The request.</returns>
    public static AcknowledgeEventRequest Acknowledge(IEnumerable<string> eventIds, string? message = null) =>
        WithOptionalMessage(eventIds, EventAction.Acknowledge, message);

    /// <summary>Removes the acknowledgement of events (Zabbix 6.0+), optionally adding a message.</summary>
    /// <param name="eventIds">The events.</param>
    /// <param name="message">A message to add, or <see langword="null"/>.</param>
    /// <returns>The request.</returns>
    public static AcknowledgeEventRequest Unacknowledge(IEnumerable<string> eventIds, string? message = null) =>
        WithOptionalMessage(eventIds, EventAction.Unacknowledge, message);

    /// <summary>Adds a message to events.</summary>
    /// <param name="eventIds">The events.</param>
    /// <param name="message">The message, at most 2048 characters.</param>
    /// <returns>The request.</returns>
    public static AcknowledgeEventRequest AddMessage(IEnumerable<string> eventIds, string message) =>
        new(eventIds, EventAction.AddMessage) { Message = message };

    /// <summary>Closes problems (their triggers must allow manual close), optionally adding a message.</summary>
    /// <param name="eventIds">The events.</param>
    /// <param name="message">A message to add, or <see langword="null"/>.</param>
    /// <returns>The request.</returns>
    public static AcknowledgeEventRequest Close(IEnumerable<string> eventIds, string? message = null) =>
        WithOptionalMessage(eventIds, EventAction.Close, message);

    /// <summary>Changes the severity of events, optionally adding a message.</summary>
    /// <param name="eventIds">The events.</param>
    /// <param name="severity">The new severity.</param>
    /// <param name="message">A message to add, or <see langword="null"/>.</param>
    /// <returns>The request.</returns>
    public static AcknowledgeEventRequest ChangeSeverity(IEnumerable<string> eventIds, EventSeverity severity, string? message = null) =>
        new(eventIds, EventAction.ChangeSeverity | (message is null ? EventAction.None : EventAction.AddMessage)) { Severity = severity, Message = message };

    /// <summary>Suppresses events until a time or indefinitely (Zabbix 6.2+), optionally adding a message.</summary>
    /// <param name="eventIds">The events.</param>
    /// <param name="until">When the suppression ends, or <see cref="JsonRpc.SuppressUntil.Indefinitely"/>.</param>
    /// <param name="message">A message to add, or <see langword="null"/>.</param>
    /// <returns>The request.</returns>
    public static AcknowledgeEventRequest Suppress(IEnumerable<string> eventIds, SuppressUntil until, string? message = null) =>
        new(eventIds, EventAction.Suppress | (message is null ? EventAction.None : EventAction.AddMessage)) { SuppressUntil = until, Message = message };

    /// <summary>Ends the suppression of events (Zabbix 6.2+), optionally adding a message.</summary>
    /// <param name="eventIds">The events.</param>
    /// <param name="message">A message to add, or <see langword="null"/>.</param>
    /// <returns>The request.</returns>
    public static AcknowledgeEventRequest Unsuppress(IEnumerable<string> eventIds, string? message = null) =>
        WithOptionalMessage(eventIds, EventAction.Unsuppress, message);

    /// <summary>Marks events as causes (Zabbix 6.4+).</summary>
    /// <param name="eventIds">The events.</param>
    /// <returns>The request.</returns>
    public static AcknowledgeEventRequest ChangeToCause(IEnumerable<string> eventIds) => new(eventIds, EventAction.ChangeToCause);

    /// <summary>Marks events as symptoms of a cause event (Zabbix 6.4+).</summary>
    /// <param name="eventIds">The events.</param>
    /// <param name="causeEventId">The cause event; not one of <paramref name="eventIds"/>.</param>
    /// <returns>The request.</returns>
    public static AcknowledgeEventRequest ChangeToSymptom(IEnumerable<string> eventIds, string causeEventId) =>
        new(eventIds, EventAction.ChangeToSymptom) { CauseEventId = causeEventId };

    /// <summary>Describes the request without its message text.</summary>
    public override string ToString() =>
        $"event.acknowledge {{ eventids = [{string.Join(", ", EventIds.Take(10))}{(EventIds.Count > 10 ? ", …" : string.Empty)}], action = {(int)Action} ({Action}) }}";

    private static AcknowledgeEventRequest WithOptionalMessage(IEnumerable<string> eventIds, EventAction action, string? message) =>
        new(eventIds, action | (message is null ? EventAction.None : EventAction.AddMessage)) { Message = message };
}
