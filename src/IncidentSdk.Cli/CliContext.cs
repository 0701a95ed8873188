using System;
using System.IO;
using System.Net.Http;
using IncidentSdk.Testing;

namespace IncidentSdk.Cli;

/// <summary>
/// Everything the command reads from or writes to its surroundings, so it can run in-process with captured
/// output, a given environment and a given transport.
/// </summary>
internal sealed class CliContext
{
    /// <summary>Where results go (human text, or one JSON object with <c>--json</c>).</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Where errors go: one line per failure.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Reads an environment variable; <see langword="null"/> when unset.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = static _ => null;

    /// <summary>The directory in which <c>incident.json</c> is looked for, and relative <c>--config</c> paths resolve.</summary>
    public string CurrentDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>The clock, for relative <c>--until</c> values such as <c>2h</c>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The transport for online calls; <see langword="null"/> uses the SDK's own connection pool.</summary>
    public HttpMessageHandler? Transport { get; init; }

    /// <summary>The COC fake that <c>--offline</c> uses; a new one per run when <see langword="null"/>.</summary>
    public FakeCocService? OfflineCoc { get; init; }

    /// <summary>The Zabbix fake that <c>--offline</c> uses; a new one per run when <see langword="null"/>.</summary>
    public FakeZabbixService? OfflineZabbix { get; init; }

    /// <summary>Whether Ctrl+C and SIGTERM cancel the running call (only for the real process).</summary>
    public bool HandleProcessTermination { get; init; }

    /// <summary>The context of the real process: the console, the environment and the working directory.</summary>
    public static CliContext ForProcess() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        GetEnvironmentVariable = Environment.GetEnvironmentVariable,
        CurrentDirectory = Environment.CurrentDirectory,
        HandleProcessTermination = true,
    };
}
