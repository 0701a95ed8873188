using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using IncidentSdk.Testing.Internal;
using IncidentSdk.JsonRpc;

namespace IncidentSdk.Testing;

/// <summary>A snapshot of a problem event in <see cref="FakeZabbixService"/>.</summary>
/// <param name="EventId">The event id.</param>
/// <param name="Name">The problem name.</param>
/// <param name="Severity">The current severity.</param>
/// <param name="IsAcknowledged">Whether the event is acknowledged.</param>
/// <param name="IsClosed">Whether a close was recorded (the fake, like a server without its daemon, only records it).</param>
/// <param name="SuppressedUntil">The suppression end (<see cref="DateTimeOffset.MaxValue"/> for indefinitely), or <see langword="null"/>.</param>
/// <param name="CauseEventId">The cause event id when the event was made a symptom, else <see langword="null"/>.</param>
/// <param name="Acknowledges">Every acknowledge row recorded, oldest first.</param>
public sealed record FakeZabbixEvent(
    string EventId,
    string Name,
    EventSeverity Severity,
    bool IsAcknowledged,
    bool IsClosed,
    DateTimeOffset? SuppressedUntil,
    string? CauseEventId,
    IReadOnlyList<FakeAcknowledge> Acknowledges);

/// <summary>One acknowledge row of a fake event.</summary>
/// <param name="Action">The action bits as received.</param>
/// <param name="Message">The message, or an empty string.</param>
/// <param name="Time">When the fake recorded it.</param>
public sealed record FakeAcknowledge(EventAction Action, string Message, DateTimeOffset Time)
{
    /// <summary>The id of the user who made the update (<c>1</c> for <c>Admin</c> and for API tokens).</summary>
    public string UserId { get; init; } = "1";
}

/// <summary>
/// One JSON-RPC request the Zabbix fake received. <see cref="Body"/> is verbatim; <c>ToString()</c> prints it with
/// every <c>auth</c>, <c>password</c>, <c>token</c> and <c>sessionid</c> value masked, and a body that is not JSON
/// not at all, so test output shows no credential.
/// </summary>
/// <param name="Method">The method name.</param>
/// <param name="Body">The request body exactly as received (UTF-8 text).</param>
/// <param name="ErrorCode">The JSON-RPC error code answered, or <see langword="null"/> on success.</param>
public sealed record FakeZabbixRequest(string Method, string Body, int? ErrorCode)
{
    /// <summary>The HTTP status answered: 200 for every JSON-RPC answer (errors included), 412 for a refused Content-Type, 0 when an injected exception was thrown.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>
    /// <see langword="true"/> when the fake handled the call but dropped its response (<see cref="FakeFailures.LoseNextResponse"/>);
    /// <see cref="ErrorCode"/> then says what it would have answered.
    /// </summary>
    public bool ResponseLost { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Method = ").Append(Method)
            .Append(", Body = ").Append(CredentialMask.JsonBody(Body))
            .Append(", ErrorCode = ").Append(ErrorCode?.ToString(CultureInfo.InvariantCulture))
            .Append(", StatusCode = ").Append(StatusCode.ToString(CultureInfo.InvariantCulture))
            .Append(", ResponseLost = ").Append(ResponseLost ? "True" : "False");
        return true;
    }
}
