using IncidentSdk.Validation;

namespace IncidentSdk.Tests.JsonRpc;

/// <summary>The exact error (field, rule and wording) for each rule of <c>event.acknowledge</c>, at its boundaries.</summary>
public sealed class AcknowledgeEventRequestRuleTests
{
    [Test]
    public void A_bad_id_is_named_by_its_position_in_a_list_and_by_the_field_alone()
    {
        Assert.Multiple(() =>
        {
            AssertExact(new AcknowledgeEventRequest("0", EventAction.Acknowledge), "eventids/format: '0' is not a positive integer event id.");
            AssertExact(new AcknowledgeEventRequest(["1", "x", "1"], EventAction.Acknowledge), "eventids[1]/format: 'x' is not a positive integer event id.", "eventids[2]/format: '1' is listed twice.");
            AssertExact(new AcknowledgeEventRequest([], EventAction.Acknowledge), "eventids/required: needs at least one event id.");
        });
    }

    [Test]
    public void Ids_are_digits_only_up_to_20_of_them_and_not_zero()
    {
        Assert.Multiple(() =>
        {
            AssertExact(new AcknowledgeEventRequest(["9", "10", "00000000000000000001"], EventAction.Acknowledge));
            AssertExact(new AcknowledgeEventRequest("000000000000000000001", EventAction.Acknowledge), "eventids/format: '000000000000000000001' is not a positive integer event id.");
            AssertExact(new AcknowledgeEventRequest("1/", EventAction.Acknowledge), "eventids/format: '1/' is not a positive integer event id.");
            AssertExact(new AcknowledgeEventRequest("1:", EventAction.Acknowledge), "eventids/format: '1:' is not a positive integer event id.");
            AssertExact(new AcknowledgeEventRequest("00", EventAction.Acknowledge), "eventids/format: '00' is not a positive integer event id.");
        });
    }

    [Test]
    public void Duplicates_in_a_long_list_are_found_too()
    {
        var ids = Enumerable.Range(1, 40).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        ids.Add("7");
        ids.Add("40");
        ids.Add("7");

        AssertExact(
            new AcknowledgeEventRequest(ids, EventAction.Acknowledge),
            "eventids[40]/format: '7' is listed twice.",
            "eventids[41]/format: '40' is listed twice.",
            "eventids[42]/format: '7' is listed twice.");
    }

