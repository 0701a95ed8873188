using System;
using System.Collections.Generic;
using IncidentSdk.JsonRpc;

namespace IncidentSdk.Testing;

/// <summary>A problem to raise in <see cref="FakeZabbixService"/> with <see cref="FakeZabbixService.AddProblem(FakeProblem)"/>: what <c>problem.get</c> filters on.</summary>
public sealed class FakeProblem
{
    /// <summary>The severity; <see cref="EventSeverity.Average"/> by default.</summary>
    public EventSeverity Severity { get; init; } = EventSeverity.Average;

    /// <summary>The problem name.</summary>
    public string Name { get; init; } = "Problem";

    /// <summary>The host of the problem's trigger; <c>10084</c> (a new server's own host) by default.</summary>
    public string HostId { get; init; } = "10084";

    /// <summary>The trigger id (<c>objectid</c>); 10000 plus the event id when <see langword="null"/>.</summary>
    public string? TriggerId { get; init; }

    /// <summary>When the problem started; the fake's clock now when <see langword="null"/>.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>The problem's tags (name, value).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];

    /// <summary>Whether a maintenance suppresses the problem (how 6.0 suppresses; manual suppression comes with 6.2).</summary>
    public bool InMaintenance { get; init; }

    /// <summary>The operational data; empty by default, as for triggers without it.</summary>
    public string OperationalData { get; init; } = string.Empty;

    /// <summary>Whether its trigger allows manual closing (the default).</summary>
    public bool ManualCloseAllowed { get; init; } = true;
}
