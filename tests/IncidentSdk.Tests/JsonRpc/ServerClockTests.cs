namespace IncidentSdk.Tests.JsonRpc;

/// <summary>The server's offset as Date headers bound it, and how the read-back dates recorded messages with it.</summary>
public class ServerClockTests
{
    private static readonly DateTimeOffset Second = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void One_reply_bounds_the_offset_by_its_second_and_its_round_trip()
    {
        var clock = new ServerClock();

        clock.Observe(Second.AddMilliseconds(300), Second.AddMilliseconds(310), Second);

        // Generated between 10:00:00.300 and .310 local, at a server time in [10:00:00, 10:00:01).
        Assert.That(clock.OffsetBounds(Second.AddMilliseconds(310), Second.AddMilliseconds(310)), Is.EqualTo((TimeSpan.FromMilliseconds(-310), TimeSpan.FromMilliseconds(700))));
    }

    [Test]
    public void Replies_at_different_points_of_the_second_narrow_the_offset()
    {
        var clock = new ServerClock();
        clock.Observe(Second.AddMilliseconds(300), Second.AddMilliseconds(310), Second);
        clock.Observe(Second.AddMilliseconds(1_990), Second.AddMilliseconds(2_010), Second.AddSeconds(2));

        var bounds = clock.OffsetBounds(Second.AddMilliseconds(2_010), Second.AddMilliseconds(2_010))!.Value;

        // The second reply was dated :02 although it left at :01.990 local: the server runs at least 10 ms ahead.
        Assert.That(bounds.Min, Is.EqualTo(TimeSpan.FromMilliseconds(-10)).Within(TimeSpan.FromMilliseconds(0.01)));
        Assert.That(bounds.Max, Is.EqualTo(TimeSpan.FromMilliseconds(700)).Within(TimeSpan.FromMilliseconds(0.3)));
    }

    [Test]
    public void Replies_without_a_usable_date_and_old_replies_are_ignored()
    {
        var clock = new ServerClock();
        clock.Observe(Second, Second.AddMilliseconds(5), null);
        clock.Observe(Second, Second.AddMilliseconds(5), Second.AddMilliseconds(500));
        Assert.That(clock.OffsetBounds(Second, Second), Is.Null);

        clock.Observe(Second, Second.AddMilliseconds(5), Second);
        Assert.That(clock.OffsetBounds(Second, Second.AddMinutes(16)), Is.Null, "forgotten after 15 minutes");
    }

    [Test]
    public void The_32_newest_replies_count_and_an_older_one_is_forgotten()
    {
        var clock = new ServerClock();

        // Dated :02 although it left at :01.990: bounds the offset from below at -10 ms.
        clock.Observe(Second.AddMilliseconds(1_990), Second.AddMilliseconds(2_010), Second.AddSeconds(2));
        for (var i = 0; i < 31; i++)
        {
            // Arrived late in its second: bounds the offset from below at -600 ms only.
            clock.Observe(Second.AddMilliseconds(5_500), Second.AddMilliseconds(5_600), Second.AddSeconds(5));
        }

        var now = Second.AddSeconds(6);
        Assert.That(clock.OffsetBounds(now, now)!.Value.Min, Is.EqualTo(TimeSpan.FromMilliseconds(-10)).Within(TimeSpan.FromMilliseconds(1)), "32 replies are kept");

        clock.Observe(Second.AddMilliseconds(5_500), Second.AddMilliseconds(5_600), Second.AddSeconds(5));

        Assert.That(clock.OffsetBounds(now, now)!.Value.Min, Is.EqualTo(TimeSpan.FromMilliseconds(-600)).Within(TimeSpan.FromMilliseconds(1)), "the 33rd pushes the oldest out");
    }

    [TestCase(0, true, TestName = "A Date header exactly 365 days ahead is still used")]
    [TestCase(1, false, TestName = "A Date header more than 365 days ahead is ignored")]
    public void A_date_a_year_away_is_the_limit_of_a_plausible_clock(int extraSeconds, bool used)
    {
        var clock = new ServerClock();

        clock.Observe(Second, Second, Second.AddDays(365).AddSeconds(extraSeconds));

        Assert.That(clock.OffsetBounds(Second, Second).HasValue, Is.EqualTo(used));
    }

    [Test]
    public void When_the_clocks_were_stepped_only_the_newest_replies_count()
    {
        var clock = new ServerClock();
        clock.Observe(Second, Second.AddMilliseconds(10), Second);
        clock.Observe(Second.AddSeconds(10), Second.AddSeconds(10).AddMilliseconds(10), Second.AddSeconds(70));

        var bounds = clock.OffsetBounds(Second.AddSeconds(10), Second.AddSeconds(10))!.Value;

        Assert.That(bounds.Min, Is.GreaterThan(TimeSpan.FromSeconds(59)));
    }

