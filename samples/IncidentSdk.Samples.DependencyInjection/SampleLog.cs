using System;
using System.Collections.Generic;
using IncidentSdk.Testing;
using Microsoft.Extensions.Logging;

namespace IncidentSdk.Samples.DependencyInjection;

/// <summary>The sample's own log lines, source-generated so that disabled levels cost nothing.</summary>
internal static partial class SampleLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Environment {Environment}; keys set from service variables: {Variables}")]
    public static partial void Configuration(ILogger logger, string environment, string variables);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "COC: {CocMode}; Zabbix: {ZabbixMode}")]
    public static partial void Modes(ILogger logger, string cocMode, string zabbixMode);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Set Job:IncidentNumber, Job:Operator and Job:EventIds (or COC_INCIDENT_NUM, COC_OPERATOR, ZABBIX_EVENT_IDS) for the configured services")]
    public static partial void MissingJob(ILogger logger);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Start-up refused the configuration: {Reason}")]
    public static partial void StartupRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "1. COC: accepting {Ticket} at {Uri}")]
    public static partial void Accepting(ILogger logger, string ticket, Uri uri);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "1. COC: accepted {Ticket}: {Code} (request id {RequestId})")]
    public static partial void Accepted(ILogger logger, string ticket, string code, string? requestId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "2. Zabbix: acknowledging {EventIds} at {Uri}")]
    public static partial void Acknowledging(ILogger logger, IReadOnlyList<string> eventIds, Uri uri);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "2. Zabbix: acknowledged {EventIds}")]
    public static partial void Acknowledged(ILogger logger, IReadOnlyList<string> eventIds);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "3. check: the COC fake's ticket {Ticket} is now {State}")]
    public static partial void TicketState(ILogger logger, string ticket, FakeTicketState? state);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "3. check: the Zabbix fake's event {EventId} has {Count} acknowledge rows")]
    public static partial void EventRows(ILogger logger, string eventId, int? count);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "A call failed: {Reason}")]
    public static partial void CallFailed(ILogger logger, string reason);
}
