using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using IncidentSdk.Coc;
using IncidentSdk.Tests.Support;
using IncidentSdk.Validation;
using NUnit.Framework;
using RichardSzalay.MockHttp;

namespace IncidentSdk.Tests.Coc;

public class HandleIncidentRequestValidatorTests
{
    private const string Ticket = CocTest.IncidentNumber;
    private const string Op = CocTest.Operator;

    [Test]
    public void The_three_seed_requests_are_valid()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Validate(new(Ticket, Op, OperateKey.AcceptedIncident)).IsValid, Is.True);
            Assert.That(Validate(new(Ticket, Op, OperateKey.CommitSolution, new SolutionParameter(IncidentCategory.ConfigIssues, true, "100001", "20001"))).IsValid, Is.True);
            Assert.That(Validate(new(Ticket, Op, OperateKey.Confirm, new VerificationParameter(false, "13"))).IsValid, Is.True);
        });
    }

    [TestCase("incident_num")]
    [TestCase("operator")]
    [TestCase("operate_key")]
    public void Top_level_fields_allow_255_characters_and_reject_256(string field)
    {
        var ok = Validate(WithField(field, new string('x', 255)));
        var tooLong = Validate(WithField(field, new string('x', 256)));

        Assert.Multiple(() =>
        {
            Assert.That(ok.Errors.Where(e => e.Path == field), Is.Empty);
            AssertSingle(tooLong, field, ValidationRules.MaxLength, "256 characters long; at most 255");
        });
    }

    [TestCase("incident_num", "")]
    [TestCase("incident_num", null)]
    [TestCase("operator", "")]
    [TestCase("operator", null)]
    [TestCase("operate_key", "")]
    public void Top_level_fields_are_required(string field, string? value) =>
        AssertSingle(Validate(WithField(field, value)), field, ValidationRules.Required, "required");

    [Test]
    public void A_default_operate_key_is_required() =>
        AssertSingle(Validate(new(Ticket, Op, default)), "operate_key", ValidationRules.Required, "required");

    [Test]
    public void Solution_texts_allow_10000_characters_and_reject_10001()
    {
        // 10000 characters cannot fit the 2048-character parameter limit; both rules are reported.
        var ok = Validate(new(Ticket, Op, OperateKey.CommitSolution, new SolutionParameter("t", true, new string('c', 10000), "s")));
        var tooLong = Validate(new(Ticket, Op, OperateKey.CommitSolution, new SolutionParameter("t", true, "c", new string('s', 10001))));

        Assert.Multiple(() =>
        {
            Assert.That(ok.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "parameter/max-length" }));
            Assert.That(tooLong.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "parameter.solution/max-length", "parameter/max-length" }));
        });
    }

    [Test]
    public void Solution_fields_are_required()
    {
        var result = Validate(new(Ticket, Op, OperateKey.CommitSolution, new SolutionParameter(default, false, "", "")));

        Assert.That(result.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[]
        {
            "parameter.mtm_type/required", "parameter.cause/required", "parameter.solution/required",
        }));
    }

    [Test]
    public void Times_must_be_non_negative_and_in_order()
    {
        var negative = Validate(new(Ticket, Op, OperateKey.CommitSolution, new SolutionParameter("t", true, "c", "s") { StartTime = -1 }));
        var reversed = Validate(new(Ticket, Op, OperateKey.CommitSolution, new SolutionParameter("t", true, "c", "s") { StartTime = 20, FaultRecoveryTime = 10 }));

        Assert.Multiple(() =>
        {
            AssertSingle(negative, "parameter.start_time", ValidationRules.Range, "negative");
            AssertSingle(reversed, "parameter.fault_recovery_time", ValidationRules.Range, "earlier than start_time");
        });
    }

    [Test]
    public void Verification_comment_allows_300_characters_and_rejects_301()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Validate(new(Ticket, Op, OperateKey.Confirm, new VerificationParameter(true, new string('x', 300)))).IsValid, Is.True);
            AssertSingle(Validate(new(Ticket, Op, OperateKey.Confirm, new VerificationParameter(true, new string('x', 301)))), "parameter.virtual_confirm_comment", ValidationRules.MaxLength, "301");
            AssertSingle(Validate(new(Ticket, Op, OperateKey.Confirm, new VerificationParameter(true, ""))), "parameter.virtual_confirm_comment", ValidationRules.Required, "required");
        });
    }

    [TestCase("commitSolution1")]
    [TestCase("confirm")]
    public void Solution_and_confirm_require_a_parameter(string key) =>
        AssertSingle(Validate(new(Ticket, Op, key)), "parameter", ValidationRules.Required, key);

    [Test]
    public void A_typed_parameter_under_the_wrong_key_is_reported()
    {
        AssertSingle(
            Validate(new(Ticket, Op, OperateKey.Confirm, new SolutionParameter("t", true, "c", "s"))),
            "parameter",
            ValidationRules.Type,
            "belongs to operate_key 'commitSolution1', not 'confirm'");
    }

    [Test]
    public void The_serialized_parameter_allows_2048_characters_and_rejects_2049()
    {
        // {"k":"…"} is 8 characters of JSON around the value.
        var ok = new RawIncidentParameter { ["k"] = new string('v', 2040) };
        var tooLong = new RawIncidentParameter { ["k"] = new string('v', 2041) };

        Assert.Multiple(() =>
        {
            Assert.That(HandleIncidentRequestValidator.SerializedLength(ok), Is.EqualTo(2048));
            Assert.That(Validate(new(Ticket, Op, OperateKey.ForwardOther, ok)).IsValid, Is.True);
            AssertSingle(Validate(new(Ticket, Op, OperateKey.ForwardOther, tooLong)), "parameter", ValidationRules.MaxLength, "2049 characters of JSON; at most 2048");
        });
    }

    [Test]
    public void Chinese_text_counts_as_characters_not_escapes()
    {
        var parameter = new RawIncidentParameter { ["k"] = new string('中', 2040) };

        Assert.That(HandleIncidentRequestValidator.SerializedLength(parameter), Is.EqualTo(2048));
    }

    [Test]
    public void A_raw_solution_is_checked_for_the_documented_keys_and_types()
    {
        var raw = new RawIncidentParameter(new JsonObject
        {
            ["mtm_type"] = 5,
            ["is_service_interrupt"] = "true",
            ["cause"] = "c",
            ["start_time"] = "yesterday",
        });

        var result = Validate(new(Ticket, Op, OperateKey.CommitSolution, raw));

        Assert.That(result.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[]
        {
            "parameter.mtm_type/type", "parameter.is_service_interrupt/type", "parameter.solution/required", "parameter.start_time/type",
        }));
    }

    [Test]
    public void A_raw_verification_is_checked_for_the_documented_keys()
    {
        var result = Validate(new(Ticket, Op, OperateKey.Confirm, new RawIncidentParameter { ["virtual_confirm_comment"] = new string('x', 301) }));

        Assert.That(result.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[]
        {
            "parameter.virtual_confirm_result/required", "parameter.virtual_confirm_comment/max-length",
        }));
    }

    [Test]
    public void Undocumented_keys_accept_any_parameter_map()
    {
        var raw = new RawIncidentParameter { ["anything"] = new JsonArray(1, 2), ["nested"] = new JsonObject { ["x"] = true } };

        Assert.That(Validate(new(Ticket, Op, "someFutureAction", raw)).IsValid, Is.True);
    }

    [Test]
    public void Every_violation_is_reported_at_once_in_field_order()
    {
        var result = Validate(new("", new string('o', 256), OperateKey.CommitSolution, new SolutionParameter("t", true, "", "s")));

        Assert.That(result.Errors.Select(e => e.Path), Is.EqualTo(new[] { "incident_num", "operator", "parameter.cause" }));
    }

    [Test]
    public void The_client_throws_a_validation_exception_and_sends_nothing()
    {
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond("application/json", CocBodies.Success);
        using var client = CocTest.Client(mock);

        var error = Assert.ThrowsAsync<RequestValidationException>(() =>
            client.CommitSolutionAsync("", Op, new SolutionParameter("t", true, new string('c', 10001), "s")));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(any), Is.Zero, "nothing sent");
            Assert.That(error!.Errors.Select(e => e.Path), Is.EqualTo(new[] { "incident_num", "parameter.cause", "parameter" }));
            Assert.That(error.Message, Does.Contain("HandleIncidentRequest breaks 3 rules and was not sent"));
            Assert.That(error.RequestMayHaveReachedServer, Is.False);
        });
    }

    private static ValidationResult Validate(HandleIncidentRequest request) => HandleIncidentRequestValidator.Validate(request);

    private static HandleIncidentRequest WithField(string field, string? value) => field switch
    {
        "incident_num" => new HandleIncidentRequest(value!, Op, OperateKey.AcceptedIncident),
        "operator" => new HandleIncidentRequest(Ticket, value!, OperateKey.AcceptedIncident),
        _ => new HandleIncidentRequest(Ticket, Op, new OperateKey(value!)),
    };

    private static void AssertSingle(ValidationResult result, string path, string rule, string messagePart)
    {
        Assert.That(result.Errors, Has.Count.EqualTo(1), result.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(result.Errors[0].Path, Is.EqualTo(path));
            Assert.That(result.Errors[0].Rule, Is.EqualTo(rule));
            Assert.That(result.Errors[0].Message, Does.Contain(messagePart));
        });
    }
}
