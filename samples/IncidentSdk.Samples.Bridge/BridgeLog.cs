using System;
using Microsoft.Extensions.Logging;

namespace IncidentSdk.Samples.Bridge;

/// <summary>The bridge's log lines, source-generated so that disabled levels cost nothing.</summary>
internal static partial class BridgeLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Problem {EventId}: opened COC ticket {Ticket} (answer lost, found by read-back: {FoundByReadBack})")]
    public static partial void Opened(ILogger logger, string eventId, string ticket, bool foundByReadBack);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Problem {EventId}: COC ticket {Ticket} was opened earlier but not recorded (found by marker, {Count} match); recording it")]
    public static partial void FoundByMarker(ILogger logger, string eventId, string ticket, int count);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Problem {EventId}: acknowledged with COC ticket {Ticket}")]
    public static partial void Recorded(ILogger logger, string eventId, string ticket);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Problem {EventId}: COC ticket {Ticket} is COMPLETED; problem closed")]
    public static partial void Closed(ILogger logger, string eventId, string ticket);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Problem {EventId}: COC ticket {Ticket} is COMPLETED but Zabbix refused the close ({Reason}); sending the message only")]
    public static partial void CloseRefused(ILogger logger, string eventId, string ticket, string? reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Problem {EventId}: the create of the ticket with marker {Marker} may or may not have opened one; the next cycle looks for the marker again. {Reason}")]
    public static partial void CreationUnknown(ILogger logger, string eventId, string marker, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Problem {EventId}: Zabbix could not confirm the message ({Outcomes}); the next cycle reads the messages again. {Reason}")]
    public static partial void MessageNotConfirmed(ILogger logger, string eventId, string outcomes, string reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "Problem {EventId} failed this cycle: {Type}: {Reason}")]
    public static partial void ProblemFailed(ILogger logger, string eventId, string type, string reason, Exception error);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "The events of {Count} problems could not be read this cycle: {Reason}")]
    public static partial void EventsUnreadable(ILogger logger, int count, string reason, Exception error);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Problem {EventId}: event.get did not return its event (no permission, or gone)")]
    public static partial void EventMissing(ILogger logger, string eventId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Problem {EventId} records more than one COC ticket: using {Ticket}, also {Others}")]
    public static partial void SeveralTickets(ILogger logger, string eventId, string ticket, string others);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Cycle done: {Result}")]
    public static partial void CycleDone(ILogger logger, BridgeCycleResult result);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "Cycle failed: {Type}: {Reason}; the next one starts in {Interval}")]
    public static partial void CycleFailed(ILogger logger, string type, string reason, TimeSpan interval, Exception error);
}
