namespace IncidentSdk.IntegrationTests;

/// <summary>
/// The limits the validator enforces, measured against each real Zabbix API: what the server itself accepts and
/// stores (raw calls, read back), and that the client sends exactly that and refuses one step past it without sending.
/// </summary>
[TestFixture("zabbix60")]
[TestFixture("zabbix70")]
public class ZabbixValidationLimitsTests(string serverName)
{
    // 2,048 code points in 4,048 UTF-16 units: emoji, CJK extension B and letters with a combining accent.
    private static readonly string Longest =
        string.Concat(Enumerable.Repeat("\U0001F600", 1000)) + string.Concat(Enumerable.Repeat("\U00020000", 1000)) + string.Concat(Enumerable.Repeat("e\u0301", 24));

    private ZabbixServer _server = null!;
    private RecordingHandler _recorder = null!;
    private HttpClient _http = null!;
    private JsonRpcEventClient _client = null!;

    private bool Is60 => _server.Version.StartsWith("6.", StringComparison.Ordinal);

    [OneTimeSetUp]
    public void StartClient()
    {
        _server = ZabbixServer.Load(serverName);
        _recorder = new RecordingHandler();
        _http = new HttpClient(_recorder);
        _client = new JsonRpcEventClient(_http, _server.TokenOptions());
    }

    [OneTimeTearDown]
    public void StopClient()
    {
        _client?.Dispose();
        _http?.Dispose();
        _recorder?.Dispose();
    }

