using System;
using System.Collections.Generic;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace IncidentSdk.Diagnostics;

/// <summary>One traced and measured service call: a span, a duration, an outcome. Cheap when nobody listens.</summary>
internal readonly struct OperationScope
{
    private readonly Activity? _activity;
    private readonly long _started;
    private readonly string _service;
    private readonly string _operation;
    private readonly string? _target;
    private readonly ILogger _logger;

    private OperationScope(Activity? activity, long started, string service, string operation, string? target, ILogger logger)
    {
        _target = target;
        _logger = logger;
        _activity = activity;
        _started = started;
        _service = service;
        _operation = operation;
    }

    public static OperationScope Start(string service, string operation, string? target, ILogger logger)
    {
        var activity = IncidentSdkTelemetry.Source.HasListeners()
            ? IncidentSdkTelemetry.Source.StartActivity(service + " " + operation, ActivityKind.Client)
            : null;
        if (activity is not null)
        {
            activity.SetTag("incidentsdk.service", service);
            activity.SetTag("incidentsdk.operation", operation);
            if (target is not null)
            {
                activity.SetTag("incidentsdk.target", target);
            }
        }

        return new OperationScope(activity, Stopwatch.GetTimestamp(), service, operation, target, logger);
    }

    /// <summary>Records the outcome: <paramref name="error"/> is <see langword="null"/> on success.</summary>
    public void Complete(int attempts, Exception? error)
    {
        var outcome = error switch
        {
            null => "success",
            OperationCanceledException => "cancelled",
            _ => error.GetType().Name,
        };
        var errorCode = (error as ServiceException)?.ErrorCode;
        if (error is not null and not OperationCanceledException && _logger.IsEnabled(LogLevel.Warning))
        {
            Log.Failed(_logger, _service, _operation, _target ?? "-", attempts, outcome, errorCode ?? "-", (error as ServiceException)?.RequestId ?? "-", error);
        }

        if (_activity is not null)
        {
            _activity.SetTag("incidentsdk.attempts", attempts);
            if (error is not null)
            {
                _activity.SetTag("error.type", outcome);
                if (errorCode is not null)
                {
                    _activity.SetTag("incidentsdk.error_code", errorCode);
                }

                _activity.SetStatus(ActivityStatusCode.Error, outcome);
            }

            _activity.Dispose();
        }

        if (!IncidentSdkTelemetry.Operations.Enabled && !IncidentSdkTelemetry.Attempts.Enabled && !IncidentSdkTelemetry.Duration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "incidentsdk.service", _service },
            { "incidentsdk.operation", _operation },
            { "incidentsdk.outcome", outcome },
        };
        IncidentSdkTelemetry.Operations.Add(1, tags);
        if (attempts > 0)
        {
            IncidentSdkTelemetry.Attempts.Add(attempts, tags);
        }

        var elapsed = (Stopwatch.GetTimestamp() - _started) / (double)Stopwatch.Frequency;
        IncidentSdkTelemetry.Duration.Record(elapsed, tags);
    }

    /// <summary>The target tag of an event id list: the first id and, for more, how many.</summary>
    public static string EventTarget(IReadOnlyList<string> eventIds) =>
        eventIds.Count switch
        {
            0 => string.Empty,
            1 => eventIds[0],
            _ => $"{eventIds[0]} (+{eventIds.Count - 1} more)",
        };
}
