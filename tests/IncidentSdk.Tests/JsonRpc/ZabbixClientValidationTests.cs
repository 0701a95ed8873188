namespace IncidentSdk.Tests.JsonRpc;

/// <summary>
/// What the client does with an invalid request: every broken rule in one exception, the server version's included,
/// and never an event.acknowledge on the wire.
/// </summary>
public class ZabbixClientValidationTests
{
    [Test]
    public void A_suppress_without_an_end_on_6_0_reports_both_rules_in_one_exception_after_learning_the_version()
    {
        using var mock = new MockHttpMessageHandler();
        var version = mock.Rpc("apiinfo.version").Result("\"6.0.14\"");
        var acknowledge = mock.Rpc("event.acknowledge").Result("""{"eventids":["1"]}""");
        using var client = ZabbixTest.Client(mock, version: null);

        var error = Assert.ThrowsAsync<RequestValidationException>(() => client.AcknowledgeAsync(new AcknowledgeEventRequest("1", EventAction.Suppress)));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "action/version", "suppress_until/required" }));
            Assert.That(error.Message, Does.StartWith("AcknowledgeEventRequest breaks 2 rules and was not sent: "));
            Assert.That(error.InnerException, Is.Null);
            Assert.That(mock.GetMatchCount(version), Is.EqualTo(1));
            Assert.That(mock.GetMatchCount(acknowledge), Is.Zero);
        });

        // The version is cached: the same request again is judged without any request.
        Assert.ThrowsAsync<RequestValidationException>(() => client.AcknowledgeAsync(new AcknowledgeEventRequest("1", EventAction.Suppress)));
        Assert.That(mock.GetMatchCount(version), Is.EqualTo(1));
    }

    [Test]
    public void With_a_configured_version_every_rule_is_reported_without_any_request()
    {
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond("application/json", "{}");
        using var client = ZabbixTest.Client(mock, "6.0.14");
        var request = new AcknowledgeEventRequest(["0", "2"], EventAction.Acknowledge | EventAction.Unacknowledge | EventAction.AddMessage | EventAction.Suppress);

        var error = Assert.ThrowsAsync<RequestValidationException>(() => client.AcknowledgeAsync(request));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "eventids[0]/format", "action/exclusive", "action/version", "message/required", "suppress_until/required" }));
            Assert.That(mock.GetMatchCount(any), Is.Zero);
        });
    }

    [Test]
    public void When_the_version_cannot_be_learned_the_validation_errors_still_surface_with_the_failure_inside()
    {
        using var mock = new MockHttpMessageHandler();
        var version = mock.Rpc("apiinfo.version").Respond(HttpStatusCode.ServiceUnavailable);
        var acknowledge = mock.Rpc("event.acknowledge").Result("""{"eventids":["1"]}""");
        using var client = ZabbixTest.Client(mock, version: null, o => o.Resilience.MaxRetries = 0);

        var error = Assert.ThrowsAsync<RequestValidationException>(() => client.AcknowledgeAsync(new AcknowledgeEventRequest("1", EventAction.Suppress)));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "suppress_until/required" }));
            Assert.That(error.Message, Does.StartWith("AcknowledgeEventRequest breaks 1 rule and was not sent: suppress_until: "));
            Assert.That(error.Message, Does.Contain("The server version could not be learned, so the rules that depend on it were not checked: "));
            Assert.That(error.InnerException, Is.InstanceOf<IncidentSdkException>());
            Assert.That(error.RequestMayHaveReachedServer, Is.False);
            Assert.That(mock.GetMatchCount(version), Is.EqualTo(1));
            Assert.That(mock.GetMatchCount(acknowledge), Is.Zero);
        });
    }

    [Test]
    public void A_valid_request_still_surfaces_a_failure_to_learn_the_version_as_is()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("apiinfo.version").Respond(HttpStatusCode.ServiceUnavailable);
        var acknowledge = mock.Rpc("event.acknowledge").Result("""{"eventids":["1"]}""");
        using var client = ZabbixTest.Client(mock, version: null, o => o.Resilience.MaxRetries = 0);

        var error = Assert.CatchAsync<IncidentSdkException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Suppress(["1"], SuppressUntil.Indefinitely)));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Not.InstanceOf<RequestValidationException>());
            Assert.That(mock.GetMatchCount(acknowledge), Is.Zero);
        });
    }

    [Test]
    public void A_cancelled_call_with_an_invalid_request_reports_the_validation_errors_and_sends_nothing()
    {
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond("application/json", "{}");
        using var client = ZabbixTest.Client(mock, version: null);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var error = Assert.ThrowsAsync<RequestValidationException>(() => client.AcknowledgeAsync(new AcknowledgeEventRequest("1", EventAction.Suppress), cancelled.Token));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "suppress_until/required" }));
            Assert.That(mock.GetMatchCount(any), Is.Zero);
        });
    }

    [Test]
    public void A_request_whose_bits_every_version_knows_is_refused_without_asking_the_version()
    {
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond("application/json", "{}");
        using var client = ZabbixTest.Client(mock, version: null);

        var error = Assert.ThrowsAsync<RequestValidationException>(() => client.AcknowledgeAsync(new AcknowledgeEventRequest("1", EventAction.None)));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "action/required" }));
            Assert.That(mock.GetMatchCount(any), Is.Zero);
        });
    }

    [Test]
    public async Task A_message_of_2048_emoji_is_sent_exactly_and_2049_are_refused_before_sending()
    {
        var emoji2048 = string.Concat(Enumerable.Repeat("\U0001F600", 2048));
        using var mock = new MockHttpMessageHandler();
        string? sent = null;
        var acknowledge = mock.Rpc("event.acknowledge").With(r =>
        {
            sent = ZabbixTest.Body(r)["params"]!["message"]!.GetValue<string>();
            return true;
        }).Result("""{"eventids":["1"]}""");
        using var client = ZabbixTest.Client(mock);

        await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], emoji2048));
        var error = Assert.ThrowsAsync<RequestValidationException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], emoji2048 + "\U0001F600")));

        Assert.Multiple(() =>
        {
            Assert.That(sent, Is.EqualTo(emoji2048));
            Assert.That(mock.GetMatchCount(acknowledge), Is.EqualTo(1));
            Assert.That(error!.Errors.Select(e => e.Path + "/" + e.Rule + ": " + e.Message), Is.EqualTo(new[] { "message/max-length: is 2049 characters (Unicode code points) long; at most 2048 are allowed." }));
        });
    }

    [Test]
    public void A_suppression_past_2038_is_refused_before_sending()
    {
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond("application/json", "{}");
        using var client = ZabbixTest.Client(mock);

        var error = Assert.ThrowsAsync<RequestValidationException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Suppress(["1"], SuppressUntil.At(DateTimeOffset.MaxValue))));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "suppress_until/range" }));
            Assert.That(mock.GetMatchCount(any), Is.Zero);
        });
    }
}
