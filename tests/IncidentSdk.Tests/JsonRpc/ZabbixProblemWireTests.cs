using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using IncidentSdk.JsonRpc;
using IncidentSdk.Tests.Support;
using NUnit.Framework;
using RichardSzalay.MockHttp;

namespace IncidentSdk.Tests.JsonRpc;

/// <summary><c>problem.get</c> on the wire: the exact envelope per filter and version, the answer read into <see cref="ZabbixProblem"/>, paging and retries.</summary>
public class ZabbixProblemWireTests
{
    // A problem as Zabbix 7.0.22 answers it (tags before urls, cause_eventid present) [seen 7.0.22].
    private const string Problem70 =
        """{"eventid":"576","source":"0","object":"0","objectid":"25212","clock":"1796098863","ns":"0","r_eventid":"0","r_clock":"0","r_ns":"0","correlationid":"0","userid":"0","name":"CI problem","acknowledged":"0","severity":"2","cause_eventid":"0","opdata":"","suppressed":"1","tags":[{"tag":"env","value":"prod"},{"tag":"service","value":"Billing-API"}],"urls":[]}""";

    // The same as 6.0.14 answers it: no cause_eventid, urls before tags [seen 6.0.14].
    private const string Problem60 =
        """{"eventid":"20438","source":"0","object":"0","objectid":"23133","clock":"1796098863","ns":"0","r_eventid":"20440","r_clock":"1796098900","r_ns":"0","correlationid":"0","userid":"0","name":"Disk full on db-01","acknowledged":"1","severity":"4","opdata":"Free: 1%","suppressed":"0","urls":[],"tags":[]}""";

    [Test]
    public async Task Every_filter_is_sent_in_one_exact_envelope_with_paging_by_event_id()
    {
        var sent = await SendAsync(
            new ProblemQuery
            {
                Since = DateTimeOffset.FromUnixTimeSeconds(1796000000),
                UnacknowledgedOnly = true,
                MinimumSeverity = EventSeverity.Average,
                HostIds = ["10559", "10560"],
                Tags = [new ProblemTagFilter("service", "billing", ProblemTagOperator.Contains), new ProblemTagFilter("env", null, ProblemTagOperator.Exists)],
                TagEvaluation = ProblemTagEvaluation.Or,
                Suppressed = false,
                Symptom = false,
                IncludeRecentlyResolved = true,
                FromEventId = "20000",
                PageSize = 50,
            },
            "7.0.22");

        Assert.That(sent.Single(), Is.EqualTo(
            """{"jsonrpc":"2.0","method":"problem.get","params":{"output":"extend","selectTags":"extend","time_from":1796000000,"acknowledged":false,"severities":[3,4,5],"hostids":["10559","10560"],"evaltype":2,"tags":[{"tag":"service","value":"billing","operator":0},{"tag":"env","operator":4}],"suppressed":false,"symptom":false,"recent":true,"eventid_from":"20000","sortfield":"eventid","sortorder":"ASC","limit":50},"id":1}"""));
    }

    [Test]
    public async Task With_no_filter_only_the_output_the_sort_and_the_default_page_size_are_sent()
    {
        var sent = await SendAsync(new ProblemQuery(), "7.0.22");

        Assert.That(sent.Single(), Is.EqualTo(
            """{"jsonrpc":"2.0","method":"problem.get","params":{"output":"extend","selectTags":"extend","sortfield":"eventid","sortorder":"ASC","limit":100},"id":1}"""));
    }

    [Test]
    public async Task Before_6_4_the_token_travels_in_the_auth_field()
    {
        var sent = await SendAsync(new ProblemQuery { Suppressed = true, PageSize = 1 }, "6.0.14");

        Assert.That(sent.Single(), Is.EqualTo(
            $$"""{"jsonrpc":"2.0","method":"problem.get","params":{"output":"extend","selectTags":"extend","suppressed":true,"sortfield":"eventid","sortorder":"ASC","limit":1},"auth":"{{ZabbixTest.Token}}","id":1}"""));
    }

    [Test]
    public async Task A_7_0_answer_reads_into_typed_problems()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("problem.get").Result("[" + Problem70 + "]");
        using var client = ZabbixTest.Client(mock, "7.0.22");

        var page = await client.GetProblemPageAsync(new ProblemQuery());
        var p = page.Problems.Single();

