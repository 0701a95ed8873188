namespace IncidentSdk.Tests.JsonRpc;

/// <summary>
/// How an <c>event.get</c> answer becomes <see cref="ZabbixEvent"/>s: Zabbix writes numbers as strings, the JSON layer
/// reads them, and a number that is not one fails the whole answer instead of reading as zero.
/// </summary>
public class ZabbixEventReadingTests
{
    private const string Row =
        """{"acknowledgeid":"77","userid":"3","clock":"1700000000","message":"on it","action":"44","old_severity":"2","new_severity":"4","suppress_until":"1700003600"}""";

    [Test]
    public async Task Every_field_is_read_from_Zabbix_string_numbers()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("event.get").Result($$"""[{"eventid":"42","acknowledged":"1","severity":"4","r_eventid":"43","suppressed":"1","cause_eventid":"40","acknowledges":[{{Row}}]}]""");
        using var client = ZabbixTest.Client(mock);

        var e = (await client.GetEventsAsync(["42"])).Single();
        var row = e.Acknowledgements.Single();

        Assert.Multiple(() =>
        {
            Assert.That((e.EventId, e.IsAcknowledged, e.Severity, e.IsResolved, e.IsSuppressed, e.CauseEventId), Is.EqualTo(("42", true, EventSeverity.High, true, (bool?)true, "40")));
            Assert.That((row.AcknowledgeId, row.UserId, row.Time, row.Message), Is.EqualTo(("77", "3", DateTimeOffset.FromUnixTimeSeconds(1700000000), "on it")));
            Assert.That(row.Action, Is.EqualTo(EventAction.ChangeSeverity | EventAction.AddMessage | EventAction.Suppress));
            Assert.That((row.OldSeverity, row.NewSeverity), Is.EqualTo(((EventSeverity?)EventSeverity.Warning, (EventSeverity?)EventSeverity.High)));
            Assert.That(row.SuppressUntil, Is.EqualTo(SuppressUntil.FromUnixTimeSeconds(1700003600)));
        });
    }

    [Test]
    public async Task Numbers_written_as_JSON_numbers_read_the_same()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("event.get").Result("""[{"eventid":"42","acknowledged":"0","severity":5,"acknowledges":[{"acknowledgeid":"1","clock":1700000000,"action":2,"message":""}]}]""");
        using var client = ZabbixTest.Client(mock);

        var e = (await client.GetEventsAsync(["42"])).Single();

        Assert.Multiple(() =>
        {
            Assert.That(e.Severity, Is.EqualTo(EventSeverity.Disaster));
            Assert.That(e.Acknowledgements.Single().Time, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1700000000)));
            Assert.That(e.Acknowledgements.Single().Action, Is.EqualTo(EventAction.Acknowledge));
        });
    }

    [TestCase("severity", "high")]
    [TestCase("severity", "")]
    [TestCase("severity", "4.5")]
    [TestCase("clock", "yesterday")]
    [TestCase("clock", "99999999999")]
    [TestCase("action", "0x2")]
    [TestCase("old_severity", "-")]
    [TestCase("new_severity", "4 ")]
    [TestCase("suppress_until", "soon")]
    public void A_malformed_number_fails_the_answer_as_invalid(string field, string value)
    {
        var row = Row.Replace($"\"{field}\":\"", $"\"{field}\":\"{value}\",\"was_{field}\":\"", StringComparison.Ordinal);
        var eventJson = field == "severity"
            ? $$"""{"eventid":"42","severity":"{{value}}","acknowledges":[]}"""
            : $$"""{"eventid":"42","severity":"3","acknowledges":[{{row}}]}""";
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("event.get").Result($"[{eventJson}]");
        using var client = ZabbixTest.Client(mock);

        var error = Assert.ThrowsAsync<InvalidResponseException>(() => client.GetEventsAsync(["42"]));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.StartWith("Zabbix answered 'event.get' with a result of an unexpected shape: "));
            Assert.That(error.Error.Operation, Is.EqualTo("event.get"));
            Assert.That(error.StatusCode, Is.EqualTo(200));
            Assert.That(error.Error.ResponseBodyExcerpt, Does.Contain(value.Length > 0 ? value : "\"severity\":\"\""));
        });
    }
}
