using IncidentSdk.Validation;

namespace IncidentSdk.Tests.JsonRpc;

public class AcknowledgeEventRequestValidatorTests
{
    private static readonly ZabbixVersion V54 = new(5, 4);
    private static readonly ZabbixVersion V60 = new(6, 0, 14);
    private static readonly ZabbixVersion V62 = new(6, 2);
    private static readonly ZabbixVersion V64 = new(6, 4);

    [Test]
    public void The_convenience_requests_are_valid()
    {
        var requests = new[]
        {
            AcknowledgeEventRequest.Acknowledge(["1"]),
            AcknowledgeEventRequest.Acknowledge(["1"], "m"),
            AcknowledgeEventRequest.Unacknowledge(["1"]),
            AcknowledgeEventRequest.AddMessage(["1", "2"], "m"),
            AcknowledgeEventRequest.Close(["1"], "closing"),
            AcknowledgeEventRequest.ChangeSeverity(["1"], EventSeverity.Disaster),
            AcknowledgeEventRequest.Suppress(["1"], SuppressUntil.Indefinitely),
            AcknowledgeEventRequest.Unsuppress(["1"]),
            AcknowledgeEventRequest.ChangeToCause(["1"]),
            AcknowledgeEventRequest.ChangeToSymptom(["1", "2"], "3"),
        };

        Assert.That(requests.Select(r => AcknowledgeEventRequestValidator.Validate(r, new ZabbixVersion(7, 0)).ToString()), Is.All.EqualTo("valid"));
    }

