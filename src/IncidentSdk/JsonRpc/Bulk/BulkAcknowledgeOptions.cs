using System;

namespace IncidentSdk.JsonRpc;

/// <summary>How a bulk acknowledge splits and runs its calls.</summary>
public sealed class BulkAcknowledgeOptions
{
    /// <summary>
    /// The default <see cref="ChunkSize"/>: 500 event ids per call. Measured on a real Zabbix 6.0.14 API (PHP's
    /// built-in server, 2 cores), acknowledging with a message took 80 ms for 1 id, 80 ms for 250, 110 ms for 500,
    /// 150 ms for 1000 and 230 ms for 2000: a fixed ~70 ms per call plus ~0.08 ms per id. At 500 the fixed cost is
    /// already amortised to 0.22 ms per event, a failed chunk costs little, and parallel chunks still have work;
    /// 500 ids with a 2048-character message is about 10 KB of JSON, far below PHP's default 8 MB <c>post_max_size</c>.
    /// </summary>
    public const int DefaultChunkSize = 500;

    /// <summary>The most event ids in one <c>event.acknowledge</c> call (1–10000). Default 500.</summary>
    public int ChunkSize { get; set; } = DefaultChunkSize;

    /// <summary>The most calls in flight at once (1–64). Default 4.</summary>
    public int MaxParallelism { get; set; } = 4;

    /// <summary>
    /// Receives each chunk's outcome as it completes (from the thread that completed it). If it throws, it is not called
    /// again, no new chunk starts, running ones finish, and the call throws <see cref="BulkAcknowledgeInterruptedException"/>
    /// with every item's outcome.
    /// </summary>
    public IProgress<BulkChunkResult>? Progress { get; set; }

    internal void Validate()
    {
        if (ChunkSize is < 1 or > 10000)
        {
            throw new ArgumentOutOfRangeException(nameof(ChunkSize), ChunkSize, "Use a chunk size from 1 to 10000 event ids.");
        }

        if (MaxParallelism is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxParallelism), MaxParallelism, "Use a parallelism from 1 to 64.");
        }
    }
}
