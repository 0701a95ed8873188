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

    internal static readonly Counter<long> Operations = Meter.CreateCounter<long>("incidentsdk.client.operations", description: "Calls to COC or Zabbix, by outcome.");

    internal static readonly Counter<long> Attempts = Meter.CreateCounter<long>("incidentsdk.client.attempts", description: "HTTP attempts, retries included.");

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("incidentsdk.client.operation.duration", unit: "s", description: "Duration of calls, retries and delays included.");
}
