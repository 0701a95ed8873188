using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentSdk.Validation;

namespace IncidentSdk.Tests.Coc;

/// <summary>The exact error (field, rule and wording) for each rule of a handle request, at its boundaries.</summary>
public sealed class HandleIncidentRequestRuleTests
{
    private const string Ticket = CocTest.IncidentNumber;
    private const string Op = CocTest.Operator;

    [Test]
    public void A_missing_parameter_names_the_operate_key_that_needs_it()
    {
        Assert.Multiple(() =>
        {
            AssertExact(Validate(new(Ticket, Op, OperateKey.CommitSolution)), "parameter/required: is required for operate_key 'commitSolution1'.");
            AssertExact(Validate(new(Ticket, Op, OperateKey.Confirm)), "parameter/required: is required for operate_key 'confirm'.");
            AssertExact(Validate(new(Ticket, Op, OperateKey.AcceptedIncident)));
        });
    }

    [Test]
    public void A_typed_parameter_under_another_key_names_the_key_it_belongs_to()
    {
        Assert.Multiple(() =>
        {
            AssertExact(
                Validate(new(Ticket, Op, OperateKey.CommitSolution, new VerificationParameter(true, "ok"))),
                "parameter/type: a VerificationParameter belongs to operate_key 'confirm', not 'commitSolution1'.");
            AssertExact(
                Validate(new(Ticket, Op, OperateKey.ForwardOther, new SolutionParameter("t", true, "c", "s"))),
                "parameter/type: a SolutionParameter belongs to operate_key 'commitSolution1', not 'forwardOther1'.");
            AssertExact(
                Validate(new(Ticket, Op, OperateKey.AcceptedIncident, new VerificationParameter(false, "no"))),
                "parameter/type: a VerificationParameter belongs to operate_key 'confirm', not 'acceptedIncident1'.");
        });
    }

    [Test]
    public void Raw_values_of_the_wrong_json_kind_are_described_in_the_error()
    {
        var solution = new RawIncidentParameter(new JsonObject
        {
            ["mtm_type"] = 5,
            ["is_service_interrupt"] = "yes",
            ["cause"] = new JsonObject(),
            ["solution"] = new JsonArray(),
            ["start_time"] = true,
            ["fault_recovery_time"] = "later",
        });
        var verification = new RawIncidentParameter(new JsonObject
        {
            ["virtual_confirm_result"] = 1,
            ["virtual_confirm_comment"] = false,
        });
        var kinds = new RawIncidentParameter(new JsonObject
        {
            ["mtm_type"] = JsonValue.Create(JsonDocument.Parse("true").RootElement),
            ["is_service_interrupt"] = new JsonObject(),
            ["cause"] = new JsonArray(),
            ["solution"] = "s",
            ["start_time"] = new JsonArray(),
            ["fault_recovery_time"] = new JsonObject(),
        });

        Assert.Multiple(() =>
        {
            AssertExact(
                Validate(new(Ticket, Op, OperateKey.CommitSolution, solution)),
                "parameter.mtm_type/type: must be a JSON string, not a number.",
                "parameter.is_service_interrupt/type: must be JSON true or false, not a string.",
                "parameter.cause/type: must be a JSON string, not an object.",
                "parameter.solution/type: must be a JSON string, not an array.",
                "parameter.start_time/type: must be an integer timestamp, not a boolean.",
                "parameter.fault_recovery_time/type: must be an integer timestamp, not a string.");
            AssertExact(
                Validate(new(Ticket, Op, OperateKey.Confirm, verification)),
                "parameter.virtual_confirm_result/type: must be JSON true or false, not a number.",
                "parameter.virtual_confirm_comment/type: must be a JSON string, not a boolean.");
            AssertExact(
                Validate(new(Ticket, Op, OperateKey.CommitSolution, kinds)),
                "parameter.mtm_type/type: must be a JSON string, not a boolean.",
                "parameter.is_service_interrupt/type: must be JSON true or false, not an object.",
                "parameter.cause/type: must be a JSON string, not an array.",
                "parameter.start_time/type: must be an integer timestamp, not an array.",
                "parameter.fault_recovery_time/type: must be an integer timestamp, not an object.");
        });
    }

    [Test]
    public void Raw_keys_missing_or_null_are_required()
    {
        var solution = new RawIncidentParameter(new JsonObject { ["mtm_type"] = null, ["cause"] = "c" });
        var verification = new RawIncidentParameter(new JsonObject { ["virtual_confirm_result"] = null, ["virtual_confirm_comment"] = null });

        Assert.Multiple(() =>
        {
            AssertExact(
                Validate(new(Ticket, Op, OperateKey.CommitSolution, solution)),
                "parameter.mtm_type/required: is required and must not be empty.",
                "parameter.is_service_interrupt/required: is required and must not be empty.",
                "parameter.solution/required: is required and must not be empty.");
            AssertExact(
                Validate(new(Ticket, Op, OperateKey.Confirm, verification)),
                "parameter.virtual_confirm_result/required: is required and must not be empty.",
                "parameter.virtual_confirm_comment/required: is required and must not be empty.");
        });
    }

