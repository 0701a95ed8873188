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
        var run = new RunState();
        using var gate = new SemaphoreSlim(options.MaxParallelism);
        for (var index = 0; index < chunks.Count && run.Stop is null; index++)
        {
            try
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            // A chunk that finished while this one waited may have stopped the run.
            if (run.Stop is not null || client.IsDisposed)
            {
                run.Interrupt(client.IsDisposed ? new ObjectDisposedException(nameof(JsonRpcEventClient)) : null);
                gate.Release();
                break;
            }

            started++;
            var chunkIndex = index;
            running.Add(Task.Run(async () =>
            {
                try
                {
                    var error = await RunChunkAsync(client, outcomes, chunks[chunkIndex], run).ConfigureAwait(false);
                    var done = Interlocked.Add(ref completed, chunks[chunkIndex].Length);
                    run.Report(options.Progress, new BulkChunkResult(chunkIndex, chunks.Count, chunks[chunkIndex].Select(i => outcomes[i].Item.EventId).ToArray(), error, done, total));
                }
                finally
                {
                    gate.Release();
                }
            }, CancellationToken.None));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        var result = new BulkAcknowledgeResult(outcomes, started, cancellationToken.IsCancellationRequested);
        if (run.Stop is { } stop)
        {
            var reason = stop is ObjectDisposedException
                ? "the client was disposed"
                : $"the progress callback threw {stop.GetType().Name}: {stop.Message}";
            throw new BulkAcknowledgeInterruptedException(
                $"The bulk acknowledge stopped after starting {started} of {chunks.Count} chunks because {reason}. Chunks already running finished: "
                + $"{result.Succeeded} items succeeded, {result.Failed} failed, {result.Unknown} unknown, {result.NotAttempted} not sent. Result holds every item's outcome.",
                result,
                stop);
        }

        return result;
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
    private static async Task<IncidentSdkException?> RunChunkAsync(JsonRpcEventClient client, BulkItemOutcome[] outcomes, int[] chunk, RunState run)
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
        catch (MessageNotConfirmedException unconfirmed)
        {
            // The read-back settled each event on its own: stored or resent ones succeeded, the rest did not.
            foreach (var i in chunk)
            {
                var outcome = outcomes[i];
                switch (unconfirmed.Outcomes.TryGetValue(outcome.Item.EventId, out var known) ? known : MessageOutcome.Unknown)
                {
                    case MessageOutcome.Stored or MessageOutcome.Resent:
                        outcome.Status = BulkItemStatus.Succeeded;
                        outcome.VerifiedAfterAmbiguousFailure = true;
                        break;
                    case MessageOutcome.NotStored:
                        outcome.Status = BulkItemStatus.Failed;
                        outcome.Error = unconfirmed;
                        break;
                    default:
                        outcome.Status = BulkItemStatus.Unknown;
                        outcome.Error = unconfirmed;
                        break;
                }
            }

            NoteDisposal(client, run);
            return unconfirmed;
        }
        catch (IncidentSdkException error)
        {
            var disposed = NoteDisposal(client, run);
            foreach (var i in chunk)
            {
                outcomes[i].Status = error switch
                {
                    TransportException { RequestMayHaveReachedServer: true } => BulkItemStatus.Unknown,
                    TransportException when disposed => BulkItemStatus.NotAttempted,
                    _ => BulkItemStatus.Failed,
                };
                outcomes[i].Error = error;
            }

            return error;
        }
        catch (ObjectDisposedException disposal) when (client.IsDisposed)
        {
            // Refused before anything was sent: the items stay NotAttempted.
            run.Interrupt(disposal);
            return null;
        }
    }

    private static bool NoteDisposal(JsonRpcEventClient client, RunState run)
    {
        if (!client.IsDisposed)
        {
            return false;
        }

        run.Interrupt(new ObjectDisposedException(nameof(JsonRpcEventClient)));
        return true;
    }

    /// <summary>What stops a run early: the first exception of the progress callback, or the client's disposal.</summary>
    private sealed class RunState
    {
        private Exception? _stop;
        private int _progressBroken;

        public Exception? Stop => Volatile.Read(ref _stop);

        /// <summary>Stops starting chunks; the first reason is kept. <see langword="null"/> keeps the current one.</summary>
        public void Interrupt(Exception? reason)
        {
            if (reason is not null)
            {
                Interlocked.CompareExchange(ref _stop, reason, null);
            }
        }

        /// <summary>Reports a chunk, unless the callback already threw; an exception it throws stops the run instead of faulting it.</summary>
        public void Report(IProgress<BulkChunkResult>? progress, BulkChunkResult chunk)
        {
            if (progress is null || Volatile.Read(ref _progressBroken) != 0)
            {
                return;
            }

            try
            {
                progress.Report(chunk);
            }
#pragma warning disable CA1031 // The caller's callback may throw anything; the run must still account for every item.
            catch (Exception callbackFailure)
#pragma warning restore CA1031
            {
                Volatile.Write(ref _progressBroken, 1);
                Interrupt(callbackFailure);
            }
        }
    }

    private readonly record struct GroupKey(EventAction Action, string? Message, EventSeverity? Severity, SuppressUntil? SuppressUntil, string? CauseEventId);
}