    [Test]
    public void At_least_one_event_id_is_required() =>
        AssertErrors(new AcknowledgeEventRequest([], EventAction.Acknowledge), "eventids/required");

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("12a")]
    [TestCase("")]
    [TestCase(" 1")]
    [TestCase("18446744073709551616")]
    public void Event_ids_must_be_positive_integers(string id) =>
        AssertErrors(new AcknowledgeEventRequest(["5", id], EventAction.Acknowledge), "eventids[1]/format");

    [Test]
    public void The_largest_id_passes_and_duplicates_fail()
    {
        Assert.Multiple(() =>
        {
            AssertErrors(new AcknowledgeEventRequest("18446744073709551615", EventAction.Acknowledge));
            AssertErrors(new AcknowledgeEventRequest(["7", "7"], EventAction.Acknowledge), "eventids[1]/format");
        });
    }

    [Test]
    public void A_message_of_2048_characters_passes_and_2049_fails()
    {
        Assert.Multiple(() =>
        {
            AssertErrors(AcknowledgeEventRequest.AddMessage(["1"], new string('m', 2048)));
            AssertErrors(AcknowledgeEventRequest.AddMessage(["1"], new string('m', 2049)), "message/max-length");
            AssertErrors(AcknowledgeEventRequest.AddMessage(["1"], "消息" + new string('m', 2046)));
        });
    }

    [Test]
    public void The_message_limit_counts_code_points_as_zabbix_does_not_utf16_units()
    {
        const string Emoji = "\U0001F600";
        const string Accented = "e\u0301";
        Assert.Multiple(() =>
        {
            // 2,048 emoji are 4,096 UTF-16 units; both real servers store them (integration tests).
            AssertErrors(AcknowledgeEventRequest.AddMessage(["1"], Repeat(Emoji, 2048)));
            AssertMessage(AcknowledgeEventRequest.AddMessage(["1"], Repeat(Emoji, 2049)), "message", ValidationRules.MaxLength, "is 2049 characters (Unicode code points) long; at most 2048 are allowed.");

            // A combining accent is a code point of its own: mb_strlen counts "é" written as e + U+0301 twice.
            AssertErrors(AcknowledgeEventRequest.AddMessage(["1"], Repeat(Accented, 1024)));
            AssertMessage(AcknowledgeEventRequest.AddMessage(["1"], Repeat(Accented, 1024) + "x"), "message", ValidationRules.MaxLength, "is 2049 characters (Unicode code points) long; at most 2048 are allowed.");
            AssertErrors(AcknowledgeEventRequest.AddMessage(["1"], Repeat(Emoji, 1000) + new string('m', 1048)));
            AssertErrors(AcknowledgeEventRequest.AddMessage(["1"], Repeat(Emoji, 1000) + new string('m', 1049)), "message/max-length");
        });
    }

    [Test]
    public void A_lone_surrogate_counts_as_one_character_and_is_refused_as_unsendable()
    {
        Assert.Multiple(() =>
        {
            AssertMessage(AcknowledgeEventRequest.AddMessage(["1"], new string('m', 2047) + "\uD800"), "message", ValidationRules.Format, "has an unpaired UTF-16 surrogate (U+D800) at index 2047, which cannot be sent as UTF-8.");
            AssertErrors(AcknowledgeEventRequest.AddMessage(["1"], new string('m', 2048) + "\uDC00"), "message/max-length", "message/format");
            AssertErrors(AcknowledgeEventRequest.AddMessage(["1"], "\uDC00\uD800"), "message/format");
        });
    }

    [Test]
    public void A_whitespace_message_is_text_to_zabbix_and_passes()
    {
        // Both real servers store "   " as given (only "" is "cannot be empty"), so the validator does not refuse it.
        AssertErrors(AcknowledgeEventRequest.AddMessage(["1"], "   "));
    }

    [Test]
    public void Action_none_is_refused_naming_the_field_and_rule() =>
        AssertMessage(new AcknowledgeEventRequest("1", EventAction.None), "action", ValidationRules.Required, "is 0 (None), which Zabbix accepts and ignores; combine at least one EventAction (1 to 256).");

    [Test]
    public void Action_none_is_reported_with_the_other_rules()
    {
        AssertErrors(new AcknowledgeEventRequest("1", EventAction.None) { Message = "m", SuppressUntil = SuppressUntil.Indefinitely }, "action/required", "message/unexpected", "suppress_until/unexpected");
    }

    [Test]
    public void Suppress_until_may_be_at_most_the_32_bit_limit_zabbix_stores()
    {
        Assert.Multiple(() =>
        {
            AssertErrors(AcknowledgeEventRequest.Suppress(["1"], SuppressUntil.FromUnixTimeSeconds(2147483647)));
            AssertErrors(AcknowledgeEventRequest.Suppress(["1"], SuppressUntil.At(new System.DateTimeOffset(2038, 1, 19, 3, 14, 7, System.TimeSpan.Zero))));
            AssertMessage(
                AcknowledgeEventRequest.Suppress(["1"], SuppressUntil.FromUnixTimeSeconds(2147483648)),
                "suppress_until",
                ValidationRules.Range,
                "is 2147483648 (2038-01-19T03:14:08Z); Zabbix keeps suppress_until in a 32-bit column, so the latest end is 2147483647 (2038-01-19T03:14:07Z). Use SuppressUntil.Indefinitely for no end.");
            AssertMessage(
                AcknowledgeEventRequest.Suppress(["1"], SuppressUntil.At(System.DateTimeOffset.MaxValue)),
                "suppress_until",
                ValidationRules.Range,
                "is 253402300799 (9999-12-31T23:59:59Z); Zabbix keeps suppress_until in a 32-bit column, so the latest end is 2147483647 (2038-01-19T03:14:07Z). Use SuppressUntil.Indefinitely for no end.");
            AssertMessage(
                AcknowledgeEventRequest.Suppress(["1"], SuppressUntil.FromUnixTimeSeconds(long.MaxValue)),
                "suppress_until",
                ValidationRules.Range,
                "is 9223372036854775807; Zabbix keeps suppress_until in a 32-bit column, so the latest end is 2147483647 (2038-01-19T03:14:07Z). Use SuppressUntil.Indefinitely for no end.");
        });
    }

    [Test]
    public void A_suppression_end_past_year_9999_still_describes_itself()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SuppressUntil.FromUnixTimeSeconds(long.MaxValue).ToString(), Is.EqualTo("9223372036854775807 (Unix seconds)"));
            Assert.That(SuppressUntil.FromUnixTimeSeconds(2147483647).ToString(), Is.EqualTo("2038-01-19T03:14:07.0000000+00:00"));
        });
    }

    [Test]
    public void Conditional_fields_are_required_with_their_bit_and_refused_without_it()
    {
        Assert.Multiple(() =>
        {
            AssertErrors(new AcknowledgeEventRequest("1", EventAction.AddMessage), "message/required");
            AssertErrors(new AcknowledgeEventRequest("1", EventAction.AddMessage) { Message = "" }, "message/required");
            AssertErrors(new AcknowledgeEventRequest("1", EventAction.ChangeSeverity), "severity/required");
            AssertErrors(new AcknowledgeEventRequest("1", EventAction.Suppress), "suppress_until/required");
            AssertErrors(new AcknowledgeEventRequest("1", EventAction.ChangeToSymptom), "cause_eventid/required");
            AssertErrors(new AcknowledgeEventRequest("1", EventAction.Acknowledge) { Message = "m" }, "message/unexpected");
            AssertErrors(new AcknowledgeEventRequest("1", EventAction.Acknowledge) { Severity = EventSeverity.High }, "severity/unexpected");
            AssertErrors(new AcknowledgeEventRequest("1", EventAction.Unsuppress) { SuppressUntil = SuppressUntil.Indefinitely }, "suppress_until/unexpected");
            AssertErrors(new AcknowledgeEventRequest("1", EventAction.ChangeToCause) { CauseEventId = "2" }, "cause_eventid/unexpected");
        });
    }

    [TestCase(-1)]
    [TestCase(6)]
    [TestCase(7)]
    public void Severity_must_be_0_to_5(int severity) =>
        AssertErrors(new AcknowledgeEventRequest("1", EventAction.ChangeSeverity) { Severity = (EventSeverity)severity }, "severity/range");

    [TestCase(EventAction.Acknowledge | EventAction.Unacknowledge)]
    [TestCase(EventAction.Suppress | EventAction.Unsuppress)]
    [TestCase(EventAction.Close | EventAction.Suppress)]
    [TestCase(EventAction.Close | EventAction.Unsuppress)]
    [TestCase(EventAction.ChangeToCause | EventAction.ChangeToSymptom)]
    public void Exclusive_bits_are_refused(EventAction action)
    {
        var result = AcknowledgeEventRequestValidator.Validate(new AcknowledgeEventRequest("1", action)
        {
            SuppressUntil = (action & EventAction.Suppress) != 0 ? SuppressUntil.Indefinitely : null,
            CauseEventId = (action & EventAction.ChangeToSymptom) != 0 ? "2" : null,
        });

        Assert.That(result.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(new[] { "action/exclusive" }));
    }

    [Test]
    public void A_bit_no_version_defines_is_refused() =>
        AssertErrors(new AcknowledgeEventRequest("1", (EventAction)512), "action/format");

    [Test]
    public void The_cause_must_not_be_one_of_the_events_changed()
    {
        Assert.Multiple(() =>
        {
            AssertErrors(AcknowledgeEventRequest.ChangeToSymptom(["1", "2"], "2"), "cause_eventid/format");
            AssertErrors(AcknowledgeEventRequest.ChangeToSymptom(["1"], "x"), "cause_eventid/format");
        });
    }

    [Test]
    public void Bits_are_refused_on_versions_that_lack_them_with_the_version_named()
    {
        Assert.Multiple(() =>
        {
            AssertVersion(AcknowledgeEventRequest.Unacknowledge(["1"]), V54, "Unacknowledge (16) needs Zabbix 6.0 or later; the server is 5.4.0.");
            AssertVersion(AcknowledgeEventRequest.Suppress(["1"], SuppressUntil.Indefinitely), V60, "Suppress (32) needs Zabbix 6.2 or later; the server is 6.0.14.");
            AssertVersion(AcknowledgeEventRequest.Unsuppress(["1"]), V60, "Unsuppress (64) needs Zabbix 6.2 or later; the server is 6.0.14.");
            AssertVersion(AcknowledgeEventRequest.ChangeToCause(["1"]), V62, "ChangeToCause (128) needs Zabbix 6.4 or later; the server is 6.2.0.");
            AssertVersion(AcknowledgeEventRequest.ChangeToSymptom(["1"], "2"), V62, "ChangeToSymptom (256) needs Zabbix 6.4 or later; the server is 6.2.0.");
            Assert.That(AcknowledgeEventRequestValidator.Validate(AcknowledgeEventRequest.Unacknowledge(["1"]), V60).IsValid, Is.True);
            Assert.That(AcknowledgeEventRequestValidator.Validate(AcknowledgeEventRequest.Suppress(["1"], SuppressUntil.Indefinitely), V62).IsValid, Is.True);
            Assert.That(AcknowledgeEventRequestValidator.Validate(AcknowledgeEventRequest.ChangeToSymptom(["1"], "2"), V64).IsValid, Is.True);
        });
    }

    [Test]
    public void A_suppress_without_an_end_on_6_0_reports_the_version_and_the_missing_end()
    {
        var result = AcknowledgeEventRequestValidator.Validate(new AcknowledgeEventRequest("1", EventAction.Suppress), V60);

        Assert.That(result.Errors.Select(e => e.Path + "/" + e.Rule + ": " + e.Message), Is.EqualTo(new[]
        {
            "action/version: Suppress (32) needs Zabbix 6.2 or later; the server is 6.0.14.",
            "suppress_until/required: is required with the Suppress (32) action; use SuppressUntil.Indefinitely for no end.",
        }));
    }

    [Test]
    public void Every_violation_is_reported_at_once()
    {
        var request = new AcknowledgeEventRequest(["0", "2"], EventAction.Acknowledge | EventAction.Unacknowledge | EventAction.AddMessage | EventAction.Suppress);

        AssertErrors(request, V60, "eventids[0]/format", "action/exclusive", "action/version", "message/required", "suppress_until/required");
    }

    [Test]
    public void The_client_refuses_an_unsupported_bit_for_the_server_version_before_sending()
    {
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond("application/json", "{}");
        using var client = ZabbixTest.Client(mock, "6.0.14");

        var error = Assert.ThrowsAsync<RequestValidationException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.ChangeToCause(["1"])));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(any), Is.Zero);
            Assert.That(error!.Errors.Single().Message, Does.Contain("the server is 6.0.14"));
        });
    }

    [Test]
    public void The_client_refuses_an_invalid_request_before_asking_the_version()
    {
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond("application/json", "{}");
        using var client = ZabbixTest.Client(mock, version: null);

        Assert.ThrowsAsync<RequestValidationException>(() => client.AcknowledgeAsync(new AcknowledgeEventRequest("1", EventAction.ChangeSeverity)));

        Assert.That(mock.GetMatchCount(any), Is.Zero);
    }

    [Test]
    public void Suppression_must_end_after_the_epoch() =>
        Assert.Throws<System.ArgumentOutOfRangeException>(() => SuppressUntil.At(System.DateTimeOffset.UnixEpoch));

    private static void AssertErrors(AcknowledgeEventRequest request, params string[] expected) => AssertErrors(request, null, expected);

    private static void AssertErrors(AcknowledgeEventRequest request, ZabbixVersion? version, params string[] expected)
    {
        var result = AcknowledgeEventRequestValidator.Validate(request, version);
        Assert.That(result.Errors.Select(e => e.Path + "/" + e.Rule), Is.EqualTo(expected), result.ToString());
    }

    private static void AssertMessage(AcknowledgeEventRequest request, string path, string rule, string message)
    {
        var result = AcknowledgeEventRequestValidator.Validate(request);
        Assert.That(result.Errors.Select(e => e.Path + "/" + e.Rule + ": " + e.Message), Is.EqualTo(new[] { path + "/" + rule + ": " + message }));
    }

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    private static void AssertVersion(AcknowledgeEventRequest request, ZabbixVersion version, string message)
    {
        var result = AcknowledgeEventRequestValidator.Validate(request, version);
        Assert.That(result.Errors.Select(e => e.Rule + ": " + e.Message), Is.EqualTo(new[] { ValidationRules.Version + ": " + message }));
    }
}
