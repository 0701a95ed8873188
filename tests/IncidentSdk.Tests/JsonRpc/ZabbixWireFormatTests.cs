using System.Text.Json.Nodes;

namespace IncidentSdk.Tests.JsonRpc;

/// <summary>The two request examples of the event.acknowledge manual page, exactly on the wire.</summary>
public class ZabbixWireFormatTests
{
    private const string SeedAcknowledge = """
        {
                   "jsonrpc": "2.0",
                   "method": "event.acknowledge",
                   "params": {
                       "eventids": "20427",
                       "action": 6,
                       "message": "Problem resolved."
                   },
                   "id": 1
               }
        """;

    private const string SeedSeverity = """
        {
                   "jsonrpc": "2.0",
                   "method": "event.acknowledge",
                   "params": {
                       "eventids": ["20427", "20428"],
                       "action": 12,
                       "message": "Maintenance required to fix it.",
                       "severity": 4
                   },
                   "id": 1
               }
        """;

    [Test]
    public async Task Acknowledge_with_a_message_sends_the_first_seed_envelope()
    {
        var sent = await SendAsync(AcknowledgeEventRequest.Acknowledge(["20427"], "Problem resolved."), """{"eventids":["20427"]}""");

        AssertSeed(sent, SeedAcknowledge);
    }

    [Test]
    public async Task Changing_severity_of_two_events_sends_the_second_seed_envelope()
    {
        var sent = await SendAsync(AcknowledgeEventRequest.ChangeSeverity(["20427", "20428"], EventSeverity.High, "Maintenance required to fix it."), """{"eventids":["20427","20428"]}""");

        AssertSeed(sent, SeedSeverity);
    }

    [Test]
    public async Task From_6_4_the_token_goes_in_the_bearer_header_and_never_in_the_envelope()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Rpc("event.acknowledge").With(log.Capture).Result("""{"eventids":["1"]}""");
        using var client = ZabbixTest.Client(mock, "6.4.0");

        await client.AcknowledgeAsync(new AcknowledgeEventRequest("1", EventAction.Acknowledge));

        Assert.Multiple(() =>
        {
            Assert.That(log.Requests[0].Header("Authorization"), Is.EqualTo("Bearer " + ZabbixTest.Token));
            Assert.That(JsonNode.Parse(log.Requests[0].Body)!.AsObject().ContainsKey("auth"), Is.False);
            Assert.That(log.Requests[0].Header("Content-Type"), Is.EqualTo("application/json-rpc"));
        });
    }

    [Test]
    public async Task Before_6_4_the_token_goes_in_the_auth_field_and_no_header_is_sent()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Rpc("event.acknowledge").With(log.Capture).Result("""{"eventids":[1]}""");
        using var client = ZabbixTest.Client(mock, "6.0.14");

        await client.AcknowledgeAsync(new AcknowledgeEventRequest("1", EventAction.Acknowledge));

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(log.Requests[0].Body), Is.EqualTo(
                $$"""{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":"1","action":2},"auth":"{{ZabbixTest.Token}}","id":1}"""));
            Assert.That(log.Requests[0].Headers.ContainsKey("authorization"), Is.False);
        });
    }

    [Test]
    public async Task Suppress_cause_and_symptom_parameters_are_written_with_their_wire_names()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Rpc("event.acknowledge").With(log.Capture).Result("""{"eventids":["5","6"]}""");
        using var client = ZabbixTest.Client(mock);

        await client.AcknowledgeAsync(AcknowledgeEventRequest.Suppress(["5"], SuppressUntil.At(new System.DateTimeOffset(2030, 1, 1, 0, 0, 0, System.TimeSpan.Zero))));
        await client.AcknowledgeAsync(AcknowledgeEventRequest.Suppress(["5"], SuppressUntil.Indefinitely));
        await client.AcknowledgeAsync(AcknowledgeEventRequest.ChangeToSymptom(["5", "6"], "4"));

        var bodies = log.Requests.Select(r => JsonNode.Parse(r.Body)!["params"]!.ToJsonString()).ToArray();
        Assert.That(bodies, Is.EqualTo(new[]
        {
            """{"eventids":"5","action":32,"suppress_until":1893456000}""",
            """{"eventids":"5","action":32,"suppress_until":0}""",
            """{"eventids":["5","6"],"action":256,"cause_eventid":"4"}""",
        }));
    }

    [Test]
    public async Task Event_ids_come_back_as_strings_whether_the_server_sent_strings_or_numbers()
    {
        using var numbers = new MockHttpMessageHandler();
        numbers.Rpc("event.acknowledge").Result("""{"eventids":[20421,20422]}""");
        using var strings = new MockHttpMessageHandler();
        strings.Rpc("event.acknowledge").Result("""{"eventids":["20421","20422"]}""");
        using var fromNumbers = ZabbixTest.Client(numbers, "6.0.14");
        using var fromStrings = ZabbixTest.Client(strings);
        var request = new AcknowledgeEventRequest(["20421", "20422"], EventAction.Acknowledge);

        Assert.Multiple(async () =>
        {
            Assert.That((await fromNumbers.AcknowledgeAsync(request)).EventIds, Is.EqualTo(new[] { "20421", "20422" }));
            Assert.That((await fromStrings.AcknowledgeAsync(request)).EventIds, Is.EqualTo(new[] { "20421", "20422" }));
        });
    }

    [Test]
    public async Task The_version_is_asked_once_without_any_auth_and_cached()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        var version = mock.Rpc("apiinfo.version").With(log.Capture).Result("\"7.0.22\"");
        var ack = mock.Rpc("event.acknowledge").With(log.Capture).Result("""{"eventids":["1"]}""");
        using var client = ZabbixTest.Client(mock, version: null);

        await client.AcknowledgeAsync(new AcknowledgeEventRequest("1", EventAction.Acknowledge));
        await client.AcknowledgeAsync(new AcknowledgeEventRequest("1", EventAction.Acknowledge));

        Assert.Multiple(async () =>
        {
            Assert.That(mock.GetMatchCount(version), Is.EqualTo(1));
            Assert.That(mock.GetMatchCount(ack), Is.EqualTo(2));
            Assert.That(Encoding.UTF8.GetString(log.Requests[0].Body), Is.EqualTo("""{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":1}"""));
            Assert.That(log.Requests[0].Headers.ContainsKey("authorization"), Is.False);
            Assert.That(log.Requests[1].Header("Authorization"), Is.EqualTo("Bearer " + ZabbixTest.Token), "7.0 uses the header");
            Assert.That((await client.GetServerVersionAsync()).ToString(), Is.EqualTo("7.0.22"));
        });
    }

    private static async Task<CapturedRequest> SendAsync(AcknowledgeEventRequest request, string result)
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Rpc("event.acknowledge", expect: true).With(log.Capture).Result(result);
        using var client = ZabbixTest.Client(mock);

        await client.AcknowledgeAsync(request);

        mock.VerifyNoOutstandingExpectation();
        Assert.That(log.Requests, Has.Count.EqualTo(1));
        return log.Requests[0];
    }

    private static void AssertSeed(CapturedRequest sent, string seed)
    {
        var compact = JsonNode.Parse(seed)!.ToJsonString();
        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(sent.Body), JsonNode.Parse(seed)), Is.True);
            Assert.That(Encoding.UTF8.GetString(sent.Body), Is.EqualTo(compact), "the seed's bytes, compact, in its key order");
            Assert.That(sent.Header("Authorization"), Is.EqualTo("Bearer " + ZabbixTest.Token));
        });
    }
}
