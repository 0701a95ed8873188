using System;
using IncidentSdk.JsonRpc;

namespace IncidentSdk.Testing;

/// <summary>One acknowledge row of a fake event.</summary>
/// <param name="Action">The action bits as received.</param>
/// <param name="Message">The message, or an empty string.</param>
/// <param name="Time">When the fake recorded it.</param>
public sealed record FakeAcknowledge(EventAction Action, string Message, DateTimeOffset Time)
{
    /// <summary>The id of the user who made the update (<c>1</c> for <c>Admin</c> and for API tokens).</summary>
    public string UserId { get; init; } = "1";
}
