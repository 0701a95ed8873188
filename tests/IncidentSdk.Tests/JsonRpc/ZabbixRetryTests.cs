using System.Globalization;
using System.Net.Sockets;

namespace IncidentSdk.Tests.JsonRpc;

/// <summary>Retries that duplicate nothing: per method and per action, counting the requests sent.</summary>
public class ZabbixRetryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [TestCase(HttpStatusCode.BadGateway)]
    [TestCase(HttpStatusCode.GatewayTimeout)]
    [TestCase(HttpStatusCode.InternalServerError)]
    public async Task An_idempotent_acknowledge_is_retried_after_a_server_error(HttpStatusCode status)
    {
        using var mock = new MockHttpMessageHandler();
        var failed = mock.Rpc("event.acknowledge", expect: true).Respond(status);
        var ok = mock.Rpc("event.acknowledge", expect: true).Result("""{"eventids":["1"]}""");
        using var client = ZabbixTest.Client(mock);

        await client.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1"]));

        mock.VerifyNoOutstandingExpectation();
        Assert.That(mock.GetMatchCount(failed) + mock.GetMatchCount(ok), Is.EqualTo(2));
    }

    [Test]
    public async Task An_idempotent_acknowledge_is_retried_after_an_attempt_timeout()
    {
        var transport = new ScriptedHandler(
            ScriptedHandler.Hang,
            ScriptedHandler.Answer("""{"jsonrpc":"2.0","result":{"eventids":["1"]},"id":1}"""));
        using var client = new JsonRpcEventClient(new HttpClient(transport), ZabbixTest.Options(configure: o => o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(200)));

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"]));

        Assert.Multiple(() =>
        {
            Assert.That(transport.Calls("event.acknowledge"), Is.EqualTo(2));
            Assert.That(result.EventIds, Is.EqualTo(new[] { "1" }));
        });
    }

    [Test]
    public async Task A_message_that_may_have_been_recorded_is_checked_and_not_resent_when_it_was()
    {
        using var mock = new MockHttpMessageHandler();
        var ack = mock.Rpc("event.acknowledge").Respond(HttpStatusCode.BadGateway);
        var lookup = mock.Rpc("user.checkAuthentication").Result("""{"userid":"1"}""");
        var get = Dated(mock.Rpc("event.get"), EventsWith(("1", "fixed it", 6, Now)), Now);
        using var client = Client(mock);

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"], "fixed it"));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(ack), Is.EqualTo(1), "not resent: the message is there");
            Assert.That(mock.GetMatchCount(lookup), Is.EqualTo(1), "the token's user, to tell this call's message from others'");
            Assert.That(mock.GetMatchCount(get), Is.EqualTo(1));
            Assert.That(result.EventIds, Is.EqualTo(new[] { "1" }));
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.True);
        });
    }

    [Test]
    public async Task A_message_that_timed_out_and_was_not_recorded_is_resent_once()
    {
        var transport = new ScriptedHandler(
            ScriptedHandler.Hang,
            ScriptedHandler.Answer("""{"jsonrpc":"2.0","result":{"userid":"1"},"id":2}"""),
            ScriptedHandler.Answer("""{"jsonrpc":"2.0","result":[{"eventid":"1","acknowledges":[]}],"id":3}"""),
            ScriptedHandler.Answer("""{"jsonrpc":"2.0","result":{"eventids":["1"]},"id":4}"""));
        using var client = new JsonRpcEventClient(new HttpClient(transport), ZabbixTest.Options(configure: o =>
        {
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(200);
            o.TimeProvider = new ManualTimeProvider(Now);
        }));

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], "on it"));

        Assert.Multiple(() =>
        {
            Assert.That(transport.Calls("event.acknowledge"), Is.EqualTo(2), "the first attempt and one resend after the check");
            Assert.That(transport.Calls("event.get"), Is.EqualTo(1));
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.True);
        });
    }

    [Test]
    public async Task Only_the_events_lacking_the_message_are_resent()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Rpc("event.acknowledge", expect: true).Respond(HttpStatusCode.GatewayTimeout);
        mock.Rpc("user.checkAuthentication", expect: true).Result("""{"userid":"1"}""");
        Dated(mock.Rpc("event.get", expect: true), EventsWith(("1", "batch", 4, Now), ("2", "older note", 4, Now)), Now);
        mock.Rpc("event.acknowledge", expect: true).With(log.Capture).Result("""{"eventids":["2"]}""");
        using var client = Client(mock);

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1", "2"], "batch"));

        mock.VerifyNoOutstandingExpectation();
        Assert.Multiple(() =>
        {
            Assert.That(System.Text.Json.Nodes.JsonNode.Parse(log.Requests[0].Body)!["params"]!["eventids"]!.ToJsonString(), Is.EqualTo("\"2\""));
            Assert.That(result.EventIds, Is.EqualTo(new[] { "1", "2" }));
        });
    }

    [Test]
    public void A_message_recorded_long_before_this_call_does_not_count()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("event.acknowledge", expect: true).Respond(HttpStatusCode.BadGateway);
        mock.Rpc("user.checkAuthentication", expect: true).Result("""{"userid":"1"}""");
        Dated(mock.Rpc("event.get", expect: true), EventsWith(("1", "same text", 4, Now.AddHours(-1))), Now);
        var resend = mock.Rpc("event.acknowledge", expect: true).Result("""{"eventids":["1"]}""");
        using var client = Client(mock);

        Assert.DoesNotThrowAsync(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], "same text")));

        Assert.That(mock.GetMatchCount(resend), Is.EqualTo(1));
    }

    [Test]
    public void When_the_check_fails_too_the_error_says_the_message_may_be_recorded()
    {
        using var mock = new MockHttpMessageHandler();
        var ack = mock.Rpc("event.acknowledge").Respond(HttpStatusCode.BadGateway);
        mock.Rpc("event.get").Error(-32500, "Application error.", "DB down");
        using var client = Client(mock);

        var error = Assert.ThrowsAsync<MessageNotConfirmedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], "m")));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(ack), Is.EqualTo(1));
            Assert.That(error!.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.Message, Does.Contain("may or may not be recorded"));
            Assert.That(error.Outcomes["1"], Is.EqualTo(MessageOutcome.Unknown));
        });
    }

    [Test]
    public async Task A_message_is_retried_directly_when_the_request_cannot_have_reached_the_server()
    {
        using var mock = new MockHttpMessageHandler();
        var refused = mock.Rpc("event.acknowledge", expect: true).Throw(new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)));
        var throttled = mock.Rpc("event.acknowledge", expect: true).Respond(HttpStatusCode.ServiceUnavailable);
        var ok = mock.Rpc("event.acknowledge", expect: true).Result("""{"eventids":["1"]}""");
        var get = mock.Rpc("event.get").Result("[]");
        using var client = Client(mock);

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], "m"));

        mock.VerifyNoOutstandingExpectation();
        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(get), Is.Zero, "no check needed");
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.False);
        });
    }

    [Test]
    public async Task Version_login_and_reads_are_retried_on_transient_failures()
    {
        using var mock = new MockHttpMessageHandler();
        var versionFails = mock.Rpc("apiinfo.version", expect: true).Respond(HttpStatusCode.BadGateway);
        mock.Rpc("apiinfo.version", expect: true).Result("\"6.0.14\"");
        mock.Rpc("user.login", expect: true).Respond(HttpStatusCode.GatewayTimeout);
        mock.Rpc("user.login", expect: true).Result($"\"{ZabbixTest.Session}\"");
        mock.Rpc("event.get", expect: true).Respond(HttpStatusCode.BadGateway);
        mock.Rpc("event.get", expect: true).Result("[]");
        using var client = ZabbixTest.Client(mock, version: null, o =>
        {
            o.ApiToken = null;
            o.Username = "Admin";
            o.Password = ZabbixTest.Password;
        });

        var events = await client.GetEventsAsync(["1"]);

        mock.VerifyNoOutstandingExpectation();
        Assert.That(events, Is.Empty);
    }

    [Test]
    public void Cancellation_is_never_retried_nor_checked()
    {
        var transport = new ScriptedHandler(ScriptedHandler.Hang, ScriptedHandler.Hang);
        using var client = new JsonRpcEventClient(new HttpClient(transport), ZabbixTest.Options());
        using var cts = new System.Threading.CancellationTokenSource(TimeSpan.FromMilliseconds(150));

        Assert.CatchAsync<OperationCanceledException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], "m"), cts.Token));

        Assert.Multiple(() =>
        {
            Assert.That(transport.Calls("event.acknowledge"), Is.EqualTo(1));
            Assert.That(transport.Calls("event.get"), Is.Zero);
        });
    }

    /// <summary>Like <c>Result</c>, with the <c>Date</c> header a web server adds (the server's current second).</summary>
    private static MockedRequest Dated(MockedRequest request, string resultJson, DateTimeOffset date) =>
        request.Respond(r =>
        {
            var response = ZabbixTest.Json($$"""{"jsonrpc":"2.0","result":{{resultJson}},"id":{{ZabbixTest.Body(r)["id"]!.ToJsonString()}}}""");
            response.Headers.Date = date;
            return response;
        });

    private static JsonRpcEventClient Client(MockHttpMessageHandler mock) =>
        ZabbixTest.Client(mock, configure: o => o.TimeProvider = new ManualTimeProvider(Now));

    private static string EventsWith(params (string Id, string Message, int Action, DateTimeOffset Time)[] events)
    {
        var items = new System.Collections.Generic.List<string>();
        foreach (var (id, message, action, time) in events)
        {
            var clock = time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            items.Add($$"""{"eventid":"{{id}}","acknowledged":"1","severity":"2","r_eventid":"0","acknowledges":[{"acknowledgeid":"9{{id}}","userid":"1","clock":"{{clock}}","message":"{{message}}","action":"{{action}}","old_severity":"0","new_severity":"0"}]}""");
        }

        return "[" + string.Join(",", items) + "]";
    }
}
