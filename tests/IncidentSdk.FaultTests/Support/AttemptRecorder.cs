using System.Diagnostics;
using IncidentSdk.Diagnostics;

namespace IncidentSdk.FaultTests.Support;

/// <summary>
/// Listens to the SDK's activities and keeps each call's <c>incidentsdk.attempts</c> tag: the client's own count of
/// attempts, for failures that never reach a server (nothing listening, no such host) and so cannot be counted there.
/// </summary>
internal sealed class AttemptRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<(string Operation, int Attempts)> _calls = new();

    public AttemptRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == IncidentSdkTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("incidentsdk.operation") is string operation && activity.GetTagItem("incidentsdk.attempts") is int attempts)
                {
                    _calls.Enqueue((operation, attempts));
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The attempts of every finished call of <paramref name="operation"/>, in order.</summary>
    public IReadOnlyList<int> Attempts(string operation) => _calls.Where(c => c.Operation == operation).Select(c => c.Attempts).ToArray();

    public void Dispose() => _listener.Dispose();
}
