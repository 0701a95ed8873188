namespace IncidentSdk.Tests.Mocking;

/// <summary>
/// Both clients mocked as an application would mock them (subclasses over the protected parameterless constructors,
/// returning <see cref="IncidentSdkModelFactory"/> data), driving application code that reads every returned value.
/// </summary>
public class MockedClientsTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 22, 15, 15, 6, TimeSpan.Zero);

    [Test]
    public async Task An_application_runs_end_to_end_on_factory_built_results()
    {
        var zabbix = new MockZabbixClient();
        var coc = new MockIncidentClient();
        var job = new EscalationJob(coc, zabbix);

        var report = await job.RunAsync("IM1", "op-1", ["11", "12", "13"], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.ServerVersion, Is.EqualTo("7.0.22"));
            Assert.That(report.LastMessages, Is.EqualTo(new Dictionary<string, string?> { ["11"] = "seen by ops", ["12"] = null, ["13"] = null }));
            Assert.That(report.Sent, Is.EqualTo(new[] { "12", "13" }), "only the open, unacknowledged, severe events");
            Assert.That(report.Progress, Is.EqualTo(new[] { "chunk 1/2: 1 of 2", "chunk 2/2: 2 of 2 failed" }));
            Assert.That(report.Acknowledged, Is.EqualTo(new[] { "12" }));
            Assert.That(report.Retried, Is.EqualTo(new[] { "13" }));
            Assert.That(report.TicketRequestId, Is.EqualTo("req-accept"));
            Assert.That(report.TicketError, Is.Null);
            Assert.That(zabbix.Calls, Is.EqualTo(new[] { "version", "get 11,12,13", "many 12,13", "acknowledge 13", "logout" }));
            Assert.That(coc.Calls, Is.EqualTo(new[] { "accept IM1 op-1" }));
        });
    }

    [Test]
    public async Task A_service_failure_the_mock_builds_from_ServiceErrorInfo_reaches_the_application()
    {
        var coc = new MockIncidentClient { Refuse = true };
        var job = new EscalationJob(coc, new MockZabbixClient());

        var report = await job.RunAsync("IM2", "op-1", ["11", "12", "13"], CancellationToken.None);

        Assert.That(report.TicketError, Is.EqualTo("GOM.00007256 (400, req-refused)"));
    }

    /// <summary>Application code under test: acknowledges the open severe events of a ticket and accepts the ticket.</summary>
    private sealed class EscalationJob(IncidentClient coc, JsonRpcEventClient zabbix)
    {
        public async Task<Report> RunAsync(string ticket, string operatorId, IReadOnlyList<string> eventIds, CancellationToken cancellationToken)
        {
            var report = new Report { ServerVersion = (await zabbix.GetServerVersionAsync(cancellationToken)).ToString() };
            var events = await zabbix.GetEventsAsync(eventIds, cancellationToken);
            report.LastMessages = events.ToDictionary(e => e.EventId, e => e.Acknowledgements.Count > 0 ? e.Acknowledgements[0].Message : null);
            var open = events.Where(e => !e.IsAcknowledged && !e.IsResolved && e.Severity >= EventSeverity.High && e.IsSuppressed != true).ToArray();
            report.Sent = open.Select(e => e.EventId).ToArray();

            var progress = new ListProgress(report.Progress);
            var bulk = await zabbix.AcknowledgeManyAsync(
                open.Select(e => new BulkAcknowledgeItem(e.EventId, EventAction.Acknowledge | EventAction.AddMessage) { Message = "ticket " + ticket }),
                new BulkAcknowledgeOptions { Progress = progress },
                cancellationToken);
            report.Acknowledged = bulk.Items.Where(i => i.Status == BulkItemStatus.Succeeded).Select(i => i.Item.EventId).ToArray();
            var failed = bulk.Items.Where(i => i.Status == BulkItemStatus.Failed && i.Error is ServiceException).Select(i => i.Item.EventId).ToArray();
            if (bulk.Failed > 0)
            {
                report.Retried = (await zabbix.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(failed), cancellationToken)).EventIds;
            }

            try
            {
                report.TicketRequestId = (await coc.AcceptAsync(ticket, operatorId, cancellationToken)).RequestId;
            }
            catch (ServiceException e)
            {
                report.TicketError = $"{e.ErrorCode} ({e.StatusCode}, {e.RequestId})";
            }

            await zabbix.LogoutAsync(cancellationToken);
            return report;
        }
    }

    private sealed class Report
    {
        public string ServerVersion { get; set; } = "";

        public Dictionary<string, string?> LastMessages { get; set; } = [];

        public IReadOnlyList<string> Sent { get; set; } = [];

        public List<string> Progress { get; } = [];

        public IReadOnlyList<string> Acknowledged { get; set; } = [];

        public IReadOnlyList<string> Retried { get; set; } = [];

        public string? TicketRequestId { get; set; }

        public string? TicketError { get; set; }
    }

    private sealed class ListProgress(List<string> lines) : IProgress<BulkChunkResult>
    {
        public void Report(BulkChunkResult value) =>
            lines.Add($"chunk {value.ChunkIndex + 1}/{value.ChunkCount}: {value.CompletedItems} of {value.TotalItems}{(value.Succeeded ? "" : " failed")}");
    }

    private sealed class MockZabbixClient : JsonRpcEventClient
    {
        public List<string> Calls { get; } = [];

        public override Task<ZabbixVersion> GetServerVersionAsync(CancellationToken cancellationToken = default)
        {
            Calls.Add("version");
            return Task.FromResult(IncidentSdkModelFactory.ZabbixVersion(7, 0, 22));
        }

        public override Task<IReadOnlyList<ZabbixEvent>> GetEventsAsync(IEnumerable<string> eventIds, CancellationToken cancellationToken = default)
        {
            var ids = eventIds.ToArray();
            Calls.Add("get " + string.Join(",", ids));
            var seen = IncidentSdkModelFactory.EventAcknowledgement("90", "3", At, "seen by ops", EventAction.Acknowledge | EventAction.AddMessage);
            IReadOnlyList<ZabbixEvent> events =
            [
                IncidentSdkModelFactory.ZabbixEvent("11", isAcknowledged: true, EventSeverity.Disaster, acknowledgements: [seen]),
                IncidentSdkModelFactory.ZabbixEvent("12", severity: EventSeverity.High, isSuppressed: false),
                IncidentSdkModelFactory.ZabbixEvent("13", severity: EventSeverity.Disaster, causeEventId: "12"),
                IncidentSdkModelFactory.ZabbixEvent("14", severity: EventSeverity.Disaster, isResolved: true),
            ];
            return Task.FromResult<IReadOnlyList<ZabbixEvent>>(events.Where(e => ids.Contains(e.EventId)).ToArray());
        }

        public override Task<BulkAcknowledgeResult> AcknowledgeManyAsync(IEnumerable<BulkAcknowledgeItem> items, BulkAcknowledgeOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = items.ToArray();
            Calls.Add("many " + string.Join(",", list.Select(i => i.EventId)));
            var refused = new ServiceException("refused", new ServiceErrorInfo { ErrorCode = "-32500", Operation = "event.acknowledge", Targets = [list[1].EventId] });
            options!.Progress!.Report(IncidentSdkModelFactory.BulkChunkResult(0, 2, [list[0].EventId], completedItems: 1, totalItems: 2));
            options.Progress.Report(IncidentSdkModelFactory.BulkChunkResult(1, 2, [list[1].EventId], refused, completedItems: 2, totalItems: 2));
            return Task.FromResult(IncidentSdkModelFactory.BulkAcknowledgeResult(
                [
                    IncidentSdkModelFactory.BulkItemOutcome(list[0], BulkItemStatus.Succeeded),
                    IncidentSdkModelFactory.BulkItemOutcome(list[1], BulkItemStatus.Failed, refused),
                ],
                calls: 2));
        }

        public override Task<AcknowledgeEventResult> AcknowledgeAsync(AcknowledgeEventRequest request, CancellationToken cancellationToken = default)
        {
            Calls.Add("acknowledge " + string.Join(",", request.EventIds));
            return Task.FromResult(IncidentSdkModelFactory.AcknowledgeEventResult(request.EventIds));
        }

        public override Task LogoutAsync(CancellationToken cancellationToken = default)
        {
            Calls.Add("logout");
            return Task.CompletedTask;
        }
    }

    private sealed class MockIncidentClient : IncidentClient
    {
        public List<string> Calls { get; } = [];

        public bool Refuse { get; init; }

        public override Task<HandleIncidentResult> AcceptAsync(string incidentNumber, string operatorId, CancellationToken cancellationToken = default)
        {
            Calls.Add($"accept {incidentNumber} {operatorId}");
            return Refuse
                ? Task.FromException<HandleIncidentResult>(new InvalidParameterException("refused", new ServiceErrorInfo { StatusCode = 400, ErrorCode = "GOM.00007256", RequestId = "req-refused" }))
                : Task.FromResult(IncidentSdkModelFactory.HandleIncidentResult(providerCode: "049", requestId: "req-accept"));
        }
    }
}
