using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentSdk.Validation;
using static System.FormattableString;

namespace IncidentSdk.Tests.Hostile;

/// <summary>
/// Random hostile COC requests: each is either refused by the validator with exactly the rules the spec predicts and
/// nothing sent, or sent once with every field equal to the input, never truncated, escaped wrongly or replaced.
/// </summary>
public class CocHostileRequestTests : HostileRequestSuite
{
    private const int Seed = 20240322;

    private IncidentClient _client = null!;

    [SetUp]
    public void SetUp()
    {
        _client = CocTest.Client(Transport, o =>
        {
            o.Resilience.MaxRetries = 0;
            o.Resilience.CircuitBreaker.Enabled = false;
        });
    }

    [TearDown]
    public void TearDown()
    {
        _client.Dispose();
    }

    [Test]
    public Task Random_requests_are_refused_by_the_documented_rules_or_sent_exactly_as_given() =>
        RandomCases.RunAsync(Seed, 3000, CocRequestCase.Random, CheckAsync, () => Transport.Requests.Count);

    [Test]
    public async Task Field_limits_count_utf16_units_on_both_sides_of_each_boundary_with_non_bmp_text()
    {
        var random = new Random(Seed + 1);
        var failures = new List<string>();
        var fields = new (string Path, int Limit)[]
        {
            ("incident_num", HandleIncidentRequest.MaxFieldLength),
            ("operator", HandleIncidentRequest.MaxFieldLength),
            ("operate_key", HandleIncidentRequest.MaxFieldLength),
            ("parameter.virtual_confirm_comment", VerificationParameter.MaxCommentLength),
        };
        var checkedCases = 0;
        foreach (var (path, limit) in fields)
        {
            foreach (var length in new[] { limit - 1, limit, limit + 1 })
            {
                for (var fill = 0; fill < 3; fill++)
                {
                    for (var repeat = 0; repeat < 4; repeat++)
                    {
                        var text = fill switch
                        {
                            0 => new string('a', length),
                            1 => HostileText.NonBmpOnly(random, length),
                            _ => HostileText.Make(random, length),
                        };
                        Assert.That(text, Has.Length.EqualTo(length));
                        var @case = path switch
                        {
                            "incident_num" => CocRequestCase.Build(CocApi.Accept, text, CocTest.Operator, OperateKey.AcceptedIncident, null),
                            "operator" => CocRequestCase.Build(CocApi.Accept, CocTest.IncidentNumber, text, OperateKey.AcceptedIncident, null),
                            "operate_key" => CocRequestCase.Build(CocApi.Handle, CocTest.IncidentNumber, CocTest.Operator, new OperateKey(text), new RawIncidentParameter()),
                            _ => CocRequestCase.Build(CocApi.Confirm, CocTest.IncidentNumber, CocTest.Operator, OperateKey.Confirm, new VerificationParameter(false, text)),
                        };
                        var expected = length > limit ? new[] { (path, ValidationRules.MaxLength) } : [];
                        Assert.That(@case.ExpectedErrors(), Is.EqualTo(expected), path);
                        await CheckCaseAsync(failures, Invariant($"seed {Seed + 1}, {path} of {length} units (fill {fill})"), @case, CheckAsync);
                        checkedCases++;
                    }
                }
            }
        }

        AssertNoFailures(failures);
        Assert.That(checkedCases, Is.EqualTo(4 * 3 * 3 * 4));
    }

    [Test]
    public async Task The_parameter_limit_counts_the_characters_of_the_json_sent_exactly_at_2047_2048_and_2049()
    {
        var random = new Random(Seed + 2);
        var failures = new List<string>();
        foreach (var target in new[] { 2047, 2048, 2049, 2050, 4096 })
        {
            for (var repeat = 0; repeat < 12; repeat++)
            {
                var typed = repeat % 2 == 0;
                var filler = Fill(random, target - Overhead(typed));
                var @case = typed
                    ? CocRequestCase.Build(CocApi.CommitSolution, CocTest.IncidentNumber, CocTest.Operator, OperateKey.CommitSolution, new SolutionParameter(IncidentCategory.ConfigIssues, true, filler, "s"))
                    : CocRequestCase.Build(CocApi.Handle, CocTest.IncidentNumber, CocTest.Operator, OperateKey.ForwardOther, new RawIncidentParameter(new JsonObject { ["k"] = filler }));
                Assert.That(JsonWire.Compact(@case.ExpectedParameter), Has.Length.EqualTo(target), "the case builder's own arithmetic");
                var expected = target > HandleIncidentRequest.MaxParameterLength ? new[] { ("parameter", ValidationRules.MaxLength) } : [];
                Assert.That(@case.ExpectedErrors(), Is.EqualTo(expected));
                await CheckCaseAsync(failures, Invariant($"seed {Seed + 2}, parameter of {target} characters"), @case, CheckAsync);
            }
        }

        AssertNoFailures(failures);

        static int Overhead(bool typed) => typed
            ? JsonWire.Compact(new JsonObject { ["mtm_type"] = "inc_type_p_config_issues", ["is_service_interrupt"] = true, ["cause"] = string.Empty, ["solution"] = "s" }).Length
            : JsonWire.Compact(new JsonObject { ["k"] = string.Empty }).Length;
    }

