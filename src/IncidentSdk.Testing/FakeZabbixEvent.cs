using System;
using System.Collections.Generic;
using IncidentSdk.JsonRpc;

namespace IncidentSdk.Testing;

/// <summary>A snapshot of a problem event in <see cref="FakeZabbixService"/>.</summary>
/// <param name="EventId">The event id.</param>
/// <param name="Name">The problem name.</param>
/// <param name="Severity">The current severity.</param>
/// <param name="IsAcknowledged">Whether the event is acknowledged.</param>
/// <param name="IsClosed">Whether a close was recorded; with <see cref="FakeZabbixService.ResolveOnClose"/> it also resolved the problem (<see cref="RecoveryEventId"/>).</param>
/// <param name="SuppressedUntil">The suppression end (<see cref="DateTimeOffset.MaxValue"/> for indefinitely), or <see langword="null"/>.</param>
/// <param name="CauseEventId">The cause event id when the event was made a symptom, else <see langword="null"/>.</param>
/// <param name="Acknowledges">Every acknowledge row recorded, oldest first.</param>
public sealed record FakeZabbixEvent(
    string EventId,
    string Name,
    EventSeverity Severity,
    bool IsAcknowledged,
    bool IsClosed,
    DateTimeOffset? SuppressedUntil,
    string? CauseEventId,
    IReadOnlyList<FakeAcknowledge> Acknowledges)
{
    /// <summary>The recovery event's id once the problem is resolved (by a close or <see cref="FakeZabbixService.ResolveProblem"/>), else <see langword="null"/>.</summary>
    public string? RecoveryEventId { get; init; }

    /// <summary>Whether the problem is resolved.</summary>
    public bool IsResolved => RecoveryEventId is not null;
}
