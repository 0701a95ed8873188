using System;
using System.Collections.Generic;

namespace IncidentSdk.JsonRpc;

/// <summary>
/// The calls that added messages through one session state lately: which events, which text, and when each ended. A read-back uses them to tell this client's earlier identical messages from the message of the
/// call it checks, which whole-second times cannot. Thread-safe.
/// </summary>
internal sealed class SentMessages
{
    /// <summary>How long an ended call is remembered; far longer than the uncertainty of the server's clock.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private const int MaxEntries = 4096;

    private readonly object _gate = new();
    private readonly LinkedList<Entry> _entries = new();

    /// <summary>Records a call about to be sent and returns its handle, for <see cref="End"/>.</summary>
    public object Begin(IReadOnlyList<string> eventIds, string message)
    {
        var entry = new Entry(new HashSet<string>(eventIds, StringComparer.Ordinal), message);
        lock (_gate)
        {
            _entries.AddLast(entry);
            while (_entries.Count > MaxEntries)
            {
                _entries.RemoveFirst();
            }
        }

        return entry;
    }

    /// <summary>Records that a call ended (however it ended: it can no longer record anything).</summary>
    public static void End(object handle, DateTimeOffset endedAt) => ((Entry)handle).EndedAt = endedAt;

    /// <summary>
    /// The other calls with the same text that may have recorded a row lately, each with the local time by which it
    /// ended (<paramref name="now"/> for calls still running).
    /// </summary>
    public IReadOnlyList<(ISet<string> EventIds, DateTimeOffset EndedBy)> Others(object handle, string message, DateTimeOffset now)
    {
        var others = new List<(ISet<string>, DateTimeOffset)>();
        lock (_gate)
        {
            while (_entries.First is { } oldest && oldest.Value.EndedAt is { } ended && now - ended > Lifetime)
            {
                _entries.RemoveFirst();
            }

            foreach (var entry in _entries)
            {
                if (!ReferenceEquals(entry, handle) && string.Equals(entry.Message, message, StringComparison.Ordinal))
                {
                    others.Add((entry.EventIds, entry.EndedAt ?? now));
                }
            }
        }

        return others;
    }

    private sealed class Entry(ISet<string> eventIds, string message)
    {
        public ISet<string> EventIds { get; } = eventIds;

        public string Message { get; } = message;

        public DateTimeOffset? EndedAt { get; set; }
    }
}
