using NUnit.Framework.Constraints;

namespace IncidentSdk.Cli.Tests;

/// <summary>Help, usage errors and configuration errors: nothing is sent, and the exit codes are documented.</summary>
public sealed class CommandLineTests
{
    private CliHarness _cli = null!;
    private StubTransport _transport = null!;

    [SetUp]
    public void SetUp()
    {
        _transport = new StubTransport((_, _) => StubTransport.Json(HttpStatusCode.OK, """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null}"""));
        _cli = new CliHarness { Transport = _transport };
    }

    [TearDown]
    public void TearDown()
    {
        _cli.Dispose();
        _transport.Dispose();
    }

    [Test]
    public async Task RootHelpListsTheCommandsAndTheExitCodes()
    {
        var run = await _cli.RunAsync("--help");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0));
            Assert.That(run.Error, Is.Empty);
            Assert.That(run.Out, Does.Match(@"(?m)^\s+coc\s+Act on a Huawei Cloud COC incident ticket"));
            Assert.That(run.Out, Does.Match(@"(?m)^\s+zabbix\s+Update Zabbix problem events"));
            Assert.That(run.Out, Does.Contain("--offline"));
            Assert.That(run.Out, Does.Contain("--json"));
            Assert.That(run.Out, Does.Contain("HUAWEICLOUD_SDK_AK"));
            Assert.That(run.Out, Does.Contain("ZABBIX_URL"));
        });
        foreach (var line in new[]
        {
            "0  success",
            "1  any other failure",
            "2  usage or configuration error",
            "3  invalid request",
            "4  authentication failed or permission denied",
            "5  not found",
            "6  throttled",
            "7  service error",
            "8  transport failure or timeout",
        })
        {
            Assert.That(run.Out, Does.Contain(line));
        }
    }

    [TestCase("coc", "accept", "solve", "confirm", "handle")]
    [TestCase("zabbix", "ack", "unack", "close", "severity", "suppress", "unsuppress", "message", "version")]
    public async Task GroupHelpListsItsSubcommands(string group, params string[] subcommands)
    {
        var run = await _cli.RunAsync(group, "--help");

        Assert.That(run.ExitCode, Is.EqualTo(0));
        foreach (var subcommand in subcommands)
        {
            Assert.That(run.Out, Does.Match($@"(?m)^\s+{subcommand}\b"), subcommand);
        }
    }

    [TestCase("coc accept", "<ticket>", "<operator>")]
    [TestCase("coc solve", "--category", "--interrupted", "--cause", "--solution", "--start-time", "--recovery-time")]
    [TestCase("coc confirm", "--confirmed", "--comment")]
    [TestCase("coc handle", "--key", "--param")]
    [TestCase("zabbix ack", "<event-ids>", "--message")]
    [TestCase("zabbix close", "<event-ids>", "--message")]
    [TestCase("zabbix severity", "--severity")]
    [TestCase("zabbix suppress", "--until")]
    [TestCase("zabbix message", "--message")]
    [TestCase("zabbix version", "--url")]
    public async Task EveryCommandHasHelp(string command, params string[] expected)
    {
        var run = await _cli.RunAsync([.. command.Split(' '), "--help"]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0));
            Assert.That(run.Error, Is.Empty);
            foreach (var text in expected)
            {
                Assert.That(run.Out, Does.Contain(text));
            }
        });
        Assert.That(_transport.Requests, Is.Empty);
    }

    [TestCase(new[] { "coc", "accept", "IM1" }, "Required argument missing")]
    [TestCase(new[] { "coc", "acept", "IM1", "op" }, "'acept'")]
    [TestCase(new[] { "coc", "confirm", "IM1", "op", "--comment", "ok" }, "Option '--confirmed' is required")]
    [TestCase(new[] { "coc", "confirm", "IM1", "op", "--confirmed", "maybe", "--comment", "ok" }, "'maybe'")]
    [TestCase(new[] { "coc", "handle", "IM1", "op", "--key", "agreed", "--param", "novalue" }, "--param 'novalue' is not key=value or key:=json.")]
    [TestCase(new[] { "coc", "handle", "IM1", "op", "--key", "agreed", "--param", "n:={bad" }, "--param 'n:=' is not followed by valid JSON")]
    [TestCase(new[] { "coc", "accept", "IM1", "op", "--endpoint", "coc.example.com" }, "'coc.example.com' is not an absolute http(s) URL.")]
    [TestCase(new[] { "zabbix", "ack" }, "Required argument missing")]
    [TestCase(new[] { "zabbix", "severity", "1", "--severity", "urgent" }, "'urgent' is not a severity")]
    [TestCase(new[] { "zabbix", "suppress", "1", "--until", "tomorrow" }, "'tomorrow' is not a time")]
    [TestCase(new[] { "zabbix", "message", "1" }, "Option '--message' is required")]
    [TestCase(new string[0], "Required command was not provided")]
    public async Task ParseErrorsExitWith2AndOneLine(string[] args, string expected)
    {
        _cli.WithCocEnvironment().WithZabbixEnvironment();

        var run = await _cli.RunAsync(args);

        Assert.Multiple(() =>
        {
            run.AssertOneErrorLine(2, Does.StartWith("incident: usage error (exit 2): "), Does.Contain(expected), Does.EndWith("--help'."));
            Assert.That(run.Out, Is.Empty);
            Assert.That(_transport.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task TwoMissingArgumentsAreReportedOnce()
    {
        _cli.WithCocEnvironment();

        var run = await _cli.RunAsync("coc", "accept");

        Assert.That(run.Error.Trim(), Is.EqualTo("incident: usage error (exit 2): Required argument missing for command: 'accept'. See 'incident coc accept --help'."));
    }

    [Test]
    public async Task ParseErrorWithJsonAlsoPrintsAJsonError()
    {
        var run = await _cli.RunAsync("coc", "accept", "IM1", "--json");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        var json = run.Json();
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("ok").GetBoolean(), Is.False);
            Assert.That(json.GetProperty("exit_code").GetInt32(), Is.EqualTo(2));
            Assert.That(json.GetProperty("error").GetProperty("kind").GetString(), Is.EqualTo("usage error"));
            Assert.That(run.ErrorLines, Has.Length.EqualTo(1));
        });
    }

    [Test]
    public async Task MissingCocSettingsExitWith2AndNameTheVariables()
    {
        var run = await _cli.RunAsync("coc", "accept", "IM1", "op");

        AssertUsageErrorAndNothingSent(run, Does.StartWith("incident: usage error (exit 2): COC is not configured: "), Does.Contain("HUAWEICLOUD_SDK_AK"), Does.Contain("--offline"));
    }

    [Test]
    public async Task MissingZabbixSettingsExitWith2()
    {
        var run = await _cli.RunAsync("zabbix", "ack", "1");

        AssertUsageErrorAndNothingSent(run, Does.StartWith("incident: usage error (exit 2): Zabbix is not configured: "), Does.Contain("ZABBIX_TOKEN"));
    }

    [Test]
    public async Task OnlyOneOfAccessKeyAndSecretKeyIsAConfigurationError()
    {
        _cli.Environment["HUAWEICLOUD_SDK_AK"] = CliHarness.AccessKey;
        _cli.Environment["COC_REGION"] = "cn-north-4";

        var run = await _cli.RunAsync("coc", "accept", "IM1", "op");

        AssertUsageErrorAndNothingSent(run, Does.Contain("AccessKey and SecretKey"));
    }

    [Test]
    public async Task AMissingConfigFileIsAUsageError()
    {
        _cli.WithCocEnvironment();

        var run = await _cli.RunAsync("coc", "accept", "IM1", "op", "--config", "absent.json");

        AssertUsageErrorAndNothingSent(run, Does.Contain("absent.json' does not exist"));
    }

    [Test]
    public async Task AnInvalidConfigFileIsAUsageError()
    {
        _cli.WithCocEnvironment();
        _cli.WriteFile("incident.json", "{ \"Coc\": ");

        var run = await _cli.RunAsync("coc", "accept", "IM1", "op");

        AssertUsageErrorAndNothingSent(run, Does.Contain("incident.json' could not be read"));
    }

    /// <summary>The run ended as a usage error (exit 2) with one error line meeting each of <paramref name="line"/>, and sent nothing.</summary>
    private void AssertUsageErrorAndNothingSent(CliRun run, params IResolveConstraint[] line)
    {
        Assert.Multiple(() =>
        {
            run.AssertOneErrorLine(2, line);
            Assert.That(_transport.Requests, Is.Empty);
        });
    }
}