    [Test]
    public async Task Raw_nesting_is_refused_past_63_levels_and_sent_exactly_up_to_it()
    {
        var random = new Random(Seed + 4);
        var failures = new List<string>();
        var keys = new[] { OperateKey.ForwardOther, OperateKey.IncidentPause, new OperateKey("someFutureAction") };
        foreach (var levels in new[] { 1, 2, 62, 63, 64, 65, 200 })
        {
            for (var repeat = 0; repeat < 10; repeat++)
            {
                var values = CocRequestCase.Deep(random, levels);
                Assert.That(CocRequestCase.Depth(values), Is.EqualTo(levels), "the case builder's own arithmetic");
                var @case = CocRequestCase.Build(CocApi.Handle, CocTest.IncidentNumber, CocTest.Operator, keys[repeat % keys.Length], new RawIncidentParameter(values));
                if (levels > 63)
                {
                    Assert.That(@case.ExpectedErrors(), Is.EqualTo(new[] { ("parameter", "max-depth") }));
                }

                await CheckCaseAsync(failures, Invariant($"seed {Seed + 4}, {levels} levels"), @case, CheckAsync);
            }
        }

        AssertNoFailures(failures);
    }

    [Test]
    public async Task A_lone_surrogate_is_refused_with_an_sdk_exception_and_never_sent_replaced()
    {
        var master = new Random(Seed + 3);
        var byField = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        const int Cases = 300;
        for (var i = 0; i < Cases; i++)
        {
            var caseSeed = master.Next();
            var random = new Random(caseSeed);
            var (field, lone, locate, @case) = LoneSurrogateCase(random);
            var validation = HandleIncidentRequestValidator.Validate(@case.Request);
            var problem = await LoneSurrogateProblemAsync(
                () => CallAsync(@case),
                body => HostileText.Show(lone, 160) + " written as " + HostileText.Show(locate(body), 160),
                _ => validation.Errors.Any(e => e.Path == field || (field.StartsWith("parameter", StringComparison.Ordinal) && e.Path.StartsWith("parameter", StringComparison.Ordinal)))
                    ? null
                    : "the validation errors do not name " + field + ": " + validation);
            if (problem is not null)
            {
                if (!byField.TryGetValue(field, out var list))
                {
                    byField[field] = list = [];
                }

                list.Add(Invariant($"seed {Seed + 3}, case {i} (case seed {caseSeed}): {problem}"));
            }
        }

        Assert.That(byField.Count, Is.Zero, string.Join("\n\n", byField.Select(f => Invariant($"lone surrogate in {f.Key}: {f.Value.Count} failing cases; first:\n    {f.Value[0]}"))));
    }

    /// <summary>Runs one case: validator verdict, client outcome and wire bytes. Returns what went wrong, or null.</summary>
    private Task<string?> CheckAsync(CocRequestCase @case)
    {
        var validation = HandleIncidentRequestValidator.Validate(@case.Request);
        return CheckAsync(
            validation.Errors,
            @case.ExpectedErrors(),
            () => CallAsync(@case),
            refused => refused.Errors.Select(e => (e.Path, e.Rule)).SequenceEqual(validation.Errors.Select(e => (e.Path, e.Rule)))
                ? null
                : "the exception's errors differ from Validate's: " + refused.Message,
            (result, sent) => result.ErrorCode != "GOM.00000000" ? "the result's code is " + result.ErrorCode : CheckWire(@case, sent));
    }

    private static string? CheckWire(CocRequestCase @case, SentRequest sent) => sent.Uri != CocTest.HandleUrl
        ? "posted to " + sent.Uri
        : CheckBody(
            sent.Body,
            _ => new JsonObject
            {
                ["incident_num"] = @case.IncidentNumber,
                ["operator"] = @case.Operator,
                ["operate_key"] = @case.Key.Value,
                ["parameter"] = @case.ExpectedParameter.DeepClone(),
            },
            body =>
            {
                var parameterText = body.GetProperty("parameter").GetRawText();
                var expectedLength = JsonWire.Compact(@case.ExpectedParameter).Length;
                return parameterText.Length != expectedLength || parameterText.Length > HandleIncidentRequest.MaxParameterLength
                    ? Invariant($"the parameter took {parameterText.Length} characters on the wire; expected {expectedLength}, at most {HandleIncidentRequest.MaxParameterLength}")
                    : null;
            });

