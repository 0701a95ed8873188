using System.Text.Json.Nodes;
using IncidentSdk.Validation;

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
            AssertSingle(tooLong, field, ValidationRules.MaxLength, "is 256 UTF-16 code units long; at most 255 are allowed (a character outside the Basic Multilingual Plane, such as an emoji, counts as two).");
        });
    }

    [TestCase("incident_num", "")]
    [TestCase("incident_num", null)]
    [TestCase("operator", "")]
    [TestCase("operator", null)]
    [TestCase("operate_key", "")]
    public void Top_level_fields_are_required(string field, string? value) =>
        AssertSingle(Validate(WithField(field, value)), field, ValidationRules.Required, "required");

    [TestCase("incident_num", "   ")]
    [TestCase("incident_num", "\t\r\n")]
    [TestCase("operator", " ")]
    [TestCase("operator", "\u00A0\u3000")]
    [TestCase("operate_key", "  ")]
    public void Top_level_fields_of_only_whitespace_are_refused_as_missing(string field, string value) =>
        AssertExact(Validate(WithField(field, value)), field + "/required: is only whitespace; a value is required.");

    [Test]
    public void Typed_parameter_texts_of_only_whitespace_are_refused_as_missing()
    {
        Assert.Multiple(() =>
        {
            AssertExact(
                Validate(new(Ticket, Op, OperateKey.CommitSolution, new SolutionParameter(" ", true, "  ", "\n"))),
                "parameter.mtm_type/required: is only whitespace; a value is required.",
                "parameter.cause/required: is only whitespace; a value is required.",
                "parameter.solution/required: is only whitespace; a value is required.");
            AssertExact(
                Validate(new(Ticket, Op, OperateKey.Confirm, new VerificationParameter(true, "   "))),
                "parameter.virtual_confirm_comment/required: is only whitespace; a value is required.");
        });
    }

    [Test]
    public void Raw_parameter_texts_of_only_whitespace_are_refused_as_missing()
    {
        var solution = new RawIncidentParameter { ["mtm_type"] = " ", ["is_service_interrupt"] = false, ["cause"] = "\t", ["solution"] = "  " };
        var verification = new RawIncidentParameter { ["virtual_confirm_result"] = true, ["virtual_confirm_comment"] = " " };

        Assert.Multiple(() =>
        {
            AssertExact(
                Validate(new(Ticket, Op, OperateKey.CommitSolution, solution)),
                "parameter.mtm_type/required: is only whitespace; a value is required.",
                "parameter.cause/required: is only whitespace; a value is required.",
                "parameter.solution/required: is only whitespace; a value is required.");
            AssertExact(Validate(new(Ticket, Op, OperateKey.Confirm, verification)), "parameter.virtual_confirm_comment/required: is only whitespace; a value is required.");
        });
    }

    [Test]
    public void Whitespace_around_a_value_is_kept_and_sent()
    {
        Assert.That(Validate(new(" IM1 ", " op", OperateKey.Confirm, new VerificationParameter(true, " ok "))).IsValid, Is.True);
    }

    [Test]
    public void Coc_limits_count_utf16_units_so_an_emoji_counts_twice()
    {
        // COC's errors are Bean Validation's @Size, which counts String.length(): 128 emoji are 256 units.
        var emoji = string.Concat(Enumerable.Repeat("\U0001F600", 128));

        Assert.Multiple(() =>
        {
            Assert.That(Validate(WithField("incident_num", emoji[..^2])).IsValid, Is.True);
            AssertExact(Validate(WithField("incident_num", emoji)), "incident_num/max-length: is 256 UTF-16 code units long; at most 255 are allowed (a character outside the Basic Multilingual Plane, such as an emoji, counts as two).");
        });
    }

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
    public void A_raw_parameter_may_nest_63_levels_and_no_more()
    {
        Assert.Multiple(() =>
        {
            // The parameter object is level 1; the request body around it is one more, 64 in all (System.Text.Json's default).
            Assert.That(Validate(new(Ticket, Op, OperateKey.ForwardOther, new RawIncidentParameter(Nested(62, arrays: false)))).IsValid, Is.True);
            Assert.That(Validate(new(Ticket, Op, OperateKey.ForwardOther, new RawIncidentParameter(Nested(62, arrays: true)))).IsValid, Is.True);
            AssertExact(Validate(new(Ticket, Op, OperateKey.ForwardOther, new RawIncidentParameter(Nested(63, arrays: false)))), DepthError);
            AssertExact(Validate(new(Ticket, Op, OperateKey.ForwardOther, new RawIncidentParameter(Nested(63, arrays: true)))), DepthError);

            // An empty container at level 64 counts too.
            var emptyArray = Nested(62, arrays: false);
            Deepest(emptyArray)["x"] = new JsonArray();
            AssertExact(Validate(new(Ticket, Op, OperateKey.ForwardOther, new RawIncidentParameter(emptyArray))), DepthError);
        });
    }

    [Test]
    public async Task The_client_sends_a_parameter_63_levels_deep_exactly_and_refuses_64_before_sending()
    {
        using var mock = new MockHttpMessageHandler();
        string? sent = null;
        var any = mock.When("*").With(r =>
        {
            sent = r.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
            return true;
        }).Respond("application/json", CocBodies.Success);
        using var client = CocTest.Client(mock);
        var deepest = Nested(62, arrays: true);

        await client.HandleAsync(new HandleIncidentRequest(Ticket, Op, OperateKey.ForwardOther, new RawIncidentParameter(deepest)));
        var error = Assert.ThrowsAsync<RequestValidationException>(() =>
            client.HandleAsync(new HandleIncidentRequest(Ticket, Op, OperateKey.ForwardOther, new RawIncidentParameter(Nested(63, arrays: true)))));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(any), Is.EqualTo(1));
            Assert.That(JsonNode.Parse(sent!)!["parameter"]!.ToJsonString(), Is.EqualTo(deepest.ToJsonString()));
            Assert.That(error!.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "parameter/max-depth" }));
        });
    }

    [Test]
    public void A_raw_parameter_nested_5000_deep_is_a_validation_error_not_a_json_exception()
    {
        var error = Assert.Throws<RequestValidationException>(() =>
            HandleIncidentRequestValidator.Validate(new(Ticket, Op, OperateKey.ForwardOther, new RawIncidentParameter(Nested(5000, arrays: false)))).ThrowIfInvalid("HandleIncidentRequest"));

        Assert.That(error!.Errors.Select(e => e.Path + "/" + e.Rule + ": " + e.Message), Is.EqualTo(new[] { DepthError }));
    }

    [Test]
    public void A_raw_parameter_100000_levels_deep_is_judged_in_bounded_stack()
    {
        var parameter = new RawIncidentParameter(Nested(100_000, arrays: true));
        ValidationResult? result = null;

        // 256 KiB of stack: a walk that descended every level would overflow it long before the bottom.
        var thread = new System.Threading.Thread(() => result = Validate(new(Ticket, Op, OperateKey.ForwardOther, parameter)), 256 * 1024);
        thread.Start();
        thread.Join();

        AssertExact(result!, DepthError);
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void A_raw_value_json_cannot_express_is_a_validation_error(double value)
    {
        var result = Validate(new(Ticket, Op, OperateKey.ForwardOther, new RawIncidentParameter { ["x"] = value }));

        Assert.That(result.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "parameter/format" }));
        Assert.That(result.Errors[0].Message, Does.StartWith("holds a value JSON cannot express: "));
    }

    [Test]
    public void The_client_refuses_a_parameter_nested_5000_deep_and_sends_nothing()
    {
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond("application/json", CocBodies.Success);
        using var client = CocTest.Client(mock);

        var error = Assert.ThrowsAsync<RequestValidationException>(() =>
            client.HandleAsync(new HandleIncidentRequest(Ticket, Op, OperateKey.ForwardOther, new RawIncidentParameter(Nested(5000, arrays: false)))));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(any), Is.Zero, "nothing sent");
            Assert.That(error!.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "parameter/max-depth" }));
        });
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

    private const string DepthError = "parameter/max-depth: nests objects and arrays more than 63 levels deep (the parameter object is level 1); at most 63 are allowed.";

    private static ValidationResult Validate(HandleIncidentRequest request) => HandleIncidentRequestValidator.Validate(request);

    /// <summary>
    /// A parameter object with <paramref name="levels"/> more levels of objects (or arrays) below it, built from the
    /// bottom up: attaching a node to a parent that has no parent yet keeps System.Text.Json's cycle check constant.
    /// </summary>
    private static JsonObject Nested(int levels, bool arrays)
    {
        JsonNode? current = null;
        for (var level = levels; level >= 1; level--)
        {
            current = arrays && level % 2 == 1
                ? (current is null ? new JsonArray() : new JsonArray(current))
                : (current is null ? new JsonObject() : new JsonObject { ["a"] = current });
        }

        return current is null ? new JsonObject() : new JsonObject { ["a"] = current };
    }

    private static JsonObject Deepest(JsonObject root)
    {
        var current = root;
        while (current["a"] is JsonObject next)
        {
            current = next;
        }

        return current;
    }

    private static void AssertExact(ValidationResult result, params string[] expected) =>
        Assert.That(result.Errors.Select(e => e.Path + "/" + e.Rule + ": " + e.Message), Is.EqualTo(expected));

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
