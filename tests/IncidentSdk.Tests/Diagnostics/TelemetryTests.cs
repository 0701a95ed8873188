using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using IncidentSdk.Diagnostics;

namespace IncidentSdk.Tests.Diagnostics;

/// <summary>A listener subscribes to the SDK's ActivitySource and Meter by their documented names.</summary>
public class TelemetryTests
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentDictionary<string, Instrument> _instruments = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private ActivityListener _activities = null!;
    private MeterListener _meters = null!;

    [SetUp]
    public void Listen()
    {
        // One fixture instance runs every test: each starts with nothing recorded.
        _spans.Clear();
        _measurements.Clear();
        _instruments.Clear();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == IncidentSdkTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == IncidentSdkTelemetry.MeterName)
                {
                    _instruments[instrument.Name] = instrument;
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
    }

    [TearDown]
    public void Stop()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    [Test]
    public async Task A_coc_call_that_was_retried_is_one_span_with_its_attempts_and_metrics()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect("*").Respond(HttpStatusCode.ServiceUnavailable);
        mock.Expect("*").Respond("application/json", CocBodies.Success);
        using var client = CocTest.Client(mock);

        await client.AcceptAsync("IM-TELEMETRY-1", CocTest.Operator);

        var span = _spans.Single(s => (string?)s.GetTagItem("incidentsdk.target") == "IM-TELEMETRY-1");
        Assert.Multiple(() =>
        {
            Assert.That(span.DisplayName, Is.EqualTo("coc acceptedIncident1"));
            Assert.That(span.Kind, Is.EqualTo(ActivityKind.Client));
            Assert.That(span.GetTagItem("incidentsdk.operation"), Is.EqualTo("acceptedIncident1"));
            Assert.That(span.GetTagItem("incidentsdk.attempts"), Is.EqualTo(2));
            Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Unset));
            Assert.That(Measured("incidentsdk.client.operations", "acceptedIncident1", "success"), Is.EqualTo(1));
            Assert.That(Measured("incidentsdk.client.attempts", "acceptedIncident1", "success"), Is.EqualTo(2));
            Assert.That(_measurements.Count(m => m.Instrument == "incidentsdk.client.operation.duration"), Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public void A_failed_call_records_the_error_type_and_the_service_code_but_no_secret()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(HttpStatusCode.BadRequest, "application/json", CocBodies.InvalidParameter);
        using var client = CocTest.Client(mock);

        Assert.ThrowsAsync<InvalidParameterException>(() => client.AcceptAsync("IM-TELEMETRY-2", CocTest.Operator));

        var span = _spans.Single(s => (string?)s.GetTagItem("incidentsdk.target") == "IM-TELEMETRY-2");
        Assert.Multiple(() =>
        {
            Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(span.GetTagItem("error.type"), Is.EqualTo(nameof(InvalidParameterException)));
            Assert.That(span.GetTagItem("incidentsdk.error_code"), Is.EqualTo("GOM.00007256"));
            Assert.That(span.Tags.Select(t => t.Value), Has.None.Contains(CocTest.SecretKey).And.None.Contains(CocTest.AccessKey));
            Assert.That(Measured("incidentsdk.client.operations", "acceptedIncident1", nameof(InvalidParameterException)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Each_zabbix_call_is_a_span_with_its_method_and_event_target()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("apiinfo.version").Result("\"7.0.22\"");
        mock.Rpc("event.acknowledge").Result("""{"eventids":["91001","91002","91003"]}""");
        using var client = ZabbixTest.Client(mock, version: null);

        await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["91001", "91002", "91003"], "m"));

        var spans = _spans.Where(s => s.GetTagItem("incidentsdk.service") as string == "zabbix").ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(spans.Select(s => s.DisplayName), Is.SupersetOf(new[] { "zabbix apiinfo.version", "zabbix event.acknowledge" }));
            Assert.That(spans.Single(s => s.DisplayName == "zabbix event.acknowledge").GetTagItem("incidentsdk.target"), Is.EqualTo("91001 (+2 more)"));
            Assert.That(spans.SelectMany(s => s.Tags).Select(t => t.Value), Has.None.Contains(ZabbixTest.Token));
        });
    }

    [Test]
    public void A_request_refused_by_validation_is_a_failed_span_and_metric_with_no_attempt()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.When("*").With(log.Capture).Respond(HttpStatusCode.OK);
        using var coc = CocTest.Client(mock);
        using var zabbix = ZabbixTest.Client(mock);
        var tooLong = new CreateIncidentRequest(new string('t', 201), IncidentLevel.P3, IncidentCategory.ConfigIssues, "incident_source_alarm", CocTest.Operator) { Assignee = CocTest.Operator };

        Assert.ThrowsAsync<RequestValidationException>(() => coc.CreateIncidentAsync(tooLong));
        Assert.ThrowsAsync<RequestValidationException>(() => coc.GetIncidentAsync("IM/1"));
        Assert.ThrowsAsync<RequestValidationException>(() => zabbix.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([])));

        var refused = _spans.Where(s => (string?)s.GetTagItem("error.type") == nameof(RequestValidationException)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(refused.Select(s => s.DisplayName), Is.EqualTo(new[] { "coc CreateCocIncident", "coc ShowCocIncidentDetail", "zabbix event.acknowledge" }));
            Assert.That(refused.Select(s => s.GetTagItem("incidentsdk.attempts")), Is.All.EqualTo(0));
            Assert.That(refused.Select(s => s.Status), Is.All.EqualTo(ActivityStatusCode.Error));
            Assert.That(refused.Select(s => s.GetTagItem("incidentsdk.target")), Is.All.Null, "refused input is never a tag");
            Assert.That(Measured("incidentsdk.client.operations", "CreateCocIncident", nameof(RequestValidationException)), Is.EqualTo(1));
            Assert.That(Measured("incidentsdk.client.operations", "event.acknowledge", nameof(RequestValidationException)), Is.EqualTo(1));
            Assert.That(_measurements.Count(m => m.Instrument == "incidentsdk.client.operation.duration" && Equals(m.Tags["incidentsdk.outcome"], nameof(RequestValidationException))), Is.EqualTo(3));
            Assert.That(log.Requests, Is.Empty);
        });
    }

#if LIBRARY_NET10
    [Test]
    public void The_duration_histogram_advises_second_scale_buckets()
    {
        var duration = (Histogram<double>)_instruments["incidentsdk.client.operation.duration"];

        Assert.Multiple(() =>
        {
            Assert.That(duration.Unit, Is.EqualTo("s"));
            Assert.That(duration.Advice!.HistogramBucketBoundaries, Is.EqualTo(new[] { 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60 }));
            Assert.That(IncidentSdkTelemetry.DurationBuckets, Is.EqualTo(duration.Advice.HistogramBucketBoundaries));
        });
    }
#endif

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue((instrument.Name, value, copy));
    }

    private double Measured(string instrument, string operation, string outcome) =>
        _measurements.Where(m => m.Instrument == instrument
                && Equals(m.Tags["incidentsdk.operation"], operation)
                && Equals(m.Tags["incidentsdk.outcome"], outcome))
            .Sum(m => m.Value);
}