    private Task<HandleIncidentResult> CallAsync(CocRequestCase @case) => @case.Api switch
    {
        CocApi.Accept => _client.AcceptAsync(@case.IncidentNumber!, @case.Operator!),
        CocApi.CommitSolution => _client.CommitSolutionAsync(@case.IncidentNumber!, @case.Operator!, (SolutionParameter)@case.Parameter!),
        CocApi.Confirm => _client.ConfirmAsync(@case.IncidentNumber!, @case.Operator!, (VerificationParameter)@case.Parameter!),
        _ => _client.HandleAsync(@case.Request),
    };

    /// <summary>
    /// A valid request with one lone surrogate in one field: the field's path, the text with the surrogate, where that
    /// text lands in a sent body, and the case.
    /// </summary>
    private static (string Field, string Lone, Func<JsonElement, string?> Locate, CocRequestCase Case) LoneSurrogateCase(Random random)
    {
        string Valid(int max) => HostileText.Make(random, 1 + random.Next(max));
        var lone = HostileText.WithLoneSurrogate(random, HostileText.Make(random, random.Next(12)));
        var incident = Valid(60);
        var @operator = Valid(60);
        Func<JsonElement, string?> top(string name) => body => body.GetProperty(name).GetString();
        Func<JsonElement, string?> inParameter(string name) => body => body.GetProperty("parameter").GetProperty(name).GetString();
        return random.Next(9) switch
        {
            0 => ("incident_num", lone, top("incident_num"), CocRequestCase.Build(CocApi.Accept, lone, @operator, OperateKey.AcceptedIncident, null)),
            1 => ("operator", lone, top("operator"), CocRequestCase.Build(CocApi.Accept, incident, lone, OperateKey.AcceptedIncident, null)),
            2 => ("operate_key", lone, top("operate_key"), CocRequestCase.Build(CocApi.Handle, incident, @operator, new OperateKey(lone), new RawIncidentParameter())),
            3 => ("parameter.mtm_type", lone, inParameter("mtm_type"), CocRequestCase.Build(CocApi.CommitSolution, incident, @operator, OperateKey.CommitSolution, new SolutionParameter(new IncidentCategory(lone), false, Valid(200), Valid(200)))),
            4 => ("parameter.cause", lone, inParameter("cause"), CocRequestCase.Build(CocApi.CommitSolution, incident, @operator, OperateKey.CommitSolution, new SolutionParameter(IncidentCategory.ChangeIssues, true, lone, Valid(200)))),
            5 => ("parameter.solution", lone, inParameter("solution"), CocRequestCase.Build(CocApi.CommitSolution, incident, @operator, OperateKey.CommitSolution, new SolutionParameter(IncidentCategory.ChangeIssues, true, Valid(200), lone))),
            6 => ("parameter.virtual_confirm_comment", lone, inParameter("virtual_confirm_comment"), CocRequestCase.Build(CocApi.Confirm, incident, @operator, OperateKey.Confirm, new VerificationParameter(true, lone))),
            7 => ("parameter (a key)", lone, body => body.GetProperty("parameter").EnumerateObject().Single().Name, CocRequestCase.Build(CocApi.Handle, incident, @operator, OperateKey.ForwardOther, new RawIncidentParameter(new JsonObject { [lone] = Valid(20) }))),
            _ => ("parameter (a nested value)", lone, body => body.GetProperty("parameter").GetProperty("outer")[1].GetProperty("inner").GetString(), CocRequestCase.Build(CocApi.Handle, incident, @operator, OperateKey.IncidentPause, new RawIncidentParameter(new JsonObject { ["outer"] = new JsonArray(Valid(5), new JsonObject { ["inner"] = lone }) }))),
        };
    }

    /// <summary>Text whose JSON string literal takes exactly <paramref name="cost"/> characters, from hostile characters of every escape width.</summary>
    private static string Fill(Random random, int cost)
    {
        var text = new StringBuilder();
        var used = 0;
        while (used < cost)
        {
            var piece = HostileText.Make(random, 1 + random.Next(2));
            if (HostileText.HasLoneSurrogate(piece))
            {
                continue;
            }

            var width = JsonWire.EscapedLength(piece);
            if (used + width <= cost)
            {
                text.Append(piece);
                used += width;
            }
            else if (cost - used < 12)
            {
                text.Append('a', cost - used);
                used = cost;
            }
        }

        return text.ToString();
    }

    private protected override HttpResponseMessage Answer(HttpRequestMessage request, byte[] body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(CocBodies.Success, Encoding.UTF8, "application/json") };
}
