namespace IncidentSdk.Tests.JsonRpc;

/// <summary>The log of this client's own message calls that the read-back uses to tell its earlier rows from the checked call's.</summary>
public class SentMessagesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void Another_call_with_the_same_text_is_reported_with_the_time_it_ended_or_now_while_it_runs()
    {
        var log = new SentMessages();
        var ended = log.Begin(["1", "2"], "text");
        SentMessages.End(ended, Start.AddSeconds(1));
        log.Begin(["3"], "text");
        log.Begin(["4"], "other text");
        var checkedCall = log.Begin(["1"], "text");

        var others = log.Others(checkedCall, "text", Start.AddSeconds(5));

        Assert.That(others.Select(o => (string.Join(",", o.EventIds.OrderBy(id => id, StringComparer.Ordinal)), o.EndedBy)), Is.EqualTo(new[]
        {
            ("1,2", Start.AddSeconds(1)),
            ("3", Start.AddSeconds(5)),
        }));
    }

    [Test]
    public void A_call_that_ended_more_than_two_minutes_ago_is_forgotten()
    {
        var log = new SentMessages();
        SentMessages.End(log.Begin(["1"], "text"), Start);
        SentMessages.End(log.Begin(["2"], "text"), Start.AddSeconds(30));
        var checkedCall = log.Begin(["1"], "text");

        var others = log.Others(checkedCall, "text", Start + SentMessages.Lifetime + TimeSpan.FromSeconds(1));

        Assert.That(others.Select(o => string.Join(",", o.EventIds)), Is.EqualTo(new[] { "2" }));
    }

    [Test]
    public void The_4096_newest_calls_are_remembered()
    {
        var log = new SentMessages();
        for (var i = 1; i < 4096; i++)
        {
            log.Begin([i.ToString(System.Globalization.CultureInfo.InvariantCulture)], "text");
        }

        var checkedCall = log.Begin(["4096"], "text");
        Assert.That(log.Others(checkedCall, "text", Start), Has.Count.EqualTo(4095));

        var next = log.Begin(["4097"], "text");
        var others = log.Others(next, "text", Start);

        Assert.That(others, Has.Count.EqualTo(4095), "the oldest call is forgotten once 4096 are newer");
        Assert.That(others.Any(o => o.EventIds.Contains("1")), Is.False);
    }
}
