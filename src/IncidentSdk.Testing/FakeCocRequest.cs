namespace IncidentSdk.Testing;

/// <summary>One request the COC fake received.</summary>
/// <param name="IncidentNumber">The <c>incident_num</c> of the body, or the ticket number of a detail or v2 per-ticket path, when it had one.</param>
/// <param name="OperateKey">The <c>operate_key</c> of a v1 action's body, or the <c>action</c> of a v2 action's body, when it had one.</param>
/// <param name="Body">The body exactly as received (UTF-8 text).</param>
/// <param name="StatusCode">The HTTP status the fake answered with (0 when an injected exception was thrown).</param>
/// <param name="ErrorCode">The <c>error_code</c> the fake answered with, when it sent one.</param>
public sealed record FakeCocRequest(string? IncidentNumber, string? OperateKey, string Body, int StatusCode, string? ErrorCode)
{
    /// <summary>
    /// <see langword="true"/> when the fake handled the request but dropped its response (<see cref="FakeFailures.LoseNextResponse"/>);
    /// <see cref="StatusCode"/> and <see cref="ErrorCode"/> then say what it would have answered.
    /// </summary>
    public bool ResponseLost { get; init; }

    /// <summary>The HTTP method (<c>POST</c> for creates, actions, lists and histories, <c>GET</c> for a ticket's detail and tasks).</summary>
    public string? Method { get; init; }

    /// <summary>The request's path as sent (escaped), such as <c>/v2/incidents/list</c>.</summary>
    public string? Path { get; init; }

    /// <summary>The <c>X-Request-Id</c> the fake gave the request, or <see langword="null"/> when an injected failure answered it.</summary>
    public string? RequestId { get; init; }
}