    [Test]
    public void A_list_of_33_distinct_ids_is_valid()
    {
        var ids = Enumerable.Range(1, 33).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));

        AssertExact(new AcknowledgeEventRequest(ids, EventAction.Acknowledge));
    }

    [Test]
    public void Exclusive_pairs_are_named_with_their_values()
    {
        Assert.Multiple(() =>
        {
            AssertExact(new AcknowledgeEventRequest("1", EventAction.Acknowledge | EventAction.Unacknowledge), "action/exclusive: Acknowledge (2) and Unacknowledge (16) cannot be combined.");
            AssertExact(
                new AcknowledgeEventRequest("1", EventAction.Close | EventAction.Suppress | EventAction.Unsuppress) { SuppressUntil = SuppressUntil.Indefinitely },
                "action/exclusive: Suppress (32) and Unsuppress (64) cannot be combined.",
                "action/exclusive: Close (1) and Suppress (32) cannot be combined.",
                "action/exclusive: Close (1) and Unsuppress (64) cannot be combined.");
            AssertExact(new AcknowledgeEventRequest("1", EventAction.ChangeToCause | EventAction.ChangeToSymptom) { CauseEventId = "2" }, "action/exclusive: ChangeToCause (128) and ChangeToSymptom (256) cannot be combined.");
        });
    }

    [Test]
    public void Undefined_bits_are_refused_with_the_value_and_every_defined_bit_is_not()
    {
        Assert.Multiple(() =>
        {
            AssertExact(new AcknowledgeEventRequest("1", (EventAction)512), "action/format: 512 has bits no Zabbix version defines; use the EventAction values (1 to 256).");
            AssertExact(new AcknowledgeEventRequest("1", (EventAction)(512 | 2)), "action/format: 514 has bits no Zabbix version defines; use the EventAction values (1 to 256).");
            AssertExact(new AcknowledgeEventRequest("1", (EventAction)int.MinValue), "action/format: -2147483648 has bits no Zabbix version defines; use the EventAction values (1 to 256).");

            // 1 + 2 + 4 + 8 + 128: every bit defined, none exclusive of another.
            AssertExact(new AcknowledgeEventRequest("1", (EventAction)143) { Message = "m", Severity = EventSeverity.High });
        });
    }

    [Test]
    public void Severity_rules_name_the_value_and_the_action()
    {
        Assert.Multiple(() =>
        {
            AssertExact(AcknowledgeEventRequest.ChangeSeverity(["1"], EventSeverity.NotClassified));
            AssertExact(AcknowledgeEventRequest.ChangeSeverity(["1"], EventSeverity.Disaster));
            AssertExact(AcknowledgeEventRequest.ChangeSeverity(["1"], (EventSeverity)6), "severity/range: is 6; use 0 (not classified) to 5 (disaster).");
            AssertExact(AcknowledgeEventRequest.ChangeSeverity(["1"], (EventSeverity)(-1)), "severity/range: is -1; use 0 (not classified) to 5 (disaster).");
            AssertExact(new AcknowledgeEventRequest("1", EventAction.ChangeSeverity), "severity/required: is required with the ChangeSeverity (8) action.");
            AssertExact(new AcknowledgeEventRequest("1", EventAction.Acknowledge) { Severity = EventSeverity.Information }, "severity/unexpected: is only sent with the ChangeSeverity (8) action.");
            AssertExact(
                new AcknowledgeEventRequest("1", EventAction.Acknowledge) { Severity = (EventSeverity)9 },
                "severity/range: is 9; use 0 (not classified) to 5 (disaster).",
                "severity/unexpected: is only sent with the ChangeSeverity (8) action.");
        });
    }

    [Test]
    public void Message_suppression_and_cause_rules_name_their_action()
    {
        Assert.Multiple(() =>
        {
            AssertExact(new AcknowledgeEventRequest("1", EventAction.Acknowledge) { Message = "m" }, "message/unexpected: is only sent with the AddMessage (4) action; add that bit or remove the message.");
            AssertExact(new AcknowledgeEventRequest("1", EventAction.AddMessage), "message/required: is required and must not be empty.");
            AssertExact(new AcknowledgeEventRequest("1", EventAction.Suppress), "suppress_until/required: is required with the Suppress (32) action; use SuppressUntil.Indefinitely for no end.");
            AssertExact(new AcknowledgeEventRequest("1", EventAction.Acknowledge) { SuppressUntil = SuppressUntil.Indefinitely }, "suppress_until/unexpected: is only sent with the Suppress (32) action.");
            AssertExact(new AcknowledgeEventRequest("1", EventAction.ChangeToSymptom), "cause_eventid/required: is required with the ChangeToSymptom (256) action.");
            AssertExact(new AcknowledgeEventRequest("1", EventAction.ChangeToSymptom) { CauseEventId = "" }, "cause_eventid/required: is required with the ChangeToSymptom (256) action.");
            AssertExact(AcknowledgeEventRequest.ChangeToSymptom(["1"], "0"), "cause_eventid/format: '0' is not a positive integer event id.");
            AssertExact(AcknowledgeEventRequest.ChangeToSymptom(["1", "2", "3"], "2"), "cause_eventid/format: '2' is also one of the events being changed; an event cannot be its own cause.");
            AssertExact(AcknowledgeEventRequest.ChangeToSymptom(["1", "2"], "3"));
            AssertExact(new AcknowledgeEventRequest("1", EventAction.Acknowledge) { CauseEventId = "2" }, "cause_eventid/unexpected: is only sent with the ChangeToSymptom (256) action.");
        });
    }

    [Test]
    public void A_suppression_end_at_the_limit_with_the_bit_off_is_only_unexpected()
    {
        AssertExact(
            new AcknowledgeEventRequest("1", EventAction.Unsuppress) { SuppressUntil = SuppressUntil.FromUnixTimeSeconds(4_000_000_000) },
            "suppress_until/unexpected: is only sent with the Suppress (32) action.");
    }

    [Test]
    public void Every_version_dependent_bit_is_reported_on_a_version_that_lacks_it()
    {
        var request = new AcknowledgeEventRequest("1", EventAction.Unacknowledge | EventAction.Suppress | EventAction.ChangeToCause) { SuppressUntil = SuppressUntil.Indefinitely };

        var result = AcknowledgeEventRequestValidator.Validate(request, new ZabbixVersion(5, 0));

        Assert.That(result.Errors.Select(e => e.Path + "/" + e.Rule + ": " + e.Message), Is.EqualTo(new[]
        {
            "action/version: Unacknowledge (16) needs Zabbix 6.0 or later; the server is 5.0.0.",
            "action/version: Suppress (32) needs Zabbix 6.2 or later; the server is 5.0.0.",
            "action/version: ChangeToCause (128) needs Zabbix 6.4 or later; the server is 5.0.0.",
        }));
    }

    private static void AssertExact(AcknowledgeEventRequest request, params string[] expected)
    {
        var result = AcknowledgeEventRequestValidator.Validate(request);
        Assert.Multiple(() =>
        {
            Assert.That(result.Errors.Select(e => e.Path + "/" + e.Rule + ": " + e.Message), Is.EqualTo(expected));
            Assert.That(result.IsValid, Is.EqualTo(expected.Length == 0));
        });
    }
}
