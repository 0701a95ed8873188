using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using IncidentSdk.JsonRpc;
using IncidentSdk.Validation;
using NUnit.Framework;

namespace IncidentSdk.IntegrationTests;

/// <summary>
/// problem.get on the real 6.0.14 and 7.0.22 servers: each filter, paging, and what differs between them. The four
/// problems of a fixture carry a tag of their own, so problems other tests raise never enter the exact lists.
/// </summary>
[TestFixture("zabbix60")]
[TestFixture("zabbix70")]
public class ZabbixProblemTests(string serverName)
{
    private readonly string _run = "run-" + Guid.NewGuid().ToString("N");
    private ZabbixServer _server = null!;
    private JsonRpcEventClient _client = null!;
    private string _acked = null!;
    private string _high = null!;
    private string _suppressed = null!;
    private string _plain = null!;
    private DateTimeOffset _clock;

    private bool Is60 => serverName == "zabbix60";

    [OneTimeSetUp]
    public async Task RaiseProblems()
    {
        _server = ZabbixServer.Load(serverName);
        _client = new JsonRpcEventClient(_server.TokenOptions());
        var ids = _server.NewProblems(_server.ClosableTrigger, 4);
        (_acked, _high, _suppressed, _plain) = (ids[0], ids[1], ids[2], ids[3]);
        foreach (var id in ids)
        {
            _server.TagProblem(id, "run", _run);
        }

        _server.TagProblem(_high, "service", "Billing-API");
        _server.SuppressProblem(_suppressed);
        await _client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([_acked]));
        await _client.AcknowledgeAsync(AcknowledgeEventRequest.ChangeSeverity([_high], EventSeverity.High));
        _clock = _server.ClockOf(_plain);
    }

    [OneTimeTearDown]
    public void StopClient() => _client?.Dispose();

    private ProblemTagFilter Mine => new("run", _run, ProblemTagOperator.Equals);

    [Test]
    public async Task The_problems_read_back_typed_with_their_state_and_tags()
    {
        var problems = await ReadAsync(new ProblemQuery { Tags = [Mine] });

        var high = problems.Single(p => p.EventId == _high);
        Assert.Multiple(() =>
        {
            Assert.That(problems.Select(p => p.EventId), Is.EqualTo(new[] { _acked, _high, _suppressed, _plain }));
            Assert.That(problems.Select(p => (p.IsAcknowledged, p.IsSuppressed, p.Severity)), Is.EqualTo(new[]
            {
                (true, false, EventSeverity.Warning), (false, false, EventSeverity.High), (false, true, EventSeverity.Warning), (false, false, EventSeverity.Warning),
            }));
            Assert.That((high.ObjectId, high.Name, high.Time, high.IsResolved, high.CauseEventId, high.OperationalData), Is.EqualTo((_server.ClosableTrigger, "CI problem", _clock, false, (string?)null, (string?)null)));

            // Both servers list tags by name: "run" before "service".
            Assert.That(high.Tags.Select(t => (t.Tag, t.Value)), Is.EqualTo(new[] { ("run", _run), ("service", "Billing-API") }));
        });
    }

    [Test]
    public async Task Each_filter_narrows_the_problems()
    {
        var host = _server.HostOf(_server.ClosableTrigger);

        Assert.Multiple(async () =>
        {
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [Mine], UnacknowledgedOnly = true }), Is.EqualTo(new[] { _high, _suppressed, _plain }));
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [Mine], MinimumSeverity = EventSeverity.High }), Is.EqualTo(new[] { _high }));
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [Mine], MinimumSeverity = EventSeverity.Warning }), Has.Count.EqualTo(4));
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [Mine], Suppressed = true }), Is.EqualTo(new[] { _suppressed }));
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [Mine], Suppressed = false }), Is.EqualTo(new[] { _acked, _high, _plain }));
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [Mine], HostIds = [host] }), Has.Count.EqualTo(4));
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [Mine], HostIds = ["10084"] }), Is.Empty);
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [Mine], Since = _clock }), Has.Count.EqualTo(4));
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [Mine], Since = _clock.AddSeconds(1) }), Is.Empty);
        });
    }

    [Test]
    public async Task Tags_match_names_exactly_values_ignoring_case_and_combine_by_evaltype()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [Mine, new("service", "billing", ProblemTagOperator.Contains)] }), Is.EqualTo(new[] { _high }));
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [Mine, new("Service", null, ProblemTagOperator.Exists)] }), Is.Empty, "names are case-sensitive");
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [Mine, new("service", "billing-api", ProblemTagOperator.Equals)] }), Is.Empty);
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [Mine, new("service", null, ProblemTagOperator.NotExists)] }), Is.EqualTo(new[] { _acked, _suppressed, _plain }));
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [Mine, new("service", "Billing-API", ProblemTagOperator.Equals)], TagEvaluation = ProblemTagEvaluation.Or, FromEventId = _acked }), Is.SupersetOf(new[] { _acked, _high, _suppressed, _plain }));
        });
    }

    [Test]
    public async Task The_enumerable_pages_by_event_id_and_sends_one_request_per_page()
    {
        var recorder = new RecordingHandler();
        using var client = new JsonRpcEventClient(new HttpClient(recorder), _server.TokenOptions());

        var ids = new List<string>();
        await foreach (var problem in client.GetProblemsAsync(new ProblemQuery { Tags = [Mine], PageSize = 3 }))
        {
            ids.Add(problem.EventId);
        }

        var froms = recorder.Requests.Where(r => r.Body["method"]!.GetValue<string>() == "problem.get").Select(r => r.Body["params"]!["eventid_from"]?.GetValue<string>()).ToList();
        var nextAfterThird = (long.Parse(_suppressed, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.EqualTo(new[] { _acked, _high, _suppressed, _plain }));
            Assert.That(froms, Is.EqualTo(new[] { null, nextAfterThird }));
        });
    }

    [Test]
    public async Task The_symptom_filter_is_refused_on_6_0_which_would_ignore_it_and_applied_on_7_0()
    {
        if (Is60)
        {
            var failure = Assert.ThrowsAsync<RequestValidationException>(() => _client.GetProblemPageAsync(new ProblemQuery { Tags = [Mine], Symptom = false }));
            Assert.That(failure!.Errors.Single().Rule, Is.EqualTo(ValidationRules.Version));

            // What the check prevents: 6.0.14 answers symptom: true with the cause problems too.
            var raw = await _server.RawAsync($$"""{"jsonrpc":"2.0","method":"problem.get","params":{"symptom":true,"eventids":["{{_plain}}"],"output":["eventid"]},"auth":"{{_server.Token}}","id":1}""");
            Assert.That(raw["result"]!.AsArray(), Has.Count.EqualTo(1));
            return;
        }

        Assert.Multiple(async () =>
        {
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [Mine], Symptom = false }), Has.Count.EqualTo(4));
            Assert.That(await IdsAsync(new ProblemQuery { Tags = [Mine], Symptom = true }), Is.Empty);
        });
    }

    [Test]
    public async Task Raw_parameters_the_client_never_sends_are_treated_differently_by_6_0_and_7_0()
    {
        string Call(string parameters) => Is60
            ? $$"""{"jsonrpc":"2.0","method":"problem.get","params":{{parameters}},"auth":"{{_server.Token}}","id":1}"""
            : $$"""{"jsonrpc":"2.0","method":"problem.get","params":{{parameters}},"id":1}""";
        var bearer = Is60 ? null : _server.Token;
        var mine = $$"""
            "tags":[{"tag":"run","value":"{{_run}}","operator":1}],"output":["eventid"]
            """;

        var limitZero = await _server.RawAsync(Call("{" + mine + ",\"limit\":0}"), bearer);
        var badSeverity = await _server.RawAsync(Call("{" + mine + ",\"severities\":[7]}"), bearer);
        var acknowledgedFalse = await _server.RawAsync(Call("{" + mine + ",\"acknowledged\":false}"), bearer);
        var clockSort = await _server.RawAsync(Call("{" + mine + ",\"sortfield\":\"clock\"}"), bearer);

        Assert.Multiple(() =>
        {
            // 6.0 takes limit 0 as no limit and an unknown severity as matching nothing; 7.0 refuses both. The client sends neither.
            Assert.That(Shown(limitZero), Is.EqualTo(Is60 ? "4 problems" : "-32602 Invalid parameter \"/limit\": value must be one of 1-2147483647."));
            Assert.That(Shown(badSeverity), Is.EqualTo(Is60 ? "0 problems" : "-32602 Invalid parameter \"/severities/1\": value must be one of 0, 1, 2, 3, 4, 5."));

            // Both read acknowledged: false as "unacknowledged only"; without sortfield the order is the database's.
            Assert.That(acknowledgedFalse["result"]!.AsArray().Select(n => n!["eventid"]!.GetValue<string>()), Is.EquivalentTo(new[] { _high, _suppressed, _plain }));

            // Problems sort by event id only, refused with different codes.
            Assert.That(clockSort["error"]!["code"]!.GetValue<int>(), Is.EqualTo(Is60 ? -32500 : -32602));
        });
    }

    private static string Shown(System.Text.Json.Nodes.JsonNode answer) => answer["error"] is { } error
        ? error["code"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture) + " " + error["data"]!.GetValue<string>()
        : answer["result"]!.AsArray().Count.ToString(CultureInfo.InvariantCulture) + " problems";

    private async Task<List<ZabbixProblem>> ReadAsync(ProblemQuery query)
    {
        var problems = new List<ZabbixProblem>();
        await foreach (var problem in _client.GetProblemsAsync(query))
        {
            problems.Add(problem);
        }

        return problems;
    }

    private async Task<List<string>> IdsAsync(ProblemQuery query) => (await ReadAsync(query)).Select(p => p.EventId).ToList();
}
