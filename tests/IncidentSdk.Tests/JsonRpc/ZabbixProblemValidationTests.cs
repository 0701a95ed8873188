using System;
using System.Linq;
using System.Threading.Tasks;
using IncidentSdk.JsonRpc;
using IncidentSdk.Tests.Support;
using IncidentSdk.Validation;
using NUnit.Framework;
using RichardSzalay.MockHttp;

namespace IncidentSdk.Tests.JsonRpc;

/// <summary><see cref="ProblemQueryValidator"/> at every limit, and the client refusing an invalid query before anything is sent.</summary>
public class ZabbixProblemValidationTests
{
    private static readonly DateTimeOffset LastTimestamp = DateTimeOffset.FromUnixTimeSeconds(int.MaxValue);

    [TestCase(0, false)]
    [TestCase(1, true)]
    [TestCase(ProblemQuery.MaxPageSize, true)]
    [TestCase(ProblemQuery.MaxPageSize + 1, false)]
    [TestCase(-1, false)]
    public void The_page_size_is_1_to_the_maximum(int size, bool valid) =>
        AssertRule(new ProblemQuery { PageSize = size }, valid, "limit", ValidationRules.Range);

    [TestCase(-1L, false)]
    [TestCase(0L, true)]
    [TestCase(2147483647L, true)]
    [TestCase(2147483648L, false)]
    public void Since_is_a_timestamp_from_1970_to_2038(long seconds, bool valid) =>
        AssertRule(new ProblemQuery { Since = DateTimeOffset.FromUnixTimeSeconds(seconds) }, valid, "time_from", ValidationRules.Range);

    [TestCase(-1, false)]
    [TestCase(0, true)]
    [TestCase(5, true)]
    [TestCase(6, false)]
    public void The_minimum_severity_is_0_to_5(int severity, bool valid) =>
        AssertRule(new ProblemQuery { MinimumSeverity = (EventSeverity)severity }, valid, "severities", ValidationRules.Range);

    [Test]
    public void An_empty_host_list_is_refused() =>
        AssertRule(new ProblemQuery { HostIds = [] }, false, "hostids", ValidationRules.Required);

    [TestCase("0", false)]
    [TestCase("abc", false)]
    [TestCase("-3", false)]
    [TestCase("10084", true)]
    public void Host_ids_are_positive_integers(string id, bool valid) =>
        AssertRule(new ProblemQuery { HostIds = ["10559", id] }, valid, "hostids[1]", ValidationRules.Format);

    [TestCase("", false)]
    [TestCase(null, false)]
    [TestCase("x", true)]
    public void A_tag_needs_a_name(string? name, bool valid) =>
        AssertRule(new ProblemQuery { Tags = [new ProblemTagFilter(name!, "v", ProblemTagOperator.Contains)] }, valid, "tags[0].tag", ValidationRules.Required);

    [TestCase(255, true)]
    [TestCase(256, false)]
    public void Tag_names_and_values_are_at_most_255_characters(int length, bool valid)
    {
        AssertRule(new ProblemQuery { Tags = [new ProblemTagFilter(new string('t', length), null, ProblemTagOperator.Contains)] }, valid, "tags[0].tag", ValidationRules.MaxLength);

        // Counted as Zabbix counts: code points, so 255 emoji (510 UTF-16 units) still fit.
        AssertRule(new ProblemQuery { Tags = [new ProblemTagFilter("t", string.Concat(Enumerable.Repeat("😀", length)), ProblemTagOperator.Equals)] }, valid, "tags[0].value", ValidationRules.MaxLength);
    }

    [TestCase(-1, false)]
    [TestCase(0, true)]
    [TestCase(5, true)]
    [TestCase(6, false)]
    public void A_tag_operator_is_0_to_5(int op, bool valid) =>
        AssertRule(new ProblemQuery { Tags = [new ProblemTagFilter("t", null, (ProblemTagOperator)op)] }, valid, "tags[0].operator", ValidationRules.Range);

    [TestCase(ProblemTagOperator.Exists)]
    [TestCase(ProblemTagOperator.NotExists)]
    public void Exists_and_not_exists_take_no_value(ProblemTagOperator op)
    {
        AssertRule(new ProblemQuery { Tags = [new ProblemTagFilter("t", "v", op)] }, false, "tags[0].value", ValidationRules.Unexpected);
        AssertRule(new ProblemQuery { Tags = [new ProblemTagFilter("t", null, op)] }, true, "tags[0].value", ValidationRules.Unexpected);
    }