    [Test]
    public async Task A_message_of_2048_non_bmp_and_combining_characters_is_stored_intact_and_2049_are_refused_before_sending()
    {
        var ids = _server.NewProblems(_server.ClosableTrigger, 2);
        Assert.That((Longest.Length, Longest.EnumerateRunes().Count()), Is.EqualTo((4048, 2048)), "the test's own arithmetic");

        await _client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage([ids[0]], Longest));
        var sentBefore = _recorder.Count("event.acknowledge");
        var refused = Assert.ThrowsAsync<RequestValidationException>(() => _client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage([ids[1]], Longest + "\U0001F600")));

        Assert.Multiple(async () =>
        {
            Assert.That((await SingleEventAsync(ids[0])).Acknowledgements.Single().Message, Is.EqualTo(Longest), "stored intact");
            Assert.That(refused!.Errors.Select(e => e.Path + "/" + e.Rule + ": " + e.Message), Is.EqualTo(new[] { "message/max-length: is 2049 characters (Unicode code points) long; at most 2048 are allowed." }));
            Assert.That(_recorder.Count("event.acknowledge"), Is.EqualTo(sentBefore), "nothing sent");
            Assert.That((await SingleEventAsync(ids[1])).Acknowledgements, Is.Empty);
        });
    }

    [Test]
    public async Task Recorded_the_server_counts_code_points_not_utf16_units_nor_graphemes()
    {
        var ids = _server.NewProblems(_server.ClosableTrigger, 3);
        var emoji2048 = string.Concat(Enumerable.Repeat("\U0001F600", 2048));
        var accented1025 = string.Concat(Enumerable.Repeat("e\u0301", 1025));

        // 4,096 UTF-16 units, 2,048 code points: stored. 1,025 graphemes, 2,050 code points: refused by the server itself.
        var emoji = await RawAcknowledgeAsync(ids[0], new JsonObject { ["action"] = 4, ["message"] = emoji2048 });
        var emojiPlusOne = await RawAcknowledgeAsync(ids[1], new JsonObject { ["action"] = 4, ["message"] = emoji2048 + "\U0001F600" });
        var accented = await RawAcknowledgeAsync(ids[2], new JsonObject { ["action"] = 4, ["message"] = accented1025 });

        Assert.Multiple(async () =>
        {
            Assert.That(emoji["result"], Is.Not.Null, emoji.ToJsonString());
            Assert.That((await SingleEventAsync(ids[0])).Acknowledgements.Single().Message, Is.EqualTo(emoji2048));
            Assert.That(TooLong(emojiPlusOne, 2049), Is.True, emojiPlusOne.ToJsonString()[..Math.Min(300, emojiPlusOne.ToJsonString().Length)]);
            Assert.That(TooLong(accented, 2050), Is.True, "combining accents count as characters of their own");
        });
    }

    [Test]
    public async Task A_lone_surrogate_is_refused_before_sending_and_the_server_could_not_parse_one_anyway()
    {
        var ids = _server.NewProblems(_server.ClosableTrigger, 2);
        var sentBefore = _recorder.Count("event.acknowledge");

        var refused = Assert.ThrowsAsync<RequestValidationException>(() => _client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage([ids[0]], "before \uD800 after")));

        // Recorded: the only ways to send one are an escaped lone surrogate or its 3-byte form, neither valid JSON in UTF-8.
        var auth = Is60 ? $",\"auth\":\"{_server.Token}\"" : string.Empty;
        var raw = await _server.RawAsync($$"""{"jsonrpc":"2.0","method":"event.acknowledge","params":{"eventids":"{{ids[1]}}","action":4,"message":"before \ud800 after"},"id":1{{auth}}}""", Is60 ? null : _server.Token);

        Assert.Multiple(async () =>
        {
            Assert.That(refused!.Errors.Select(e => e.Path + "/" + e.Rule + ": " + e.Message), Is.EqualTo(new[] { "message/format: has an unpaired UTF-16 surrogate (U+D800) at index 7, which cannot be sent as UTF-8." }));
            Assert.That(_recorder.Count("event.acknowledge"), Is.EqualTo(sentBefore), "nothing sent");
            Assert.That(raw["error"]!["code"]!.GetValue<int>(), Is.EqualTo(-32700));
            Assert.That(raw["error"]!["message"]!.GetValue<string>(), Is.EqualTo("Parse error"));
            Assert.That((await SingleEventAsync(ids[1])).Acknowledgements, Is.Empty);
        });
    }

    [Test]
    public async Task Hazard_action_0_the_server_accepts_and_ignores_and_the_client_refuses()
    {
        var ids = _server.NewProblems(_server.ClosableTrigger, 2);
        var sentBefore = _recorder.Count("event.acknowledge");

        var refused = Assert.ThrowsAsync<RequestValidationException>(() => _client.AcknowledgeAsync(new AcknowledgeEventRequest(ids[0], EventAction.None)));
        var raw = await RawAcknowledgeAsync(ids[1], new JsonObject { ["action"] = 0 });

        Assert.Multiple(async () =>
        {
            Assert.That(refused!.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "action/required" }));
            Assert.That(_recorder.Count("event.acknowledge"), Is.EqualTo(sentBefore), "nothing sent");
            Assert.That(raw["result"]!["eventids"]!.AsArray().Select(n => n!.ToJsonString().Trim('"')), Is.EqualTo(new[] { ids[1] }), "the server answers as if it acted");
            Assert.That((await SingleEventAsync(ids[1])).Acknowledgements, Is.Empty, "and records nothing");
        });
    }

    private static bool TooLong(JsonNode answer, int characters) => answer["error"]?["data"]?.GetValue<string>() is { } data
        && (data == "Invalid parameter \"/message\": value is too long."
            || data.EndsWith(FormattableString.Invariant($"is too long for field \"message\" - {characters} characters. Allowed length is 2048 characters."), StringComparison.Ordinal));

    /// <summary>Sends event.acknowledge around the client, with the credential where this version takes it.</summary>
    private Task<JsonNode> RawAcknowledgeAsync(string id, JsonObject parameters)
    {
        parameters["eventids"] = id;
        var envelope = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "event.acknowledge", ["params"] = parameters, ["id"] = 1 };
        if (Is60)
        {
            envelope["auth"] = _server.Token;
        }

        return _server.RawAsync(envelope.ToJsonString(), Is60 ? null : _server.Token);
    }

    private async Task<ZabbixEvent> SingleEventAsync(string id) => (await _client.GetEventsAsync([id])).Single();
}
