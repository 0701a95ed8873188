using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using IncidentSdk.JsonRpc;
using IncidentSdk.Testing;
using NUnit.Framework;

namespace IncidentSdk.Cli.Tests;

/// <summary><c>incident zabbix problems</c>: the filters on the wire, paging, text and JSON output, offline against the fake.</summary>
public sealed class ZabbixProblemsCommandTests
{
    private const string Row = """{"eventid":"20438","objectid":"23133","clock":"1769860800","name":"Disk full","acknowledged":"0","severity":"4","suppressed":"1","r_eventid":"0","opdata":"","tags":[{"tag":"service","value":"db"}]}""";

    private CliHarness _cli = null!;
    private StubTransport _transport = null!;
    private Queue<string> _pages = null!;

    [SetUp]
    public void SetUp()
    {
        _pages = new Queue<string>();
        _transport = new StubTransport((_, body) => StubTransport.JsonRpcResult(body, _pages.Count > 0 ? _pages.Dequeue() : "[]"));
        _cli = new CliHarness { Transport = _transport }.WithZabbixEnvironment("7.0.22");
    }

    [TearDown]
    public void TearDown()
    {
        _cli.Dispose();
        _transport.Dispose();
    }

    [Test]
    public async Task EveryFilterOptionReachesTheWireAsProblemGetParameters()
    {
        var run = await _cli.RunAsync(
            "zabbix", "problems", "--since", "2h", "--unacknowledged", "--min-severity", "high", "--host", "10084", "--host", "10085",
            "--tag", "service~billing", "--tag", "env=prod", "--tag", "team", "--tag", "!muted", "--any-tag", "--suppressed", "false",
            "--recent", "--from-event", "100", "--page-size", "25");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(_transport.Requests.Single().Body, Does.Contain(
            ""","params":{"output":"extend","selectTags":"extend","time_from":1769853600,"acknowledged":false,"severities":[4,5],"hostids":["10084","10085"],"evaltype":2,"tags":[{"tag":"service","value":"billing","operator":0},{"tag":"env","value":"prod","operator":1},{"tag":"team","operator":4},{"tag":"muted","operator":5}],"suppressed":false,"recent":true,"eventid_from":"100","sortfield":"eventid","sortorder":"ASC","limit":25}"""));
    }

    [Test]
    public async Task ProblemsPrintOneLineEachAfterReadingEveryPage()
    {
        _pages.Enqueue("[" + Row + "]");
        _pages.Enqueue("[" + Row.Replace("20438", "20440", StringComparison.Ordinal) + "]");

        var run = await _cli.RunAsync("zabbix", "problems", "--page-size", "1");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.Multiple(() =>
        {
            Assert.That(_transport.Requests, Has.Count.EqualTo(3));
            Assert.That(run.Out, Is.EqualTo(
                "20438  2026-01-31 12:00:00Z  High           Disk full [service=db] suppressed" + Environment.NewLine
                + "20440  2026-01-31 12:00:00Z  High           Disk full [service=db] suppressed" + Environment.NewLine
                + "2 problems." + Environment.NewLine));
        });
    }

    [Test]
    public async Task JsonOutputListsTypedProblemsAndMaxStopsPaging()
    {
        _pages.Enqueue("[" + Row + "," + Row.Replace("20438", "20440", StringComparison.Ordinal) + "]");

        var run = await _cli.RunAsync("zabbix", "problems", "--page-size", "2", "--max", "1", "--json");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.Multiple(() =>
        {
            Assert.That(_transport.Requests, Has.Count.EqualTo(1));
            Assert.That(run.Out, Is.EqualTo(
                """{"ok":true,"service":"zabbix","method":"problem.get","count":1,"problems":[{"eventid":"20438","objectid":"23133","name":"Disk full","severity":4,"clock":"2026-01-31T12:00:00Z","acknowledged":false,"suppressed":true,"resolved":false,"tags":{"service":"db"}}],"offline":false}""" + Environment.NewLine));
        });
    }

    [TestCase("--page-size", "0")]
    [TestCase("--page-size", "10001")]
    [TestCase("--tag", "=x")]
    [TestCase("--host", "abc")]
    [TestCase("--from-event", "0")]
    public async Task AnInvalidFilterIsRefusedWithExitCode3AndNothingIsSent(string option, string value)
    {
        var run = await _cli.RunAsync("zabbix", "problems", option, value);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(3), run.Error);
            Assert.That(run.ErrorLines, Has.Length.EqualTo(1));
            Assert.That(_transport.Requests, Is.Empty);
        });
    }

    [TestCase("--since", "yesterday")]
    [TestCase("--min-severity", "7")]
    public async Task AnUnreadableOptionIsAParseError(string option, string value)
    {
        var run = await _cli.RunAsync("zabbix", "problems", option, value);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(_transport.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task OfflineTheSampleProblemsAreFiltered()
    {
        var run = await _cli.RunAsync("zabbix", "problems", "--offline", "--json", "--min-severity", "average");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        var problems = run.Json().GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(problems, Is.EqualTo(new[] { "Billing API is down", "High CPU on web-02" }));
            Assert.That(run.Json().GetProperty("offline").GetBoolean(), Is.True);
            Assert.That(_transport.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task OfflineAnInjectedFakeIsReadByTag()
    {
        _cli.Zabbix = new FakeZabbixService("6.0.14");
        _cli.Zabbix.AddProblem(new FakeProblem { Name = "untagged" });
        var tagged = _cli.Zabbix.AddProblem(new FakeProblem { Name = "tagged", Tags = [new("service", "Billing")] });

        var run = await _cli.RunAsync("zabbix", "problems", "--offline", "--tag", "service~bill");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Out, Does.Contain(tagged + "  ").And.Contain("tagged [service=Billing]").And.Not.Contain("untagged").And.EndWith("1 problem." + Environment.NewLine));
    }
}
