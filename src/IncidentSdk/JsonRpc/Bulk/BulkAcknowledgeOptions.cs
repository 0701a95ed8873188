using System;

namespace IncidentSdk.JsonRpc;

/// <summary>How a bulk acknowledge splits and runs its calls.</summary>
public sealed class BulkAcknowledgeOptions
{
    /// <summary>
    /// The default <see cref="ChunkSize"/>: 1000 event ids per call. Chosen by timing 10,000 events acknowledged with a
    /// message against a real Zabbix 6.0.14 API (PHP's built-in server, PostgreSQL 15, 2 cores; chunks of 500 to 10000
    /// by parallelism 1, 2 and 4, median of 3 runs; <c>tests/IncidentSdk.Benchmarks/RESULTS.md</c>, "Bulk against a
    /// real Zabbix"). One call costs about 35 ms plus about 0.125 ms per id on the server. With 4 PHP workers the 2
    /// cores share the per-id work only while several calls run: 1000 per chunk with 4 in parallel was the fastest
    /// setting (0.81 s; 500 per chunk 1.13 s, one call of 10000 1.22 s). With one PHP worker calls queue and only their
    /// number matters: 1000 per chunk 1.3–1.6 s, 500 per chunk 1.7–2.0 s, and one call of 10000 ids 1.2–1.4 s, the
    /// server's floor. Bounds: 1000 ids with a 2048-character message are 11 KB of JSON (10000: 92 KB), far below
    /// PHP's <c>post_max_size</c>; PHP's peak memory for that call is 12 MB at 1000 ids and 88 MB at 10000, against
    /// the 128 MB <c>memory_limit</c> Zabbix 6.0 requires at least ("Check of pre-requisites" in
    /// https://www.zabbix.com/documentation/6.0/en/manual/installation/frontend). A failed or ambiguous chunk fails
    /// or reads back at most 1000 items.
    /// </summary>
    public const int DefaultChunkSize = 1000;

    /// <summary>The most event ids in one <c>event.acknowledge</c> call (1–10000). Default 1000.</summary>
    public int ChunkSize { get; set; } = DefaultChunkSize;

    /// <summary>
    /// The most calls in flight at once (1–64). Default 4: with 4 PHP workers on 2 cores, 4 calls of 1000 ids
    /// acknowledged 10,000 events fastest (see <see cref="DefaultChunkSize"/>); a server with one worker queues them.
    /// </summary>
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