    [TestCase("int")]
    [TestCase("long")]
    [TestCase("parsed")]
    public void Raw_integer_times_are_checked_whatever_dotnet_type_holds_them(string holder)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Validate(RawSolution(holder, 10, 20)).IsValid, Is.True, "in order");
            Assert.That(Validate(RawSolution(holder, 10, 10)).IsValid, Is.True, "recovered at once");
            Assert.That(Validate(RawSolution(holder, 0, 0)).IsValid, Is.True, "zero is not negative");
            AssertExact(Validate(RawSolution(holder, 20, 10)), "parameter.fault_recovery_time/range: must not be earlier than start_time.");
            AssertExact(Validate(RawSolution(holder, 20, 0)), "parameter.fault_recovery_time/range: must not be earlier than start_time.");
            AssertExact(Validate(RawSolution(holder, -1, 5)), "parameter.start_time/range: must not be negative.");
            AssertExact(Validate(RawSolution(holder, 5, -1)), "parameter.fault_recovery_time/range: must not be negative.");
            AssertExact(
                Validate(RawSolution(holder, -5, -1)),
                "parameter.start_time/range: must not be negative.",
                "parameter.fault_recovery_time/range: must not be negative.");
        });
    }

    [Test]
    public void A_raw_time_that_is_a_number_but_not_an_integer_is_refused()
    {
        var fraction = RawSolutionWith(new JsonObject { ["start_time"] = JsonNode.Parse("1.5") });
        var tooBig = RawSolutionWith(new JsonObject { ["start_time"] = JsonNode.Parse("9223372036854775808") });
        var primitiveDouble = RawSolutionWith(new JsonObject { ["start_time"] = 2.0 });

        Assert.Multiple(() =>
        {
            AssertExact(Validate(fraction), "parameter.start_time/type: must be an integer timestamp, not a number.");
            AssertExact(Validate(tooBig), "parameter.start_time/type: must be an integer timestamp, not a number.");
            AssertExact(Validate(primitiveDouble), "parameter.start_time/type: must be an integer timestamp, not a number.");
        });
    }

    [Test]
    public void Typed_times_at_zero_and_equal_are_valid_and_a_recovery_at_zero_after_a_start_is_not()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Validate(Typed(0, 0)).IsValid, Is.True);
            Assert.That(Validate(Typed(7, 7)).IsValid, Is.True);
            Assert.That(Validate(Typed(null, -0)).IsValid, Is.True);
            AssertExact(Validate(Typed(7, 0)), "parameter.fault_recovery_time/range: must not be earlier than start_time.");
            AssertExact(Validate(Typed(null, -1)), "parameter.fault_recovery_time/range: must not be negative.");
            AssertExact(Validate(Typed(7, -1)), "parameter.fault_recovery_time/range: must not be negative.");
        });
    }

    [Test]
    public void Unsendable_text_anywhere_in_a_raw_parameter_is_reported_once_with_its_path()
    {
        var raw = new RawIncidentParameter(new JsonObject
        {
            ["list"] = new JsonArray("ok", "bad\uD800"),
            ["nested"] = new JsonObject { ["k\uDC00"] = 1 },
        });
        var solution = new RawIncidentParameter(new JsonObject
        {
            ["mtm_type"] = "t",
            ["is_service_interrupt"] = true,
            ["cause"] = "\uD800cause",
            ["solution"] = "s",
        });

        Assert.Multiple(() =>
        {
            AssertExact(
                Validate(new(Ticket, Op, OperateKey.ForwardOther, raw)),
                "parameter.list[1]/format: has an unpaired UTF-16 surrogate (U+D800) at index 3, which cannot be sent as UTF-8.",
                "parameter.nested.k\uDC00/format: has an unpaired UTF-16 surrogate (U+DC00) at index 1, which cannot be sent as UTF-8.");
            AssertExact(
                Validate(new(Ticket, Op, OperateKey.CommitSolution, solution)),
                "parameter.cause/format: has an unpaired UTF-16 surrogate (U+D800) at index 0, which cannot be sent as UTF-8.");
        });
    }

    [Test]
    public void A_json_element_holding_a_plain_value_is_not_a_level()
    {
        var parameter = new RawIncidentParameter(Nest(new JsonObject { ["v"] = JsonValue.Create(JsonDocument.Parse("\"text\"").RootElement) }, 61));

        Assert.That(Validate(new(Ticket, Op, OperateKey.ForwardOther, parameter)).IsValid, Is.True);
    }

    /// <summary>Puts <paramref name="inner"/> <paramref name="levels"/> objects down from the parameter object.</summary>
    private static JsonObject Nest(JsonObject inner, int levels)
    {
        var current = inner;
        for (var i = 0; i < levels; i++)
        {
            current = new JsonObject { ["a"] = current };
        }

        return current;
    }

    private static HandleIncidentRequest Typed(long? start, long? recovery) =>
        new(Ticket, Op, OperateKey.CommitSolution, new SolutionParameter("t", true, "c", "s") { StartTime = start, FaultRecoveryTime = recovery });

    private static HandleIncidentRequest RawSolution(string holder, long start, long recovery) => holder switch
    {
        "int" => RawSolutionWith(new JsonObject { ["start_time"] = (int)start, ["fault_recovery_time"] = (int)recovery }),
        "long" => RawSolutionWith(new JsonObject { ["start_time"] = start, ["fault_recovery_time"] = recovery }),
        _ => RawSolutionWith(JsonNode.Parse($$"""{"start_time":{{start}},"fault_recovery_time":{{recovery}}}""")!.AsObject()),
    };

    private static HandleIncidentRequest RawSolutionWith(JsonObject times)
    {
        var values = new JsonObject { ["mtm_type"] = "t", ["is_service_interrupt"] = false, ["cause"] = "c", ["solution"] = "s" };
        foreach (var (key, value) in times.ToList())
        {
            times.Remove(key);
            values[key] = value;
        }

        return new(Ticket, Op, OperateKey.CommitSolution, new RawIncidentParameter(values));
    }

    private static ValidationResult Validate(HandleIncidentRequest request) => HandleIncidentRequestValidator.Validate(request);

    private static void AssertExact(ValidationResult result, params string[] expected) =>
        Assert.That(result.Errors.Select(e => e.Path + "/" + e.Rule + ": " + e.Message), Is.EqualTo(expected));
}