    [Test]
    public void A_missing_tag_condition_is_refused() =>
        AssertRule(new ProblemQuery { Tags = [null!] }, false, "tags[0]", ValidationRules.Required);

    [TestCase(0, true)]
    [TestCase(1, false)]
    [TestCase(2, true)]
    [TestCase(3, false)]
    public void The_tag_evaluation_is_and_or_or_or(int evalType, bool valid) =>
        AssertRule(new ProblemQuery { TagEvaluation = (ProblemTagEvaluation)evalType }, valid, "evaltype", ValidationRules.Range);

    [TestCase("1", true)]
    [TestCase("0", false)]
    [TestCase("x", false)]
    [TestCase("", false)]
    public void Eventid_from_is_a_positive_integer(string from, bool valid) =>
        AssertRule(new ProblemQuery { FromEventId = from }, valid, "eventid_from", ValidationRules.Format);

    [TestCase("6.0.14", false)]
    [TestCase("6.2.9", false)]
    [TestCase("6.4.0", true)]
    [TestCase("7.0.22", true)]
    public void The_symptom_filter_needs_6_4_because_6_0_ignores_it(string version, bool valid)
    {
        AssertRule(new ProblemQuery { Symptom = true }, valid, "symptom", ValidationRules.Version, ZabbixVersion.Parse(version));
        Assert.That(ProblemQueryValidator.Validate(new ProblemQuery { Symptom = true }).IsValid, Is.True, "without a version the rule cannot apply");
    }

    [Test]
    public void Every_broken_rule_is_listed_at_once()
    {
        var result = ProblemQueryValidator.Validate(new ProblemQuery { PageSize = 0, Since = LastTimestamp.AddSeconds(1), HostIds = ["x"], Tags = [new ProblemTagFilter("", null, (ProblemTagOperator)9)] });

        Assert.That(result.Errors.Select(e => e.Path), Is.EqualTo(new[] { "limit", "time_from", "hostids[0]", "tags[0].tag", "tags[0].operator" }));
    }

    [Test]
    public void An_invalid_query_is_refused_before_anything_is_sent()
    {
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond(_ => ZabbixTest.Json("{}"));
        using var client = ZabbixTest.Client(mock, version: null);

        var page = Assert.ThrowsAsync<RequestValidationException>(() => client.GetProblemPageAsync(new ProblemQuery { PageSize = 0 }));
        var all = Assert.ThrowsAsync<RequestValidationException>(async () =>
        {
            await foreach (var unused in client.GetProblemsAsync(new ProblemQuery { MinimumSeverity = (EventSeverity)6 }))
            {
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(page!.Errors.Single().Path, Is.EqualTo("limit"));
            Assert.That(all!.Errors.Single().Path, Is.EqualTo("severities"));
            Assert.That(mock.GetMatchCount(any), Is.Zero);
        });
    }

    [Test]
    public void A_symptom_filter_on_6_0_is_refused_after_learning_the_version_and_problem_get_is_never_sent()
    {
        using var mock = new MockHttpMessageHandler();
        var version = mock.Rpc("apiinfo.version").Result("\"6.0.14\"");
        var problems = mock.Rpc("problem.get").Result("[]");
        using var client = ZabbixTest.Client(mock, version: null);

        var failure = Assert.ThrowsAsync<RequestValidationException>(() => client.GetProblemPageAsync(new ProblemQuery { Symptom = false }));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Errors.Single().Path, Is.EqualTo("symptom"));
            Assert.That(failure.Errors.Single().Rule, Is.EqualTo(ValidationRules.Version));
            Assert.That((mock.GetMatchCount(version), mock.GetMatchCount(problems)), Is.EqualTo((1, 0)));
        });
    }

    private static void AssertRule(ProblemQuery query, bool valid, string path, string rule, ZabbixVersion? version = null)
    {
        var errors = ProblemQueryValidator.Validate(query, version).Errors.Where(e => e.Path == path).ToList();
        if (valid)
        {
            Assert.That(errors, Is.Empty, string.Join("; ", errors));
        }
        else
        {
            Assert.That(errors.Select(e => e.Rule), Is.EqualTo(new[] { rule }));
        }
    }
}
