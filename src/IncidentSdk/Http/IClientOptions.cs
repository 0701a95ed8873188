using System;
using System.Collections.Generic;
using IncidentSdk.Diagnostics;

namespace IncidentSdk.Http;

/// <summary>What the request path needs of either client's options, so one handler chain and one request core serve both.</summary>
internal interface IClientOptions
{
    /// <summary>The retry, timeout and circuit settings.</summary>
    ResilienceOptions Resilience { get; }

    /// <summary>The logging settings.</summary>
    LoggingOptions Logging { get; }

    /// <summary>The most of a response body that is read.</summary>
    int MaxResponseBodyBytes { get; }

    /// <summary>The clock.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>Every problem that makes the options unusable, as sentences that say what to fix.</summary>
    IReadOnlyList<string> Validate();
}
