using System;

namespace IncidentSdk.Cli;

/// <summary>The command line or the configuration cannot be used as given; nothing was sent (exit code 2).</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CliUsageException()
    {
    }
}
