namespace IncidentSdk.JsonRpc;

/// <summary>Zabbix trigger and event severities.</summary>
public enum EventSeverity
{
    /// <summary>Not classified (0).</summary>
    NotClassified = 0,

    /// <summary>Information (1).</summary>
    Information = 1,

    /// <summary>Warning (2).</summary>
    Warning = 2,

    /// <summary>Average (3).</summary>
    Average = 3,

    /// <summary>High (4).</summary>
    High = 4,

    /// <summary>Disaster (5).</summary>
    Disaster = 5,
}
