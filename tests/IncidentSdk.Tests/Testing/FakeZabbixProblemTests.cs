using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using IncidentSdk.JsonRpc;
using IncidentSdk.Testing;
using NUnit.Framework;

namespace IncidentSdk.Tests.Testing;

/// <summary>The client's <c>problem.get</c> against <see cref="FakeZabbixService"/>, and the fake answering raw calls as 6.0.14 and 7.0.22 do.</summary>
[TestFixture("6.0.14")]
[TestFixture("7.0.22")]
public class FakeZabbixProblemTests(string version)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private FakeZabbixService _fake = null!;
    private JsonRpcEventClient _client = null!;
    private string _token = null!;

    [SetUp]
    public void Create()
    {
        _fake = new FakeZabbixService(version);
        _token = _fake.AddToken();
        var options = new JsonRpcEventClientOptions { Url = FakeZabbixService.Endpoint, ApiToken = _token };
        options.Resilience.BaseDelay = TimeSpan.Zero;
        _client = new JsonRpcEventClient(new HttpClient(_fake), options);
    }

    [TearDown]
    public void Dispose()
    {
        _client.Dispose();
        _fake.Dispose();
    }

    [Test]
    public async Task Every_filter_narrows_the_problems_as_the_server_would()
    {
        var old = _fake.AddProblem(new FakeProblem { Time = Start.AddHours(-2), Severity = EventSeverity.Disaster });
        var acked = _fake.AddProblem(new FakeProblem { Time = Start, Severity = EventSeverity.High });
        var warning = _fake.AddProblem(new FakeProblem { Time = Start, Severity = EventSeverity.Warning, HostId = "10559" });
        var tagged = _fake.AddProblem(new FakeProblem { Time = Start, Severity = EventSeverity.High, HostId = "10559", Tags = [new("service", "Billing-API"), new("env", "prod")] });
        var maintenance = _fake.AddProblem(new FakeProblem { Time = Start, Severity = EventSeverity.Average, InMaintenance = true });
        var resolved = _fake.AddProblem(new FakeProblem { Time = Start, Severity = EventSeverity.High });
        _fake.ResolveProblem(resolved);
        await _client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([acked]));

        Assert.Multiple(async () =>
        {
            Assert.That(await IdsAsync(new ProblemQuery()), Is.EqualTo(new[] { old, acked, warning, tagged, maintenance }));
            Assert.That(await IdsAsync(new ProblemQuery { Since = Start }), Is.EqualTo(new[] { acked, warning, tagged, maintenance }));
            Assert.That(await IdsAsync(new ProblemQuery { UnacknowledgedOnly = true }), Is.EqualTo(new[] { old, warning, tagged, maintenance }));
            Assert.That(await IdsAsync(new ProblemQuery { MinimumSeverity = EventSeverity.High }), Is.EqualTo(new[] { old, acked, tagged }));
            Assert.That(await IdsAsync(new ProblemQuery { HostIds = ["10559"] }), Is.EqualTo(new[] { warning, tagged }));
            Assert.That(await IdsAsync(new ProblemQuery { Suppressed = true }), Is.EqualTo(new[] { maintenance }));
            Assert.That(await IdsAsync(new ProblemQuery { Suppressed = false, Since = Start }), Is.EqualTo(new[] { acked, warning, tagged }));
            Assert.That(await IdsAsync(new ProblemQuery { IncludeRecentlyResolved = true, Since = Start, MinimumSeverity = EventSeverity.High }), Is.EqualTo(new[] { acked, tagged, resolved }));
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [new("service", "billing", ProblemTagOperator.Contains)] }), Is.EqualTo(new[] { tagged }));
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [new("Service", null, ProblemTagOperator.Exists)] }), Is.Empty, "tag names match exactly");
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [new("service", "billing", ProblemTagOperator.Equals)] }), Is.Empty);
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [new("env", null, ProblemTagOperator.NotExists)], Since = Start }), Is.EqualTo(new[] { acked, warning, maintenance }));
        });
    }

    [Test]
    public async Task A_close_resolves_the_problem_unless_the_fake_records_closes_only()
    {
        var closed = _fake.AddProblem(new FakeProblem { Time = Start, Severity = EventSeverity.High });
        var open = _fake.AddProblem(new FakeProblem { Time = Start, Severity = EventSeverity.High });

        await _client.AcknowledgeAsync(AcknowledgeEventRequest.Close([closed]));
        var afterClose = await IdsAsync(new ProblemQuery { Since = Start });
        var withRecent = await IdsAsync(new ProblemQuery { Since = Start, IncludeRecentlyResolved = true });
        var resolvedEvent = (await _client.GetEventsAsync([closed])).Single();
        _fake.ResolveOnClose = false;
        var recordedOnly = _fake.AddProblem(new FakeProblem { Time = Start, Severity = EventSeverity.High });
        await _client.AcknowledgeAsync(AcknowledgeEventRequest.Close([recordedOnly]));

        Assert.Multiple(async () =>
        {
            Assert.That(afterClose, Is.EqualTo(new[] { open }));
            Assert.That(withRecent, Is.EqualTo(new[] { closed, open }));
            Assert.That(_fake.GetEvent(closed)!.IsResolved, Is.True);
            Assert.That(_fake.GetEvent(closed)!.IsClosed, Is.True);
            Assert.That(_fake.GetEvent(open)!.IsResolved, Is.False);
            Assert.That(resolvedEvent.IsResolved, Is.True);
            Assert.That(_fake.GetEvent(recordedOnly)!.IsClosed, Is.True);
            Assert.That(_fake.GetEvent(recordedOnly)!.IsResolved, Is.False);
            Assert.That(await IdsAsync(new ProblemQuery { Since = Start }), Is.EqualTo(new[] { open, recordedOnly }));
        });
    }

    [Test]
    public async Task Tag_conditions_combine_and_or_by_default_and_any_with_or()
    {
        var both = _fake.AddProblem(new FakeProblem { Tags = [new("service", "db"), new("env", "prod")] });
        var dbOnly = _fake.AddProblem(new FakeProblem { Tags = [new("service", "db")] });
        var web = _fake.AddProblem(new FakeProblem { Tags = [new("service", "web"), new("env", "prod")] });
        ProblemTagFilter[] tags = [new("service", "db", ProblemTagOperator.Equals), new("service", "web", ProblemTagOperator.Equals), new("env", "prod", ProblemTagOperator.Equals)];

        Assert.Multiple(async () =>
        {
            Assert.That(await IdsAsync(new ProblemQuery { Tags = tags }), Is.EqualTo(new[] { both, web }));
            Assert.That(await IdsAsync(new ProblemQuery { Tags = tags, TagEvaluation = ProblemTagEvaluation.Or }), Is.EqualTo(new[] { both, dbOnly, web }));
        });
    }

    [Test]
    public async Task The_enumerable_reads_every_problem_in_pages_and_the_page_count_is_exact()
    {
        var ids = Enumerable.Range(0, 7).Select(_ => _fake.AddProblem()).ToList();

        var read = await IdsAsync(new ProblemQuery { PageSize = 3 });

        var pages = _fake.Requests.Where(r => r.Method == "problem.get").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(read, Is.EqualTo(ids));
            Assert.That(pages, Has.Count.EqualTo(3));
            Assert.That(pages.Select(p => p.ErrorCode), Is.All.Null);
        });
    }

    [Test]
    public async Task A_page_is_typed_with_tags_and_the_state_acknowledge_changed()
    {
        var id = _fake.AddProblem(new FakeProblem { Name = "Disk full", Severity = EventSeverity.Warning, Time = Start, TriggerId = "23133", Tags = [new("service", "db")], OperationalData = "Free: 1%" });
        await _client.AcknowledgeAsync(AcknowledgeEventRequest.ChangeSeverity([id], EventSeverity.Disaster));

        var p = (await _client.GetProblemPageAsync(new ProblemQuery())).Problems.Single();

        Assert.Multiple(() =>
        {
            Assert.That((p.EventId, p.ObjectId, p.Name, p.Severity, p.Time), Is.EqualTo((id, "23133", "Disk full", EventSeverity.Disaster, Start)));
            Assert.That((p.IsAcknowledged, p.IsSuppressed, p.IsResolved, p.OperationalData), Is.EqualTo((false, false, false, "Free: 1%")));
            Assert.That(p.Tags.Select(t => (t.Tag, t.Value)), Is.EqualTo(new[] { ("service", "db") }));
        });
    }

    [Test]
    public async Task The_symptom_filter_works_from_6_4_and_is_refused_before()
    {
        var cause = _fake.AddProblem();
        var symptom = _fake.AddProblem();
        if (version == "6.0.14")
        {
            var failure = Assert.ThrowsAsync<RequestValidationException>(() => _client.GetProblemPageAsync(new ProblemQuery { Symptom = true }));
            Assert.That(failure!.Errors.Single().Path, Is.EqualTo("symptom"));
            Assert.That(_fake.Requests.Any(r => r.Method == "problem.get"), Is.False);
            return;
        }

        await _client.AcknowledgeAsync(AcknowledgeEventRequest.ChangeToSymptom([symptom], cause));

        Assert.Multiple(async () =>
        {
            Assert.That(await IdsAsync(new ProblemQuery { Symptom = true }), Is.EqualTo(new[] { symptom }));
            Assert.That(await IdsAsync(new ProblemQuery { Symptom = false }), Is.EqualTo(new[] { cause }));
            Assert.That((await _client.GetProblemPageAsync(new ProblemQuery { Symptom = true })).Problems.Single().CauseEventId, Is.EqualTo(cause));
        });
    }

    [TestCase("""{"limit":0}""", "6.0.14", "2 problems", "Invalid parameter \"/limit\": value must be one of 1-2147483647.")]
    [TestCase("""{"severities":[7]}""", "6.0.14", "0 problems", "Invalid parameter \"/severities/1\": value must be one of 0, 1, 2, 3, 4, 5.")]
    [TestCase("""{"tags":[{"tag":"a","operator":9}]}""", "6.0.14", "0 problems", "Invalid parameter \"/tags/1/operator\": value must be one of 0, 1, 2, 3, 4, 5.")]
    [TestCase("""{"evaltype":1}""", "-32602 Incorrect evaltype value.", null, "Invalid parameter \"/evaltype\": value must be one of 0, 2.")]
    [TestCase("""{"sortfield":"clock"}""", "-32500 Sorting by field \"clock\" not allowed.", null, "Invalid parameter \"/sortfield/1\": value must be \"eventid\".")]
    [TestCase("""{"acknowledged":0}""", "6.0.14", "2 problems", "Invalid parameter \"/acknowledged\": a boolean is expected.")]
    [TestCase("""{"time_from":2147483648}""", "6.0.14", "0 problems", "Invalid parameter \"/time_from\": a timestamp is too large.")]
    [TestCase("""{"eventid_from":"abc"}""", "6.0.14", "0 problems", "Invalid parameter \"/eventid_from\": a number is expected.")]
    [TestCase("""{"symptom":true}""", "6.0.14", "2 problems", null)]
    [TestCase("""{"bogus":1}""", "6.0.14", "2 problems", "Invalid parameter \"/\": unexpected parameter \"bogus\".")]
    public async Task Raw_parameters_are_checked_as_each_version_does(string parameters, string sixZero, string? sixZeroCount, string? sevenZero)
    {
        _fake.AddProblem();
        _fake.AddProblem();

        var answer = await RawAsync($$"""{"jsonrpc":"2.0","method":"problem.get","params":{{parameters}},"id":1}""");

        var shown = answer.RootElement.TryGetProperty("error", out var error)
            ? error.GetProperty("code").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + error.GetProperty("data").GetString()
            : answer.RootElement.GetProperty("result").GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture) + " problems";
        if (version == "6.0.14")
        {
            Assert.That(shown, Is.EqualTo(sixZeroCount ?? sixZero));
        }
        else
        {
            Assert.That(shown, Is.EqualTo(sevenZero is null ? "0 problems" : "-32602 " + sevenZero));
        }
    }

    private async Task<List<string>> IdsAsync(ProblemQuery query)
    {
        var ids = new List<string>();
        await foreach (var problem in _client.GetProblemsAsync(query))
        {
            ids.Add(problem.EventId);
        }

        return ids;
    }

    private async Task<System.Text.Json.JsonDocument> RawAsync(string body)
    {
        using var http = new HttpClient(_fake, disposeHandler: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, FakeZabbixService.Endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json-rpc") };
        if (version == "6.0.14")
        {
            request.Content = new StringContent(body.Replace("\"id\":1", $"\"auth\":\"{_token}\",\"id\":1", StringComparison.Ordinal), Encoding.UTF8, "application/json-rpc");
        }
        else
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + _token);
        }

        using var response = await http.SendAsync(request);
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
