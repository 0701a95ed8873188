namespace IncidentSdk.Tests.JsonRpc;

public class BulkAcknowledgeTests
{
    [Test]
    public async Task Items_with_the_same_update_share_calls_and_different_updates_get_their_own()
    {
        var probe = new ConcurrencyProbeHandler(TimeSpan.Zero);
        using var client = Client(probe);
        var items = Ids(1, 5).Select(id => Ack(id, "batch A"))
            .Concat(Ids(6, 2).Select(id => Ack(id, "batch B")))
            .Concat(Ids(8, 2).Select(id => new BulkAcknowledgeItem(id, EventAction.ChangeSeverity) { Severity = EventSeverity.High }))
            .ToList();

        var result = await client.AcknowledgeManyAsync(items);

        var calls = probe.Calls.Select(c => c["params"]!.ToJsonString()).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(calls, Is.EqualTo(new[]
            {
                """{"eventids":["1","2","3","4","5"],"action":6,"message":"batch A"}""",
                """{"eventids":["6","7"],"action":6,"message":"batch B"}""",
                """{"eventids":["8","9"],"action":8,"severity":4}""",
            }));
            Assert.That(result.Succeeded, Is.EqualTo(9));
            Assert.That(result.Calls, Is.EqualTo(3));
            Assert.That(result.Items.Select(i => i.Item), Is.EqualTo(items), "outcomes in input order");
        });
    }

    [Test]
    public async Task Groups_are_split_into_chunks_of_the_configured_size()
    {
        var probe = new ConcurrencyProbeHandler(TimeSpan.Zero);
        using var client = Client(probe);

        var result = await client.AcknowledgeManyAsync(Ids(1, 1001).Select(id => Ack(id, "m")), new BulkAcknowledgeOptions { ChunkSize = 250 });

        Assert.Multiple(() =>
        {
            Assert.That(probe.Calls.Select(c => c["params"]!["eventids"] is System.Text.Json.Nodes.JsonArray a ? a.Count : 1).OrderBy(n => n), Is.EqualTo(new[] { 1, 250, 250, 250, 250 }));
            Assert.That(result.Succeeded, Is.EqualTo(1001));
        });
    }

    [Test]
    public async Task The_defaults_send_chunks_of_1000_ids_with_4_in_flight()
    {
        var probe = new ConcurrencyProbeHandler(TimeSpan.FromMilliseconds(40));
        using var client = Client(probe);

        var result = await client.AcknowledgeManyAsync(Ids(1, 5500).Select(id => Ack(id, "m")));

        Assert.Multiple(() =>
        {
            Assert.That(BulkAcknowledgeOptions.DefaultChunkSize, Is.EqualTo(1000));
            Assert.That(new BulkAcknowledgeOptions().MaxParallelism, Is.EqualTo(4));
            Assert.That(probe.Calls.Select(c => ((System.Text.Json.Nodes.JsonArray)c["params"]!["eventids"]!).Count).OrderBy(n => n), Is.EqualTo(new[] { 500, 1000, 1000, 1000, 1000, 1000 }));
            Assert.That(probe.MaxInFlight, Is.EqualTo(4));
            Assert.That(result.Succeeded, Is.EqualTo(5500));
        });
    }

    [Test]
    public async Task No_more_chunks_are_in_flight_than_the_parallelism_allows()
    {
        var probe = new ConcurrencyProbeHandler(TimeSpan.FromMilliseconds(40));
        using var client = Client(probe);

        var result = await client.AcknowledgeManyAsync(Ids(1, 40).Select(id => Ack(id, "m")), new BulkAcknowledgeOptions { ChunkSize = 2, MaxParallelism = 3 });

        Assert.Multiple(() =>
        {
            Assert.That(probe.Calls, Has.Count.EqualTo(20));
            Assert.That(probe.MaxInFlight, Is.EqualTo(3));
            Assert.That(result.Succeeded, Is.EqualTo(40));
        });
    }

    [Test]
    public async Task A_failed_chunk_fails_only_its_items_with_the_servers_error()
    {
        var probe = new ConcurrencyProbeHandler(TimeSpan.Zero);
        probe.FailIds["7"] = true;
        using var client = Client(probe);

        var result = await client.AcknowledgeManyAsync(Ids(1, 10).Select(id => Ack(id, "m")), new BulkAcknowledgeOptions { ChunkSize = 5 });

        var failed = result.Items.Where(i => i.Status == BulkItemStatus.Failed).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(failed.Select(f => f.Item.EventId), Is.EqualTo(new[] { "6", "7", "8", "9", "10" }));
            Assert.That(failed.Select(f => f.Error), Is.All.InstanceOf<ResourceNotFoundException>());
            Assert.That(((ServiceException)failed[0].Error!).ErrorData, Is.EqualTo("No permissions to referred object or it does not exist!"));
            Assert.That(result.Succeeded, Is.EqualTo(5));
            Assert.That(result.Failed, Is.EqualTo(5));
        });
    }

    [Test]
    public async Task Invalid_items_are_reported_per_item_and_never_sent()
    {
        var probe = new ConcurrencyProbeHandler(TimeSpan.Zero);
        using var client = Client(probe);
        var items = new[]
        {
            Ack("1", "ok"),
            new BulkAcknowledgeItem("2", EventAction.AddMessage),
            new BulkAcknowledgeItem("x", EventAction.Acknowledge),
            Ack("1", "ok"),
            new BulkAcknowledgeItem("3", EventAction.ChangeSeverity) { Severity = (EventSeverity)9, Message = "m" },
        };

        var result = await client.AcknowledgeManyAsync(items);

        Assert.Multiple(() =>
        {
            Assert.That(result.Items.Select(i => i.Status), Is.EqualTo(new[] { BulkItemStatus.Succeeded, BulkItemStatus.NotAttempted, BulkItemStatus.NotAttempted, BulkItemStatus.NotAttempted, BulkItemStatus.NotAttempted }));
            Assert.That(result.Items[1].ValidationErrors!.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "message/required" }));
            Assert.That(result.Items[2].ValidationErrors!.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "eventids/format" }));
            Assert.That(result.Items[3].ValidationErrors!.Single().Message, Does.Contain("appears twice"));
            Assert.That(result.Items[4].ValidationErrors!.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "message/unexpected", "severity/range" }));
            Assert.That(probe.Calls.Single()["params"]!["eventids"]!.ToJsonString(), Is.EqualTo("\"1\""));
        });
    }

    [Test]
    public async Task Each_invalid_item_reports_every_broken_rule_the_servers_version_included()
    {
        var probe = new ConcurrencyProbeHandler(TimeSpan.Zero);
        using var client = new JsonRpcEventClient(new HttpClient(probe), ZabbixTest.Options(version: "6.0.14"));
        var items = new[]
        {
            new BulkAcknowledgeItem("1", EventAction.Suppress),
            new BulkAcknowledgeItem("2", EventAction.None) { Message = "m" },
            new BulkAcknowledgeItem("3", EventAction.Suppress | EventAction.AddMessage) { SuppressUntil = SuppressUntil.At(DateTimeOffset.MaxValue), Message = string.Concat(Enumerable.Repeat("\U0001F600", 2049)) },
            Ack("4", string.Concat(Enumerable.Repeat("\U0001F600", 2048))),
        };

        var result = await client.AcknowledgeManyAsync(items);

        Assert.Multiple(() =>
        {
            Assert.That(result.Items[0].ValidationErrors!.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "action/version", "suppress_until/required" }));
            Assert.That(result.Items[1].ValidationErrors!.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "action/required", "message/unexpected" }));
            Assert.That(result.Items[2].ValidationErrors!.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "action/version", "message/max-length", "suppress_until/range" }));
            Assert.That(result.Items.Select(i => i.Status), Is.EqualTo(new[] { BulkItemStatus.NotAttempted, BulkItemStatus.NotAttempted, BulkItemStatus.NotAttempted, BulkItemStatus.Succeeded }));
            Assert.That(probe.Calls.Single()["params"]!["eventids"]!.ToJsonString(), Is.EqualTo("\"4\""));
        });
    }

    [Test]
    public async Task Cancelling_stops_new_chunks_lets_running_ones_finish_and_accounts_for_every_item()
    {
        var probe = new ConcurrencyProbeHandler(TimeSpan.FromMilliseconds(100));
        using var client = Client(probe);
        using var cts = new CancellationTokenSource();
        var calls = 0;
        probe.OnCall = () =>
        {
            if (Interlocked.Increment(ref calls) == 2)
            {
                cts.Cancel();
            }
        };

        var result = await client.AcknowledgeManyAsync(Ids(1, 20).Select(id => Ack(id, "m")), new BulkAcknowledgeOptions { ChunkSize = 2, MaxParallelism = 2 }, cts.Token);

        Assert.Multiple(() =>
        {
            Assert.That(result.WasCancelled, Is.True);
            Assert.That(result.Calls, Is.EqualTo(2), "the two chunks running when cancelled");
            Assert.That(result.Succeeded, Is.EqualTo(4), "running chunks finished");
            Assert.That(result.NotAttempted, Is.EqualTo(16));
            Assert.That(result.Failed, Is.Zero);
            Assert.That(probe.Calls, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Progress_reports_every_chunk()
    {
        var probe = new ConcurrencyProbeHandler(TimeSpan.Zero);
        using var client = Client(probe);
        var reports = new List<BulkChunkResult>();
        var progress = new SyncProgress(reports);

        await client.AcknowledgeManyAsync(Ids(1, 9).Select(id => Ack(id, "m")), new BulkAcknowledgeOptions { ChunkSize = 4, Progress = progress });

        lock (reports)
        {
            Assert.Multiple(() =>
            {
                Assert.That(reports.Select(r => r.ChunkIndex).OrderBy(i => i), Is.EqualTo(new[] { 0, 1, 2 }));
                Assert.That(reports.Max(r => r.CompletedItems), Is.EqualTo(9));
                Assert.That(reports.All(r => r.ChunkCount == 3 && r.TotalItems == 9 && r.Succeeded), Is.True);
            });
        }
    }

    [Test]
    public async Task A_chunk_that_adds_a_message_and_fails_ambiguously_is_checked_before_it_is_resent()
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, 300, TimeSpan.Zero));
        using var zabbix = new ClockedZabbix(clock);
        zabbix.FailNextAcknowledge("502-after");
        using var client = new JsonRpcEventClient(new HttpClient(zabbix), ZabbixTest.Options(version: null, o => o.TimeProvider = clock));

        var result = await client.AcknowledgeManyAsync([Ack("1", "m"), Ack("2", "m")]);

        Assert.Multiple(() =>
        {
            Assert.That(zabbix.Calls("event.acknowledge"), Is.EqualTo(1), "not resent: the check found this call's message on both");
            Assert.That(zabbix.Calls("event.get"), Is.EqualTo(1));
            Assert.That(result.Succeeded, Is.EqualTo(2));
            Assert.That(result.Items.All(i => i.VerifiedAfterAmbiguousFailure), Is.True);
        });
    }

    [Test]
    public async Task Events_the_read_back_cannot_settle_are_unknown_and_the_others_of_the_chunk_succeed()
    {
        // The token's user cannot be learned (Zabbix before 6.0.14), so a matching message is not claimed.
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, 300, TimeSpan.Zero));
        using var zabbix = new ClockedZabbix(clock) { TokenLookup = false };
        using var client = new JsonRpcEventClient(new HttpClient(zabbix), ZabbixTest.Options(version: null, o => o.TimeProvider = clock));
        await client.GetServerVersionAsync();
        zabbix.AddRow("2", "m", userId: "1", zabbix.ServerNow, action: 6);
        zabbix.FailNextAcknowledge("lose-request");

        var result = await client.AcknowledgeManyAsync([Ack("1", "m"), Ack("2", "m"), Ack("3", "m")]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Items.Select(i => i.Status), Is.EqualTo(new[] { BulkItemStatus.Succeeded, BulkItemStatus.Unknown, BulkItemStatus.Succeeded }));
            Assert.That(result.Items.Select(i => i.VerifiedAfterAmbiguousFailure), Is.EqualTo(new[] { true, false, true }));
            Assert.That(result.Items[1].Error, Is.InstanceOf<MessageNotConfirmedException>());
            Assert.That(((MessageNotConfirmedException)result.Items[1].Error!).Outcomes["2"], Is.EqualTo(MessageOutcome.Unknown));
            Assert.That((result.Succeeded, result.Unknown, result.Failed, result.NotAttempted), Is.EqualTo((2, 1, 0, 0)));
            Assert.That(zabbix.Calls("event.acknowledge"), Is.EqualTo(2), "the lost chunk and the resend to events 1 and 3");
            Assert.That(zabbix.Messages("2"), Has.Count.EqualTo(1), "event 2 was not sent the message again");
        });
    }

    [Test]
    public void A_progress_callback_that_throws_stops_new_chunks_and_the_exception_carries_every_items_outcome()
    {
        var probe = new ConcurrencyProbeHandler(TimeSpan.Zero);
        using var client = Client(probe);
        var callbackFailure = new InvalidOperationException("the dashboard is down");
        var progress = new ThrowingProgress(callbackFailure);

        var error = Assert.ThrowsAsync<BulkAcknowledgeInterruptedException>(() =>
            client.AcknowledgeManyAsync(Ids(1, 6).Select(id => Ack(id, "m")), new BulkAcknowledgeOptions { ChunkSize = 2, MaxParallelism = 1, Progress = progress }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.InnerException, Is.SameAs(callbackFailure));
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.Result.Items.Select(i => i.Status), Is.EqualTo(new[]
            {
                BulkItemStatus.Succeeded, BulkItemStatus.Succeeded,
                BulkItemStatus.NotAttempted, BulkItemStatus.NotAttempted, BulkItemStatus.NotAttempted, BulkItemStatus.NotAttempted,
            }));
            Assert.That(error.Result.Calls, Is.EqualTo(1));
            Assert.That(probe.Calls, Has.Count.EqualTo(1));
            Assert.That(progress.Reports, Is.EqualTo(1));
            Assert.That(error.Message, Does.Contain("the progress callback threw InvalidOperationException: the dashboard is down"));
        });
    }

    [Test]
    public void After_a_progress_callback_throws_running_chunks_finish_and_are_accounted_for()
    {
        var firstReported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var zabbix = new GatedZabbix(ids => ids.Contains("3") ? firstReported.Task : Task.CompletedTask);
        using var client = Client(zabbix);
        var progress = new ThrowingProgress(new InvalidOperationException("boom"), beforeThrowing: () => firstReported.TrySetResult());

        var error = Assert.ThrowsAsync<BulkAcknowledgeInterruptedException>(() =>
            client.AcknowledgeManyAsync(Ids(1, 8).Select(id => Ack(id, "m")), new BulkAcknowledgeOptions { ChunkSize = 2, MaxParallelism = 2, Progress = progress }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Result.Items.Select(i => i.Status), Is.EqualTo(new[]
            {
                BulkItemStatus.Succeeded, BulkItemStatus.Succeeded, BulkItemStatus.Succeeded, BulkItemStatus.Succeeded,
                BulkItemStatus.NotAttempted, BulkItemStatus.NotAttempted, BulkItemStatus.NotAttempted, BulkItemStatus.NotAttempted,
            }));
            Assert.That((error.Result.Succeeded, error.Result.NotAttempted, error.Result.Calls), Is.EqualTo((4, 4, 2)));
            Assert.That(zabbix.Acknowledges, Is.EqualTo(2), "the chunk that was running when the callback threw finished; no other started");
            Assert.That(progress.Reports, Is.EqualTo(1), "a callback that threw is not called again");
        });
    }

    [Test]
    public async Task Disposing_the_client_mid_run_stops_new_chunks_and_the_exception_carries_every_items_outcome()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var zabbix = new GatedZabbix(_ =>
        {
            arrived.TrySetResult();
            return release.Task;
        });
        var client = Client(zabbix);

        var error = await DisposeOnceTheFirstChunkArrivesAsync(client, arrived, release);

        Assert.Multiple(() =>
        {
            Assert.That(error!.InnerException, Is.InstanceOf<ObjectDisposedException>());
            Assert.That(error.Result.Items.Select(i => i.Status), Is.EqualTo(new[]
            {
                BulkItemStatus.Succeeded, BulkItemStatus.Succeeded,
                BulkItemStatus.NotAttempted, BulkItemStatus.NotAttempted, BulkItemStatus.NotAttempted, BulkItemStatus.NotAttempted,
            }));
            Assert.That(error.Result.Calls, Is.EqualTo(1));
            Assert.That(zabbix.Acknowledges, Is.EqualTo(1));
            Assert.That(error.Message, Does.Contain("the client was disposed"));
        });
    }

    [Test]
    public async Task A_message_chunk_cut_off_by_disposal_is_unknown_not_failed_and_not_resent()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var zabbix = new GatedZabbix(
            _ =>
            {
                arrived.TrySetResult();
                return release.Task;
            },
            dropAfterGate: true);
        var client = Client(zabbix);

        var error = await DisposeOnceTheFirstChunkArrivesAsync(client, arrived, release);

        Assert.Multiple(() =>
        {
            Assert.That(error!.Result.Items.Select(i => i.Status), Is.EqualTo(new[]
            {
                BulkItemStatus.Unknown, BulkItemStatus.Unknown,
                BulkItemStatus.NotAttempted, BulkItemStatus.NotAttempted, BulkItemStatus.NotAttempted, BulkItemStatus.NotAttempted,
            }));
            Assert.That(error.Result.Items[0].Error, Is.InstanceOf<MessageNotConfirmedException>());
            Assert.That(((MessageNotConfirmedException)error.Result.Items[0].Error!).ReadBackFailure!.Message, Does.Contain("disposed"));
            Assert.That((error.Result.Unknown, error.Result.NotAttempted), Is.EqualTo((2, 4)));
            Assert.That(zabbix.Requests, Is.EqualTo(new[] { "apiinfo.version", "event.acknowledge" }), "nothing after the disposal reached the server");
        });
    }

    [Test]
    public void Options_out_of_range_are_refused()
    {
        using var client = Client(new ConcurrencyProbeHandler(TimeSpan.Zero));

        Assert.Multiple(() =>
        {
            Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.AcknowledgeManyAsync([Ack("1", "m")], new BulkAcknowledgeOptions { ChunkSize = 0 }));
            Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.AcknowledgeManyAsync([Ack("1", "m")], new BulkAcknowledgeOptions { MaxParallelism = 65 }));
        });
    }

    private static JsonRpcEventClient Client(HttpMessageHandler handler) => new(new HttpClient(handler), ZabbixTest.Options(version: null));

    private static BulkAcknowledgeItem Ack(string id, string message) => new(id, EventAction.Acknowledge | EventAction.AddMessage) { Message = message };

    private static IEnumerable<string> Ids(int start, int count) => Enumerable.Range(start, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private sealed class ThrowingProgress(Exception failure, Action? beforeThrowing = null) : IProgress<BulkChunkResult>
    {
        private int _reports;

        public int Reports => Volatile.Read(ref _reports);

        public void Report(BulkChunkResult value)
        {
            Interlocked.Increment(ref _reports);
            beforeThrowing?.Invoke();
            throw failure;
        }
    }

    /// <summary>
    /// Answers <c>apiinfo.version</c> and <c>event.acknowledge</c> (with the ids it was sent), holding each acknowledge
    /// until <paramref name="gate"/> completes for its ids; with <paramref name="dropAfterGate"/> the connection then
    /// drops instead of answering.
    /// </summary>
    /// <summary>
    /// Runs six messages in chunks of two, one chunk at a time; disposes the client once the first chunk has reached
    /// the server (<paramref name="arrived"/>), then lets that chunk go on (<paramref name="release"/>). Returns what the run threw.
    /// </summary>
    private static async Task<BulkAcknowledgeInterruptedException?> DisposeOnceTheFirstChunkArrivesAsync(JsonRpcEventClient client, TaskCompletionSource arrived, TaskCompletionSource release)
    {
        var run = client.AcknowledgeManyAsync(Ids(1, 6).Select(id => Ack(id, "m")), new BulkAcknowledgeOptions { ChunkSize = 2, MaxParallelism = 1 });
        await arrived.Task;
        client.Dispose();
        release.SetResult();
        return Assert.ThrowsAsync<BulkAcknowledgeInterruptedException>(() => run);
    }

    private sealed class GatedZabbix(Func<string[], Task> gate, bool dropAfterGate = false) : HttpMessageHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _requests = new();
        private int _acknowledges;

        public int Acknowledges => Volatile.Read(ref _acknowledges);

        public IReadOnlyList<string> Requests => _requests.ToArray();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = System.Text.Json.Nodes.JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
            var id = body["id"]!.ToJsonString();
            var method = body["method"]!.GetValue<string>();
            _requests.Enqueue(method);
            if (method != "event.acknowledge")
            {
                return ZabbixTest.Json($$"""{"jsonrpc":"2.0","result":"7.0.22","id":{{id}}}""");
            }

            Interlocked.Increment(ref _acknowledges);
            var idsNode = body["params"]!["eventids"]!;
            var ids = idsNode is System.Text.Json.Nodes.JsonArray array ? array.Select(n => n!.GetValue<string>()).ToArray() : [idsNode.GetValue<string>()];
            await gate(ids);
            if (dropAfterGate)
            {
                throw new HttpRequestException("The response ended prematurely.", new System.IO.IOException("Connection reset by peer"));
            }

            return ZabbixTest.Json($$"""{"jsonrpc":"2.0","result":{"eventids":[{{string.Join(",", ids)}}]},"id":{{id}}}""");
        }
    }

    private sealed class SyncProgress(List<BulkChunkResult> reports) : IProgress<BulkChunkResult>
    {
        public void Report(BulkChunkResult value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
