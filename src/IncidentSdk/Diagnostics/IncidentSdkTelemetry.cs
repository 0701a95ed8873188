using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IncidentSdk.Diagnostics;

/// <summary>
/// The names under which the SDK reports traces and metrics. With OpenTelemetry:
/// <c>tracing.AddSource(IncidentSdkTelemetry.ActivitySourceName)</c> and
/// <c>metrics.AddMeter(IncidentSdkTelemetry.MeterName)</c>.
/// </summary>
/// <remarks>
/// Each call to a service is one span (<c>coc acceptedIncident1</c>, <c>zabbix event.acknowledge</c>) tagged with
/// <c>incidentsdk.service</c>, <c>incidentsdk.operation</c>, <c>incidentsdk.target</c> (the ticket number, or the
/// first event id and how many), <c>incidentsdk.attempts</c> and, on failure, <c>error.type</c> and
/// <c>incidentsdk.error_code</c>. Metrics: the counter <c>incidentsdk.client.operations</c>, the counter
/// <c>incidentsdk.client.attempts</c> (every HTTP attempt, retries included) and the histogram
/// <c>incidentsdk.client.operation.duration</c> in seconds, tagged with service, operation and outcome.
/// No credential, token or message text is ever a tag.
/// </remarks>
public static class IncidentSdkTelemetry
{
    /// <summary>The name of the SDK's <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = "IncidentSdk";

    /// <summary>The name of the SDK's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "IncidentSdk";

    internal static readonly ActivitySource Source = new(ActivitySourceName, typeof(IncidentSdkTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(MeterName, typeof(IncidentSdkTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// The duration histogram's bucket boundaries, in seconds: OpenTelemetry's advice for HTTP client durations
    /// (semantic conventions, http.client.request.duration: 0.005 … 10 s), then 30 and 60 s, as an SDK call includes
    /// retries and their delays up to the total timeout. Without advice, collectors use their default boundaries
    /// (up to 10,000), made for milliseconds, and every call lands in the first bucket.
    /// </summary>
    public static IReadOnlyList<double> DurationBuckets { get; } = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60];

    internal static readonly Counter<long> Operations = Meter.CreateCounter<long>("incidentsdk.client.operations", description: "Calls to COC or Zabbix, by outcome.");

    internal static readonly Counter<long> Attempts = Meter.CreateCounter<long>("incidentsdk.client.attempts", description: "HTTP attempts, retries included.");

#if NET9_0_OR_GREATER
    internal static readonly Histogram<double> Duration = Meter.CreateHistogram(
        "incidentsdk.client.operation.duration",
        unit: "s",
        description: "Duration of calls, retries and delays included.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
#else
    // InstrumentAdvice needs System.Diagnostics.DiagnosticSource 9+; the net8.0 and netstandard2.0 builds depend on 8.0,
    // so there a collector's own view sets the boundaries (DurationBuckets lists the SDK's).
    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("incidentsdk.client.operation.duration", unit: "s", description: "Duration of calls, retries and delays included.");
#endif
}
