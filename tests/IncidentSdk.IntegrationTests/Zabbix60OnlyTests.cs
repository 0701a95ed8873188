using System.Text;
using IncidentSdk.Validation;

namespace IncidentSdk.IntegrationTests;

/// <summary>What only Zabbix 6.0 shows: the bits it lacks, refused by the client before sending.</summary>
public class Zabbix60OnlyTests
{
    private ZabbixServer _server = null!;
    private JsonRpcEventClient _client = null!;

    [OneTimeSetUp]
    public void StartClient()
    {
        _server = ZabbixServer.Load("zabbix60");
        _client = new JsonRpcEventClient(_server.TokenOptions());
    }

    [OneTimeTearDown]
    public void StopClient() => _client?.Dispose();

    [TestCase(EventAction.Suppress)]
    [TestCase(EventAction.Unsuppress)]
    [TestCase(EventAction.ChangeToCause)]
    [TestCase(EventAction.ChangeToSymptom)]
    public async Task Bits_6_0_lacks_are_refused_before_sending(EventAction action)
    {
        var id = _server.NewProblems(_server.ClosableTrigger).Single();
        using var client = new JsonRpcEventClient(_server.TokenOptions());
        var request = new AcknowledgeEventRequest(id, action)
        {
            SuppressUntil = action == EventAction.Suppress ? SuppressUntil.Indefinitely : null,
            CauseEventId = action == EventAction.ChangeToSymptom ? "1" : null,
        };

        var error = Assert.ThrowsAsync<RequestValidationException>(() => client.AcknowledgeAsync(request));

        Assert.Multiple(async () =>
        {
            Assert.That(error!.Errors.Single().Rule, Is.EqualTo(ValidationRules.Version));
            Assert.That(error.Errors.Single().Message, Does.EndWith($"the server is {_server.Version}."));
            Assert.That((await SingleEventAsync(id)).Acknowledgements, Is.Empty);
        });
    }

    [Test]
    public async Task A_suppress_without_an_end_reports_the_version_and_the_missing_end_in_one_exception()
    {
        var id = _server.NewProblems(_server.ClosableTrigger).Single();
        var recorder = new RecordingHandler();
        using var client = new JsonRpcEventClient(new HttpClient(recorder), _server.TokenOptions());

        var error = Assert.ThrowsAsync<RequestValidationException>(() => client.AcknowledgeAsync(new AcknowledgeEventRequest(id, EventAction.Suppress)));

        Assert.Multiple(async () =>
        {
            Assert.That(error!.Errors.Select(e => e.Path + "/" + e.Rule + ": " + e.Message), Is.EqualTo(new[]
            {
                $"action/version: Suppress (32) needs Zabbix 6.2 or later; the server is {_server.Version}.",
                "suppress_until/required: is required with the Suppress (32) action; use SuppressUntil.Indefinitely for no end.",
            }));
            Assert.That(recorder.Requests.Select(r => r.Body["method"]!.GetValue<string>()), Is.EqualTo(new[] { "apiinfo.version" }), "only the version was asked");
            Assert.That((await SingleEventAsync(id)).Acknowledgements, Is.Empty);
        });
    }

    [Test]
    public void A_suppress_past_2038_reports_the_version_and_the_range_in_one_exception()
    {
        var recorder = new RecordingHandler();
        using var client = new JsonRpcEventClient(new HttpClient(recorder), _server.TokenOptions());

        var error = Assert.ThrowsAsync<RequestValidationException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Suppress(["1"], SuppressUntil.At(DateTimeOffset.MaxValue))));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "action/version", "suppress_until/range" }));
            Assert.That(recorder.Count("event.acknowledge"), Is.Zero);
        });
    }

    [Test]
    public async Task Recorded_difference_6_0_answers_event_ids_as_numbers_where_the_manual_shows_strings()
    {
        var id = _server.NewProblems(_server.ClosableTrigger).Single();
        using var http = new HttpClient();
        var body = $$"""{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":"{{id}}","action":2},"auth":"{{_server.Token}}","id":1}""";

        using var response = await http.PostAsync(_server.Url, new StringContent(body, Encoding.UTF8, "application/json-rpc"));
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["result"]!["eventids"]![0]!;

        Assert.That(result.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.Number));
    }

    [Test]
    public async Task More_problems_than_one_chunk_are_acknowledged_with_a_message_with_the_default_options()
    {
        // One full chunk of the default size and a part of a second: two calls, in flight together with the default
        // parallelism. The pace of 10,000 is measured by the benchmarks' bulk mode (tests/IncidentSdk.Benchmarks/RESULTS.md).
        var count = BulkAcknowledgeOptions.DefaultChunkSize + 500;
        var ids = _server.NewProblems(_server.ClosableTrigger, count);
        var message = "bulk " + Guid.NewGuid().ToString("N");

        var result = await _client.AcknowledgeManyAsync(ids.Select(id => new BulkAcknowledgeItem(id, EventAction.Acknowledge | EventAction.AddMessage) { Message = message }));

        var events = await _client.GetEventsAsync(ids);
        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.EqualTo(count));
            Assert.That(result.Calls, Is.EqualTo(2), $"{count} items in chunks of {BulkAcknowledgeOptions.DefaultChunkSize}");
            Assert.That(events, Has.Count.EqualTo(count));
            Assert.That(events.Select(e => e.Acknowledgements.Count(a => a.Message == message)), Is.All.EqualTo(1), "exactly one acknowledge with the message on every event");
            Assert.That(events.Select(e => e.Acknowledgements.Count), Is.All.EqualTo(1));
            Assert.That(events.Select(e => e.IsAcknowledged), Is.All.True);
        });
    }

    private async Task<ZabbixEvent> SingleEventAsync(string id) => (await _client.GetEventsAsync([id])).Single();
}
