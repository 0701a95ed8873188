using System.Collections.Generic;

namespace IncidentSdk.Testing;

// The state the fake keeps for each problem event.
public sealed partial class FakeZabbixService
{
    private sealed record AcknowledgeRow(ulong Id, FakeUser User, long Clock, string Message, int Action, int OldSeverity, int NewSeverity, long SuppressUntil);

    private sealed class EventState(ulong id, string name, int severity, bool manualCloseAllowed, long clock)
    {
        public ulong Id { get; } = id;

        public string Name { get; } = name;

        public int Severity { get; set; } = severity;

        public bool ManualCloseAllowed { get; } = manualCloseAllowed;

        public long Clock { get; } = clock;

        public bool Acknowledged { get; set; }

        public bool Closed { get; set; }

        /// <summary>Unix seconds the manual suppression ends, 0 for indefinitely, <see langword="null"/> when not suppressed.</summary>
        public long? SuppressUntil { get; set; }

        public string SuppressedBy { get; set; } = AdminId;

        public ulong? Cause { get; set; }

        public List<AcknowledgeRow> Rows { get; } = [];

        public bool IsSuppressed(long now) => SuppressUntil is { } until && (until == 0 || until > now);

        /// <summary>Suppressed by a maintenance or manually: the object's <c>suppressed</c> flag.</summary>
        public bool Suppressed(long now) => InMaintenance || IsSuppressed(now);

        public ulong ObjectId { get; set; } = 10000 + id;

        public string HostId { get; set; } = "10084";

        public IReadOnlyList<KeyValuePair<string, string>> Tags { get; set; } = [];

        public bool InMaintenance { get; set; }

        public string OperationalData { get; set; } = string.Empty;

        /// <summary>The recovery event's id once the problem is resolved, else 0.</summary>
        public ulong RecoveryEventId { get; set; }
    }
}
