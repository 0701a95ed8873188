using System;

namespace IncidentSdk.JsonRpc;

/// <summary>The update actions of Zabbix <c>event.acknowledge</c>: a bit field, so actions combine with <c>|</c>.</summary>
[Flags]
#pragma warning disable CA1714 // The names follow the Zabbix manual's action list.
public enum EventAction
#pragma warning restore CA1714
{
    /// <summary>No action; Zabbix accepts it and does nothing.</summary>
    None = 0,

    /// <summary>Close the problem (the trigger must allow manual close).</summary>
    Close = 1,

    /// <summary>Acknowledge the event.</summary>
    Acknowledge = 2,

    /// <summary>Add a message (<c>message</c> required). Not idempotent: sending it twice records two messages.</summary>
    AddMessage = 4,

    /// <summary>Change the severity (<c>severity</c> required).</summary>
    ChangeSeverity = 8,

    /// <summary>Unacknowledge the event (Zabbix 6.0+).</summary>
    Unacknowledge = 16,

    /// <summary>Suppress the event (<c>suppress_until</c> required; Zabbix 6.2+).</summary>
    Suppress = 32,

    /// <summary>Unsuppress the event (Zabbix 6.2+).</summary>
    Unsuppress = 64,

    /// <summary>Change the event's rank to cause (Zabbix 6.4+).</summary>
    ChangeToCause = 128,

    /// <summary>Change the event's rank to symptom (<c>cause_eventid</c> required; Zabbix 6.4+).</summary>
    ChangeToSymptom = 256,
}
