namespace IncidentSdk.Cli.Tests;

/// <summary>The Zabbix commands against a recording JSON-RPC transport.</summary>
public sealed class ZabbixCommandTests
{
    private CliHarness _cli = null!;
    private StubTransport _transport = null!;
    private Func<string, string, HttpResponseMessage> _respond = null!;

    [SetUp]
    public void SetUp()
    {
        _respond = (method, body) => method switch
        {
            "apiinfo.version" => StubTransport.JsonRpcResult(body, "\"7.0.22\""),
            _ => StubTransport.JsonRpcResult(body, EchoEventIds(body)),
        };
        _transport = new StubTransport((_, body) => _respond(Method(body), body));
        _cli = new CliHarness { Transport = _transport }.WithZabbixEnvironment("7.0.0");
    }

    [TearDown]
    public void TearDown()
    {
        _cli.Dispose();
        _transport.Dispose();
    }

    [Test]
    public async Task AckWithAMessageSendsBits2And4AndPrintsJson()
    {
        var run = await _cli.RunAsync("zabbix", "ack", "20427", "20428", "-m", "on it", "--json");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(_transport.Requests, Has.Count.EqualTo(1));
        var parameters = Params(_transport.Requests[0].Body);
        Assert.Multiple(() =>
        {
            Assert.That(Method(_transport.Requests[0].Body), Is.EqualTo("event.acknowledge"));
            Assert.That(parameters.GetProperty("eventids").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "20427", "20428" }));
            Assert.That(parameters.GetProperty("action").GetInt32(), Is.EqualTo(6));
            Assert.That(parameters.GetProperty("message").GetString(), Is.EqualTo("on it"));
            Assert.That(_transport.Requests[0].Request.Headers.Authorization?.ToString(), Is.EqualTo("Bearer zabbix-token-never-printed"));
            Assert.That(run.Out, Is.EqualTo(
                """{"ok":true,"service":"zabbix","method":"event.acknowledge","action":6,"eventids":["20427","20428"],"verified_after_ambiguous_failure":false,"offline":false}""" + Environment.NewLine));
        });
    }

    [Test]
    public async Task SeverityAcceptsANameAndSendsItsNumber()
    {
        var run = await _cli.RunAsync("zabbix", "severity", "20427", "--severity", "High", "-m", "maintenance");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        var parameters = Params(_transport.Requests[0].Body);
        Assert.Multiple(() =>
        {
            Assert.That(parameters.GetProperty("action").GetInt32(), Is.EqualTo(12));
            Assert.That(parameters.GetProperty("severity").GetInt32(), Is.EqualTo(4));
            Assert.That(run.Out, Is.EqualTo("Changed the severity of event 20427." + Environment.NewLine));
        });
    }

    [TestCase("2h", 1769868000L)]
    [TestCase("90m", 1769866200L)]
    [TestCase("2026-02-01T08:30:00+08:00", 1769905800L)]
    [TestCase("2026-02-01T00:30:00", 1769905800L)]
    [TestCase("indefinitely", 0L)]
    public async Task SuppressSendsTheEndAsUnixSeconds(string until, long expected)
    {
        var run = await _cli.RunAsync("zabbix", "suppress", "20427", "--until", until);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        var parameters = Params(_transport.Requests[0].Body);
        Assert.Multiple(() =>
        {
            Assert.That(parameters.GetProperty("action").GetInt32(), Is.EqualTo(32));
            Assert.That(parameters.GetProperty("suppress_until").GetInt64(), Is.EqualTo(expected));
        });
    }

    [Test]
    public async Task CloseAndMessageSendTheirBits()
    {
        var close = await _cli.RunAsync("zabbix", "close", "7", "--message", "Fixed in IM1");
        var message = await _cli.RunAsync("zabbix", "message", "7", "8", "--message", "note");

        Assert.Multiple(() =>
        {
            Assert.That(close.ExitCode, Is.EqualTo(0), close.Error);
            Assert.That(message.ExitCode, Is.EqualTo(0), message.Error);
            Assert.That(Params(_transport.Requests[0].Body).GetProperty("action").GetInt32(), Is.EqualTo(5));
            Assert.That(Params(_transport.Requests[1].Body).GetProperty("action").GetInt32(), Is.EqualTo(4));
            Assert.That(close.Out, Is.EqualTo("Closed event 7." + Environment.NewLine));
            Assert.That(message.Out, Is.EqualTo("Added the message to events 7, 8." + Environment.NewLine));
        });
    }

    [Test]
    public async Task AnInvalidEventIdExitsWith3AndNothingIsSent()
    {
        var run = await _cli.RunAsync("zabbix", "ack", "abc", "--json");

        Assert.Multiple(() =>
        {
            run.AssertOneErrorLine(3, Does.StartWith("incident: invalid request (exit 3): "), Does.Contain("'abc' is not a positive integer event id"));
            Assert.That(_transport.Requests, Is.Empty);
            Assert.That(run.Json().GetProperty("error").GetProperty("validation_errors")[0].GetProperty("rule").GetString(), Is.EqualTo("format"));
        });
    }

    [Test]
    public async Task SuppressOnAServerBefore62ExitsWith3()
    {
        _cli.Environment["ZABBIX_SERVER_VERSION"] = "6.0.14";

        var run = await _cli.RunAsync("zabbix", "suppress", "1", "--until", "indefinitely");

        Assert.Multiple(() =>
        {
            run.AssertOneErrorLine(3, Does.Contain("[version]"));
            Assert.That(_transport.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task AnUnknownEventExitsWith5WithTheJsonRpcError()
    {
        _respond = (_, body) => StubTransport.JsonRpcError(body, -32500, "Application error.", "No permissions to referred object or it does not exist!");

        var run = await _cli.RunAsync("zabbix", "ack", "999");

        Assert.Multiple(() =>
        {
            run.AssertOneErrorLine(5, Does.StartWith("incident: not found (exit 5): "), Does.Contain("-32500"), Does.Contain("No permissions to referred object or it does not exist!"));
            Assert.That(run.Error, Does.Not.Contain("zabbix-token-never-printed"));
        });
    }

    [Test]
    public async Task AManualCloseRefusalExitsWith7()
    {
        _respond = (_, body) => StubTransport.JsonRpcError(body, -32500, "Application error.", "Cannot close problem: trigger does not allow manual closing.");

        var run = await _cli.RunAsync("zabbix", "close", "5");

        run.AssertOneErrorLine(7, Does.Contain("Cannot close problem"));
    }

    [Test]
    public async Task VersionNeedsOnlyTheUrlAndSendsNoCredential()
    {
        _cli.Environment.Remove("ZABBIX_TOKEN");
        _cli.Environment.Remove("ZABBIX_SERVER_VERSION");

        var run = await _cli.RunAsync("zabbix", "version", "--url", "https://zabbix.other.invalid/zabbix/");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        var (request, body) = _transport.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.RequestUri, Is.EqualTo(new Uri("https://zabbix.other.invalid/zabbix/api_jsonrpc.php")));
            Assert.That(Method(body), Is.EqualTo("apiinfo.version"));
            Assert.That(request.Headers.Authorization, Is.Null);
            Assert.That(body, Does.Not.Contain("\"auth\""));
            Assert.That(run.Out, Is.EqualTo("Zabbix API 7.0.22 at https://zabbix.other.invalid/zabbix/api_jsonrpc.php" + Environment.NewLine));
        });
    }

    private static string Method(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("method").GetString()!;
    }

    private static JsonElement Params(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("params").Clone();
    }

    private static string EchoEventIds(string body)
    {
        var ids = Params(body).GetProperty("eventids");
        var list = ids.ValueKind == JsonValueKind.Array ? ids.EnumerateArray().Select(e => e.GetString()!).ToArray() : [ids.GetString()!];
        return "{\"eventids\":[" + string.Join(",", list.Select(id => "\"" + id + "\"")) + "]}";
    }
}
