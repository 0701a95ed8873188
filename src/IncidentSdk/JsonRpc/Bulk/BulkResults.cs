using System.Collections.Generic;
using IncidentSdk.Validation;

namespace IncidentSdk.JsonRpc;

/// <summary>What happened to one item of a bulk acknowledge.</summary>
public enum BulkItemStatus
{
    /// <summary>Not sent: the item is invalid, or its chunk was not started (the run was cancelled, a progress callback threw, or the client was disposed).</summary>
    NotAttempted = 0,

    /// <summary>Zabbix listed the event id as updated.</summary>
    Succeeded = 1,

    /// <summary>The item's chunk failed; <see cref="BulkItemOutcome.Error"/> keeps the server's code, message and data.</summary>
    Failed = 2,

    /// <summary>
    /// Whether the update took effect is not known: no answer arrived after the chunk may have reached Zabbix, or, for
    /// a message, reading the event back could not tell whether this call's message is recorded (it was then not
    /// resent; see <see cref="MessageNotConfirmedException"/>). <see cref="BulkItemOutcome.Error"/> says what happened.
    /// Every action but adding a message can simply be sent again.
    /// </summary>
    Unknown = 3,
}

/// <summary>One item's outcome.</summary>
public sealed class BulkItemOutcome
{
    internal BulkItemOutcome(BulkAcknowledgeItem item) => Item = item;

    /// <summary>The item as given.</summary>
    public BulkAcknowledgeItem Item { get; }

    /// <summary>What happened to it.</summary>
    public BulkItemStatus Status { get; internal set; }

    /// <summary>Why its chunk failed (for <see cref="BulkItemStatus.Failed"/> and <see cref="BulkItemStatus.Unknown"/>).</summary>
    public IncidentSdkException? Error { get; internal set; }

    /// <summary>The rules it broke (for an invalid item, which is <see cref="BulkItemStatus.NotAttempted"/>).</summary>
    public IReadOnlyList<ValidationError>? ValidationErrors { get; internal set; }

    /// <summary>Whether its success was established by reading the event back after an ambiguous failure (the message was found, or proven absent and resent).</summary>
    public bool VerifiedAfterAmbiguousFailure { get; internal set; }

    /// <summary>Returns the item and its status.</summary>
    public override string ToString() => $"{Item}: {Status}";
}

/// <summary>One chunk's outcome, reported through <see cref="BulkAcknowledgeOptions.Progress"/> as it completes.</summary>
public sealed class BulkChunkResult
{
    internal BulkChunkResult(int chunkIndex, int chunkCount, IReadOnlyList<string> eventIds, IncidentSdkException? error, int completedItems, int totalItems)
    {
        ChunkIndex = chunkIndex;
        ChunkCount = chunkCount;
        EventIds = eventIds;
        Error = error;
        CompletedItems = completedItems;
        TotalItems = totalItems;
    }

    /// <summary>The chunk's position, from 0.</summary>
    public int ChunkIndex { get; }

    /// <summary>How many chunks the run has.</summary>
    public int ChunkCount { get; }

    /// <summary>The event ids the chunk carried.</summary>
    public IReadOnlyList<string> EventIds { get; }

    /// <summary><see langword="true"/> when the chunk's call succeeded.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Why the chunk failed, when it did.</summary>
    public IncidentSdkException? Error { get; }

    /// <summary>How many valid items have finished (either way) so far, this chunk included.</summary>
    public int CompletedItems { get; }

    /// <summary>How many valid items the run sends in all.</summary>
    public int TotalItems { get; }
}

/// <summary>The exact account of a bulk acknowledge: every input item's outcome, in input order.</summary>
public sealed class BulkAcknowledgeResult
{
    internal BulkAcknowledgeResult(IReadOnlyList<BulkItemOutcome> items, int calls, bool cancelled)
    {
        Items = items;
        Calls = calls;
        WasCancelled = cancelled;
        foreach (var item in items)
        {
            switch (item.Status)
            {
                case BulkItemStatus.Succeeded:
                    Succeeded++;
                    break;
                case BulkItemStatus.Failed:
                    Failed++;
                    break;
                case BulkItemStatus.Unknown:
                    Unknown++;
                    break;
                default:
                    NotAttempted++;
                    break;
            }
        }
    }

    /// <summary>Every input item's outcome, in input order.</summary>
    public IReadOnlyList<BulkItemOutcome> Items { get; }

    /// <summary>How many items succeeded.</summary>
    public int Succeeded { get; }

    /// <summary>How many items failed with their chunk.</summary>
    public int Failed { get; }

    /// <summary>How many items may or may not have been updated (<see cref="BulkItemStatus.Unknown"/>).</summary>
    public int Unknown { get; }

    /// <summary>How many items were not sent (invalid, or their chunk was not started: cancelled, stopped by the progress callback, or the client was disposed).</summary>
    public int NotAttempted { get; }

    /// <summary>How many <c>event.acknowledge</c> chunks were started.</summary>
    public int Calls { get; }

    /// <summary>Whether the caller cancelled the run; chunks already running were allowed to finish.</summary>
    public bool WasCancelled { get; }
}