        Assert.Multiple(() =>
        {
            Assert.That((p.EventId, p.ObjectId, p.Name, p.Severity), Is.EqualTo(("576", "25212", "CI problem", EventSeverity.Warning)));
            Assert.That(p.Time, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1796098863)));
            Assert.That((p.IsAcknowledged, p.IsSuppressed, p.IsResolved, p.RecoveryEventId, p.CauseEventId, p.OperationalData), Is.EqualTo((false, true, false, (string?)null, (string?)null, (string?)null)));
            Assert.That(p.Tags.Select(t => (t.Tag, t.Value)), Is.EqualTo(new[] { ("env", "prod"), ("service", "Billing-API") }));
            Assert.That(page.NextFromEventId, Is.Null);
        });
    }

    [Test]
    public async Task A_6_0_answer_reads_recovery_acknowledgement_and_operational_data()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("problem.get").Result("[" + Problem60 + "]");
        using var client = ZabbixTest.Client(mock, "6.0.14");

        var p = (await client.GetProblemPageAsync(new ProblemQuery { IncludeRecentlyResolved = true })).Problems.Single();

        Assert.Multiple(() =>
        {
            Assert.That((p.EventId, p.Name, p.Severity, p.IsAcknowledged, p.IsSuppressed), Is.EqualTo(("20438", "Disk full on db-01", EventSeverity.High, true, false)));
            Assert.That((p.IsResolved, p.RecoveryEventId, p.OperationalData, p.CauseEventId), Is.EqualTo((true, "20440", "Free: 1%", (string?)null)));
            Assert.That(p.Tags, Is.Empty);
        });
    }

    [TestCase("eventid", "\"x1\"")]
    [TestCase("eventid", "\"\"")]
    [TestCase("clock", "\"yesterday\"")]
    [TestCase("severity", "\"high\"")]
    [TestCase("acknowledged", "\"yes\"")]
    [TestCase("suppressed", "\"1.5\"")]
    [TestCase("r_eventid", "\"none\"")]
    [TestCase("objectid", "\"-1\"")]
    [TestCase("tags", "\"env\"")]
    public async Task A_malformed_field_fails_the_answer_as_an_invalid_response(string field, string value)
    {
        var problem = System.Text.Json.Nodes.JsonNode.Parse(Problem70)!.AsObject();
        problem[field] = System.Text.Json.Nodes.JsonNode.Parse(value);
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("problem.get").Result("[" + problem.ToJsonString() + "]");
        using var client = ZabbixTest.Client(mock, "7.0.22");

        var failure = Assert.ThrowsAsync<InvalidResponseException>(() => client.GetProblemPageAsync(new ProblemQuery()));

        Assert.That(failure!.Error.Operation, Is.EqualTo("problem.get"));
    }

    [TestCase("eventid")]
    [TestCase("clock")]
    [TestCase("severity")]
    [TestCase("acknowledged")]
    public async Task A_missing_required_field_fails_the_answer_as_an_invalid_response(string field)
    {
        var problem = System.Text.Json.Nodes.JsonNode.Parse(Problem70)!.AsObject();
        problem.Remove(field);
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("problem.get").Result("[" + problem.ToJsonString() + "]");
        using var client = ZabbixTest.Client(mock, "7.0.22");

        Assert.ThrowsAsync<InvalidResponseException>(() => client.GetProblemPageAsync(new ProblemQuery()));
        await Task.CompletedTask;
    }

    [Test]
    public async Task The_enumerable_pages_from_one_past_the_last_id_until_a_page_is_not_full()
    {
        using var mock = new MockHttpMessageHandler();
        var bodies = new List<string>();
        var answers = new Queue<string>(["[" + Row("5") + "," + Row("7") + "]", "[" + Row("9") + "]"]);
        mock.Rpc("problem.get").Respond(r =>
        {
            bodies.Add(r.Content!.ReadAsStringAsync().GetAwaiter().GetResult());
            return ZabbixTest.Json($$"""{"jsonrpc":"2.0","result":{{answers.Dequeue()}},"id":{{ZabbixTest.Body(r)["id"]!.ToJsonString()}}}""");
        });
        using var client = ZabbixTest.Client(mock, "7.0.22");

        var ids = new List<string>();
        await foreach (var problem in client.GetProblemsAsync(new ProblemQuery { PageSize = 2, MinimumSeverity = EventSeverity.Disaster }))
        {
            ids.Add(problem.EventId);
        }

        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.EqualTo(new[] { "5", "7", "9" }));
            Assert.That(bodies, Has.Count.EqualTo(2));
            Assert.That(bodies[0], Does.Contain("\"severities\":[5],").And.Not.Contain("eventid_from"));
            Assert.That(bodies[1], Does.Contain("\"severities\":[5],\"eventid_from\":\"8\",\"sortfield\":\"eventid\",\"sortorder\":\"ASC\",\"limit\":2}"));
        });
    }

    [Test]
    public async Task A_full_last_page_costs_one_more_request_that_answers_nothing()
    {
        using var mock = new MockHttpMessageHandler();
        var first = mock.Rpc("problem.get", expect: true).Result("[" + Row("1") + "]");
        var second = mock.Rpc("problem.get", expect: true).With(r => ZabbixTest.Body(r)["params"]!["eventid_from"]!.GetValue<string>() == "2").Result("[]");
        using var client = ZabbixTest.Client(mock, "7.0.22");

        var count = 0;
        await foreach (var unused in client.GetProblemsAsync(new ProblemQuery { PageSize = 1, FromEventId = "1" }))
        {
            count++;
        }

        mock.VerifyNoOutstandingExpectation();
        Assert.That((count, mock.GetMatchCount(first), mock.GetMatchCount(second)), Is.EqualTo((1, 1, 1)));
    }

    [Test]
    public async Task A_single_page_says_where_the_next_one_starts_only_when_it_is_full()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("problem.get").Result("[" + Row("18446744073709551614") + "," + Row("41") + "]");
        using var client = ZabbixTest.Client(mock, "7.0.22");

        var full = await client.GetProblemPageAsync(new ProblemQuery { PageSize = 2 });
        var partial = await client.GetProblemPageAsync(new ProblemQuery { PageSize = 3 });

        Assert.That((full.NextFromEventId, partial.NextFromEventId), Is.EqualTo(("18446744073709551615", (string?)null)));
    }

    [Test]
    public async Task An_answer_below_eventid_from_is_refused_instead_of_paging_for_ever()
    {
        using var mock = new MockHttpMessageHandler();
        var calls = mock.Rpc("problem.get").Result("[" + Row("3") + "]");
        using var client = ZabbixTest.Client(mock, "7.0.22");

        var failure = Assert.ThrowsAsync<InvalidResponseException>(async () =>
        {
            await foreach (var unused in client.GetProblemsAsync(new ProblemQuery { PageSize = 1, FromEventId = "10" }))
            {
            }
        });

        Assert.That(failure!.Message, Does.StartWith("Zabbix answered 'problem.get' with event ids below eventid_from 10"));
        Assert.That(mock.GetMatchCount(calls), Is.EqualTo(1));
        await Task.CompletedTask;
    }

    [TestCase(HttpStatusCode.BadGateway)]
    [TestCase(HttpStatusCode.ServiceUnavailable)]
    public async Task A_problem_read_is_retried_after_a_server_error(HttpStatusCode status)
    {
        using var mock = new MockHttpMessageHandler();
        var failed = mock.Rpc("problem.get", expect: true).Respond(status);
        var ok = mock.Rpc("problem.get", expect: true).Result("[" + Row("4") + "]");
        using var client = ZabbixTest.Client(mock, "7.0.22");

        var page = await client.GetProblemPageAsync(new ProblemQuery());

        mock.VerifyNoOutstandingExpectation();
        Assert.That((page.Problems.Single().EventId, mock.GetMatchCount(failed) + mock.GetMatchCount(ok)), Is.EqualTo(("4", 2)));
    }

    [Test]
    public void A_null_query_is_refused_at_the_call()
    {
        using var mock = new MockHttpMessageHandler();
        using var client = ZabbixTest.Client(mock, "7.0.22");

        Assert.Throws<ArgumentNullException>(() => client.GetProblemsAsync(null!));
        Assert.ThrowsAsync<ArgumentNullException>(() => client.GetProblemPageAsync(null!));
    }

    private static string Row(string id) =>
        $$"""{"eventid":"{{id}}","objectid":"1","clock":"1700000000","name":"p","acknowledged":"0","severity":"5","suppressed":"0","r_eventid":"0","opdata":"","tags":[]}""";

    private static async Task<List<string>> SendAsync(ProblemQuery query, string version)
    {
        using var mock = new MockHttpMessageHandler();
        var bodies = new List<string>();
        mock.Rpc("problem.get").Respond(r =>
        {
            bodies.Add(r.Content!.ReadAsStringAsync().GetAwaiter().GetResult());
            return ZabbixTest.Json($$"""{"jsonrpc":"2.0","result":[],"id":{{ZabbixTest.Body(r)["id"]!.ToJsonString()}}}""");
        });
        using var client = ZabbixTest.Client(mock, version);
        await client.GetProblemPageAsync(query);
        return bodies;
    }
}
