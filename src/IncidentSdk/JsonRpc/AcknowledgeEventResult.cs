using System.Collections.Generic;

namespace IncidentSdk.JsonRpc;

/// <summary>The outcome of <c>event.acknowledge</c>: the ids Zabbix updated.</summary>
public sealed class AcknowledgeEventResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="eventIds">The updated event ids, as strings.</param>
    /// <param name="verifiedAfterAmbiguousFailure">Whether the result was established by reading the events back after a failure that left it unclear.</param>
    public AcknowledgeEventResult(IReadOnlyList<string> eventIds, bool verifiedAfterAmbiguousFailure = false)
    {
        EventIds = eventIds;
        VerifiedAfterAmbiguousFailure = verifiedAfterAmbiguousFailure;
    }

    /// <summary>The updated event ids as strings, whether the server sent strings or numbers (6.0 sends numbers).</summary>
    public IReadOnlyList<string> EventIds { get; }

    /// <summary>
    /// <see langword="true"/> when a message-adding call failed after it may have reached the server and the client
    /// read the events back (<c>event.get</c>) to find out, resending only to events that lacked the message.
    /// </summary>
    public bool VerifiedAfterAmbiguousFailure { get; }
}
