using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Validation;

namespace IncidentSdk.JsonRpc;

/// <summary>
/// Runs a bulk acknowledge: validates every item, groups items that share the same update into one
/// <c>event.acknowledge</c> call per chunk, runs chunks with bounded parallelism and accounts for every item.
/// </summary>
internal static class BulkAcknowledger
{
    public static async Task<BulkAcknowledgeResult> RunAsync(JsonRpcEventClient client, IEnumerable<BulkAcknowledgeItem> items, BulkAcknowledgeOptions options, CancellationToken cancellationToken)
    {
        options.Validate();
        var outcomes = (items ?? throw new ArgumentNullException(nameof(items)))
            .Select(item => new BulkItemOutcome(item ?? throw new ArgumentException("An item is null.", nameof(items))))
            .ToArray();
        var version = await client.GetServerVersionAsync(cancellationToken).ConfigureAwait(false);
        var chunks = Plan(outcomes, version, options.ChunkSize);
        var total = chunks.Sum(c => c.Length);
        var completed = 0;
        var started = 0;
        var running = new List<Task>(chunks.Count);
        using var gate = new SemaphoreSlim(options.MaxParallelism);
        for (var index = 0; index < chunks.Count; index++)
        {
            try
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            started++;
            var chunkIndex = index;
            running.Add(Task.Run(async () =>
            {
                try
                {
                    var error = await RunChunkAsync(client, outcomes, chunks[chunkIndex]).ConfigureAwait(false);
                    var done = Interlocked.Add(ref completed, chunks[chunkIndex].Length);
                    options.Progress?.Report(new BulkChunkResult(chunkIndex, chunks.Count, chunks[chunkIndex].Select(i => outcomes[i].Item.EventId).ToArray(), error, done, total));
                }
                finally
                {
                    gate.Release();
                }
            }, CancellationToken.None));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        return new BulkAcknowledgeResult(outcomes, started, cancellationToken.IsCancellationRequested);
    }

    /// <summary>Validates each item and returns the chunks of item indexes, one update per chunk, in order of first appearance.</summary>
    private static List<int[]> Plan(BulkItemOutcome[] outcomes, ZabbixVersion version, int chunkSize)
    {
        var groups = new Dictionary<GroupKey, List<int>>();
        var order = new List<List<int>>();
        var seen = new Dictionary<GroupKey, HashSet<string>>();
        for (var i = 0; i < outcomes.Length; i++)
        {
            var item = outcomes[i].Item;
            var validation = AcknowledgeEventRequestValidator.Validate(item.ToRequest(), version);
            if (!validation.IsValid)
            {
                outcomes[i].ValidationErrors = validation.Errors;
                continue;
            }

            var key = new GroupKey(item.Action, item.Message, item.Severity, item.SuppressUntil, item.CauseEventId);
            if (!groups.TryGetValue(key, out var members))
            {
                groups[key] = members = [];
                seen[key] = new HashSet<string>(StringComparer.Ordinal);
                order.Add(members);
            }

            if (!seen[key].Add(item.EventId))
            {
                outcomes[i].ValidationErrors = [new ValidationError("eventids", ValidationRules.Format, $"'{item.EventId}' appears twice with the same update; it is sent once.")];
                continue;
            }

            members.Add(i);
        }

        var chunks = new List<int[]>();
        foreach (var members in order)
        {
            for (var start = 0; start < members.Count; start += chunkSize)
            {
                chunks.Add(members.Skip(start).Take(chunkSize).ToArray());
            }
        }

        return chunks;
    }

    /// <summary>Sends one chunk. Running chunks are not cancelled: they finish within the client's timeouts, so every item's state is known.</summary>
    private static async Task<IncidentSdkException?> RunChunkAsync(JsonRpcEventClient client, BulkItemOutcome[] outcomes, int[] chunk)
    {
        var first = outcomes[chunk[0]].Item;
        var ids = chunk.Select(i => outcomes[i].Item.EventId).ToArray();
        var request = new AcknowledgeEventRequest(ids, first.Action)
        {
            Message = first.Message,
            Severity = first.Severity,
            SuppressUntil = first.SuppressUntil,
            CauseEventId = first.CauseEventId,
        };

        try
        {
            var result = await client.AcknowledgeAsync(request, CancellationToken.None).ConfigureAwait(false);
            var listed = new HashSet<string>(result.EventIds, StringComparer.Ordinal);
            foreach (var i in chunk)
            {
                var outcome = outcomes[i];
                outcome.VerifiedAfterAmbiguousFailure = result.VerifiedAfterAmbiguousFailure;
                if (listed.Contains(outcome.Item.EventId))
                {
                    outcome.Status = BulkItemStatus.Succeeded;
                }
                else
                {
                    outcome.Status = BulkItemStatus.Failed;
                    outcome.Error = new InvalidResponseException(
                        $"Zabbix answered the chunk without listing event {outcome.Item.EventId} as updated",
                        new ServiceErrorInfo { Operation = "event.acknowledge", Targets = [outcome.Item.EventId] });
                }
            }

            return null;
        }
        catch (IncidentSdkException error)
        {
            foreach (var i in chunk)
            {
                outcomes[i].Status = BulkItemStatus.Failed;
                outcomes[i].Error = error;
            }

            return error;
        }
    }

    private readonly record struct GroupKey(EventAction Action, string? Message, EventSeverity? Severity, SuppressUntil? SuppressUntil, string? CauseEventId);
}
