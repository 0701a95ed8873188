using System.Text.Json.Nodes;

namespace IncidentSdk.Tests.JsonRpc;

public class ZabbixAuthenticationTests
{
    [Test]
    public async Task A_password_client_logs_in_lazily_once_and_reuses_the_session()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        var login = mock.Rpc("user.login").With(log.Capture).Result($"\"{ZabbixTest.Session}\"");
        var ack = mock.Rpc("event.acknowledge").With(log.Capture).Result("""{"eventids":[1]}""");
        await using var client = PasswordClient(mock, "6.0.14");

        Assert.That(mock.GetMatchCount(login), Is.Zero, "no login before the first call");
        await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"]));
        await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"]));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(login), Is.EqualTo(1));
            Assert.That(mock.GetMatchCount(ack), Is.EqualTo(2));
            Assert.That(Params(log.Requests[0]), Is.EqualTo($$"""{"username":"Admin","password":"{{ZabbixTest.Password}}"}"""));
            Assert.That(Body(log.Requests[0]).ContainsKey("auth"), Is.False, "user.login carries no auth");
            Assert.That(Body(log.Requests[1])["auth"]!.GetValue<string>(), Is.EqualTo(ZabbixTest.Session));
        });
    }

    [Test]
    public async Task Before_5_4_the_login_parameter_is_user()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Rpc("user.login").With(log.Capture).Result($"\"{ZabbixTest.Session}\"");
        mock.Rpc("event.acknowledge").Result("""{"eventids":["1"]}""");
        await using var client = PasswordClient(mock, "5.2.7");

        await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"]));

        Assert.That(Params(log.Requests[0]), Is.EqualTo($$"""{"user":"Admin","password":"{{ZabbixTest.Password}}"}"""));
    }

    [Test]
    public async Task From_6_4_the_session_goes_in_the_bearer_header()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Rpc("user.login").Result($"\"{ZabbixTest.Session}\"");
        mock.Rpc("event.acknowledge").With(log.Capture).Result("""{"eventids":["1"]}""");
        await using var client = PasswordClient(mock, "7.0.22");

        await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"]));

        Assert.Multiple(() =>
        {
            Assert.That(log.Requests[0].Header("Authorization"), Is.EqualTo("Bearer " + ZabbixTest.Session));
            Assert.That(Body(log.Requests[0]).ContainsKey("auth"), Is.False);
        });
    }

    [TestCase("Session terminated, re-login, please.")]
    [TestCase("Not authorized.")]
    public async Task An_ended_session_is_renewed_once_and_the_call_resent(string data)
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Rpc("user.login", expect: true).Result("\"11111111111111111111111111111111\"");
        mock.Rpc("event.acknowledge", expect: true).With(log.Capture).Error(-32602, "Invalid params.", data);
        mock.Rpc("user.login", expect: true).Result("\"22222222222222222222222222222222\"");
        mock.Rpc("event.acknowledge", expect: true).With(log.Capture).Result("""{"eventids":["1"]}""");
        await using var client = PasswordClient(mock, "6.0.14");

        var result = await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], "m"));

        mock.VerifyNoOutstandingExpectation();
        Assert.Multiple(() =>
        {
            Assert.That(result.EventIds, Is.EqualTo(new[] { "1" }));
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.False);
            Assert.That(Body(log.Requests[1])["auth"]!.GetValue<string>(), Is.EqualTo("22222222222222222222222222222222"));
        });
    }

    [Test]
    public void A_session_that_ends_again_after_renewal_is_not_renewed_twice()
    {
        using var mock = new MockHttpMessageHandler();
        var login = mock.Rpc("user.login").Result($"\"{ZabbixTest.Session}\"");
        var ack = mock.Rpc("event.acknowledge").Error(-32602, "Invalid params.", "Session terminated, re-login, please.");
        var client = PasswordClient(mock, "6.0.14");

        Assert.ThrowsAsync<AuthenticationFailedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"])));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(login), Is.EqualTo(2));
            Assert.That(mock.GetMatchCount(ack), Is.EqualTo(2));
        });
        client.Dispose();
    }

    [Test]
    public void A_wrong_password_fails_once_without_looping()
    {
        using var mock = new MockHttpMessageHandler();
        var login = mock.Rpc("user.login").Error(-32500, "Application error.", "Incorrect user name or password or account is temporarily blocked.");
        var ack = mock.Rpc("event.acknowledge").Result("""{"eventids":["1"]}""");
        using var client = PasswordClient(mock, "6.0.14");

        var error = Assert.ThrowsAsync<AuthenticationFailedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"])));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(login), Is.EqualTo(1));
            Assert.That(mock.GetMatchCount(ack), Is.Zero);
            Assert.That(error!.Error.Operation, Is.EqualTo("user.login"));
            Assert.That(error.ToString(), Does.Not.Contain(ZabbixTest.Password));
        });
    }

    [Test]
    public async Task Disposing_asynchronously_logs_the_session_out()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Rpc("user.login").Result($"\"{ZabbixTest.Session}\"");
        mock.Rpc("event.acknowledge").Result("""{"eventids":["1"]}""");
        var logout = mock.Rpc("user.logout").With(log.Capture).Result("true");
        var client = PasswordClient(mock, "6.0.14");
        await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"]));

        await client.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(logout), Is.EqualTo(1));
            Assert.That(Body(log.Requests[0])["auth"]!.GetValue<string>(), Is.EqualTo(ZabbixTest.Session));
            Assert.That(Body(log.Requests[0])["params"]!.ToJsonString(), Is.EqualTo("[]"));
        });
    }

    [Test]
    public async Task An_api_token_is_never_logged_out()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("event.acknowledge").Result("""{"eventids":["1"]}""");
        var logout = mock.Rpc("user.logout").Result("true");
        var client = ZabbixTest.Client(mock, "6.0.14");
        await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"]));

        await client.DisposeAsync();

        Assert.That(mock.GetMatchCount(logout), Is.Zero);
    }

    [Test]
    public async Task Concurrent_first_calls_log_in_once()
    {
        using var mock = new MockHttpMessageHandler();
        var login = mock.Rpc("user.login").Result($"\"{ZabbixTest.Session}\"");
        mock.Rpc("event.acknowledge").Result("""{"eventids":["1"]}""");
        await using var client = PasswordClient(mock, "6.0.14");

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"]))));

        Assert.That(mock.GetMatchCount(login), Is.EqualTo(1));
    }

    [Test]
    public void Options_say_what_to_fix()
    {
        var options = new JsonRpcEventClientOptions { Url = new System.Uri("ftp://x/"), Username = "Admin", ServerVersion = "six" };

        Assert.That(options.Validate(), Is.EqualTo(new[]
        {
            "Url 'ftp://x/' is not an absolute http(s) URI; use one such as https://zabbix.example.com/zabbix/api_jsonrpc.php.",
            "Set both Username and Password, or use ApiToken.",
            "ServerVersion 'six' is not a version such as 6.0.14; leave it empty to ask the server.",
        }));
    }

    [TestCase("https://z.example/zabbix", "https://z.example/zabbix/api_jsonrpc.php")]
    [TestCase("https://z.example/zabbix/", "https://z.example/zabbix/api_jsonrpc.php")]
    [TestCase("http://127.0.0.1:8080/api_jsonrpc.php", "http://127.0.0.1:8080/api_jsonrpc.php")]
    public void The_api_url_is_derived_from_the_frontend_url(string url, string expected) =>
        Assert.That(new JsonRpcEventClientOptions { Url = new System.Uri(url) }.ResolveApiUrl().AbsoluteUri, Is.EqualTo(expected));

    private static JsonRpcEventClient PasswordClient(MockHttpMessageHandler mock, string version) =>
        ZabbixTest.Client(mock, version, o =>
        {
            o.ApiToken = null;
            o.Username = "Admin";
            o.Password = ZabbixTest.Password;
        });

    private static JsonObject Body(CapturedRequest request) => JsonNode.Parse(request.Body)!.AsObject();

    private static string Params(CapturedRequest request) => Body(request)["params"]!.ToJsonString();
}