    [TestCase(-2, "Absent", TestName = "A message recorded the second before the earliest possible send second is not this call's")]
    [TestCase(-1, "Unknown", TestName = "A message recorded in a second the send may or may not have preceded is unknown")]
    [TestCase(0, "Stored", TestName = "A message recorded in the latest possible send second is this call's")]
    [TestCase(5, "Stored", TestName = "A message recorded after the send is this call's")]
    public void A_message_is_dated_against_the_seconds_the_call_may_have_been_sent_in(int secondsFromLatestSendSecond, string expected)
    {
        // Sent at :10.600 local, offset in [-0.4 s, +0.5 s): the send was at server :10.200 to :11.100, seconds :10 or :11.
        var sentAt = Second.AddSeconds(10).AddMilliseconds(600);
        var evt = Event(("1", Second.AddSeconds(11 + secondsFromLatestSendSecond), "m", EventAction.AddMessage));

        var result = MessageReadBack.Classify(AcknowledgeEventRequest.AddMessage(["1"], "m"), [evt], "1", sentAt, (TimeSpan.FromMilliseconds(-400), TimeSpan.FromMilliseconds(500)));

        Assert.That(result.Verdicts["1"].ToString(), Is.EqualTo(expected));
        if (expected == "Unknown")
        {
            Assert.That(result.Thresholds, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(-600) + TimeSpan.FromSeconds(1) }), "sent at or before :10 exactly when the offset is below +0.4 s");
        }
    }

    [Test]
    public void The_upper_bound_is_never_reached_so_a_bound_on_a_whole_second_does_not_widen_the_seconds()
    {
        // Offset below +0.4 s exactly: the send was before server :11.000, so in :10 at the latest.
        var sentAt = Second.AddSeconds(10).AddMilliseconds(600);
        var evt = Event(("1", Second.AddSeconds(10), "m", EventAction.AddMessage));

        var result = MessageReadBack.Classify(AcknowledgeEventRequest.AddMessage(["1"], "m"), [evt], "1", sentAt, (TimeSpan.FromMilliseconds(-100), TimeSpan.FromMilliseconds(400)));

        Assert.That(result.Verdicts["1"], Is.EqualTo(MessageReadBack.Verdict.Stored));
    }

    [Test]
    public void Only_the_same_user_the_same_text_and_a_subset_of_the_calls_actions_can_be_this_calls_message()
    {
        var sentAt = Second.AddMilliseconds(500);
        var later = Second.AddSeconds(3);
        var request = AcknowledgeEventRequest.Acknowledge(["1", "2", "3", "4"], "m");
        var events = new[]
        {
            Event(("1", later, "m", EventAction.AddMessage | EventAction.Acknowledge)),
            EventBy("7", ("2", later, "m", EventAction.AddMessage)),
            Event(("3", later, "m ", EventAction.AddMessage)),
            Event(("4", later, "m", EventAction.AddMessage | EventAction.Close)),
        };

        var result = MessageReadBack.Classify(request, events, "1", sentAt, (TimeSpan.Zero, TimeSpan.FromMilliseconds(100)));

        Assert.That(result.Verdicts, Is.EqualTo(new System.Collections.Generic.Dictionary<string, MessageReadBack.Verdict>
        {
            ["1"] = MessageReadBack.Verdict.Stored,
            ["2"] = MessageReadBack.Verdict.Absent,
            ["3"] = MessageReadBack.Verdict.Absent,
            ["4"] = MessageReadBack.Verdict.Absent,
        }));
    }

    [Test]
    public void Without_the_user_or_the_servers_clock_a_matching_message_is_unknown_and_an_event_not_read_back_too()
    {
        var sentAt = Second.AddMilliseconds(500);
        var request = AcknowledgeEventRequest.AddMessage(["1", "2"], "m");
        var events = new[] { Event(("1", Second.AddSeconds(3), "m", EventAction.AddMessage)) };

        Assert.Multiple(() =>
        {
            Assert.That(MessageReadBack.Classify(request, events, null, sentAt, (TimeSpan.Zero, TimeSpan.FromMilliseconds(100))).Verdicts["1"], Is.EqualTo(MessageReadBack.Verdict.Unknown));
            Assert.That(MessageReadBack.Classify(request, events, "1", sentAt, null).Verdicts["1"], Is.EqualTo(MessageReadBack.Verdict.Unknown));
            Assert.That(MessageReadBack.Classify(request, events, "1", sentAt, null).Verdicts["2"], Is.EqualTo(MessageReadBack.Verdict.Unknown));
        });
    }

    private static ZabbixEvent Event((string Id, DateTimeOffset Time, string Message, EventAction Action) row) => EventBy("1", row);

    private static ZabbixEvent EventBy(string userId, (string Id, DateTimeOffset Time, string Message, EventAction Action) row) =>
        new(row.Id, true, EventSeverity.Average, false, false, null, [new EventAcknowledgement("9", userId, row.Time, row.Message, row.Action, null, null, null)]);
}
