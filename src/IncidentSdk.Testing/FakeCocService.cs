using System;
using System.Collections.Generic;
using System.Net.Http;
using IncidentSdk.Authentication;
using IncidentSdk.Testing.Internal;

namespace IncidentSdk.Testing;

/// <summary>
/// An in-memory fake of Huawei Cloud COC's ticket APIs as an <see cref="HttpMessageHandler"/>: the create API
/// (<c>POST /v1/external/incident/create</c>); the v1 action API (<c>POST /v1/external/incident/handle</c>), where
/// tickets move Triggered → Accepted → Solved → Confirmed and out-of-order actions are refused with COC's own error
/// shape; the v2 workflow (<c>GET /v2/incidents/{id}/tasks</c>, <c>POST /v2/incidents/{id}/actions</c>, which also
/// rejects, reopens, forwards and closes); the history (<c>POST /v2/incidents/{id}/histories</c>); the detail API
/// (<c>GET /v1/external/incident/{incident_num}</c>) and the list API (<c>POST /v2/incidents/list</c>, with filters,
/// order, pages and the total). AK/SK signatures are verified, and failures can be injected.
/// </summary>
/// <remarks>
/// <para>Answers follow coc-incident-handle.md: success is HTTP 200 with <c>error_code</c> <c>GOM.00000000</c>; a refused
/// body, field or action is HTTP 400 with <c>GOM.00007256</c> (the one failure code COC documents) and an
/// <c>error_msg</c> naming the field, such as <c>The field[operate_key] value[confirm] invalid</c>; the gateway in front
/// answers <c>APIG.0101</c> (404) for other paths, <c>APIG.0301</c> (401) for a missing or wrong signature or token and
/// <c>APIG.0303</c> (401) for an <c>X-Sdk-Date</c> more than 15 minutes from the fake's clock. Every response carries a
/// unique <c>X-Request-Id</c> and a <c>Date</c> header from the fake's clock.</para>
/// <para>Thread-safe: requests may arrive concurrently; each ticket moves one step at a time.</para>
/// </remarks>
public sealed partial class FakeCocService : HttpMessageHandler
{
    /// <summary>The endpoint to give <c>IncidentClientOptions.Endpoint</c>; any host works, this one never resolves.</summary>
    public static readonly Uri Endpoint = new("https://coc.fake.invalid");

    /// <summary>The path of the action API.</summary>
    public const string HandlePath = "/v1/external/incident/handle";

    /// <summary>The path of the detail API, before the escaped ticket number.</summary>
    public const string DetailPathPrefix = "/v1/external/incident/";

    /// <summary>The path of the list API.</summary>
    public const string ListPath = "/v2/incidents/list";

    /// <summary>The path of the create API (<c>POST</c>, coc-incident-lifecycle.md §1).</summary>
    public const string CreatePath = "/v1/external/incident/create";

    /// <summary>
    /// The start of the v2 per-ticket paths, before the escaped ticket number and <c>/tasks</c> (<c>GET</c>),
    /// <c>/actions</c> or <c>/histories</c> (<c>POST</c>).
    /// </summary>
    public const string TicketPathPrefix = "/v2/incidents/";

    /// <summary>The <c>operator</c> of the history rows of v2 actions and of <see cref="CompleteTicket"/> (the fake has no users behind its credentials).</summary>
    public const string ActionOperator = "fake-operator";

    /// <summary>The <c>error_code</c> of a ticket that does not exist, on HTTP 400 (coc-incident-lifecycle.md §0).</summary>
    public const string NotFoundCode = "COC.00067003";

    /// <summary>The <c>error_code</c> of a success.</summary>
    public const string SuccessCode = "GOM.00000000";

    /// <summary>The <c>error_code</c> of a refused body, field or action (HTTP 400).</summary>
    public const string InvalidParameterCode = "GOM.00007256";

    private readonly AkSkCredentials? _credentials;
    private readonly TimeProvider _timeProvider;
    private readonly object _gate = new();
    private readonly Dictionary<string, FakeTicket> _tickets = new(StringComparer.Ordinal);
    private readonly TokenSet _tokens = new();
    private readonly RequestLog<FakeCocRequest> _requests = new();

    /// <summary>Creates the fake.</summary>
    /// <param name="credentials">The AK/SK pair whose signatures are accepted; <see langword="null"/> accepts any well-formed signature or IAM token.</param>
    /// <param name="timeProvider">The fake's clock, for signature freshness; the system clock by default.</param>
    public FakeCocService(AkSkCredentials? credentials = null, TimeProvider? timeProvider = null)
    {
        _credentials = credentials;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Hooks that make the next requests fail.</summary>
    public FakeFailures Failures { get; } = new();

    /// <summary>Every request received, in order, failed or not (a snapshot).</summary>
    public IReadOnlyList<FakeCocRequest> Requests => _requests.Snapshot();

    /// <summary>A snapshot of every ticket, added or created through the API, in no particular order.</summary>
    public IReadOnlyList<FakeTicket> Tickets
    {
        get
        {
            lock (_gate)
            {
                return [.. _tickets.Values];
            }
        }
    }

    /// <summary>Adds a ticket in the given state (or puts an existing ticket in that state).</summary>
    /// <param name="incidentNumber">The ticket number, e.g. <c>IM202403221515060171753781</c>.</param>
    /// <param name="state">The state it starts in.</param>
    /// <exception cref="ArgumentException"><paramref name="incidentNumber"/> is null or empty.</exception>
    public void AddTicket(string incidentNumber, FakeTicketState state = FakeTicketState.Triggered)
    {
        ArgumentException.ThrowIfNullOrEmpty(incidentNumber);
        lock (_gate)
        {
            _tickets[incidentNumber] = _tickets.TryGetValue(incidentNumber, out var existing)
                ? existing.With(state, existing.CreateTime, existing.UpdateTime, existing.HandleTime)
                : new FakeTicket(incidentNumber) { State = state, CreateTime = _timeProvider.GetUtcNow() };
        }
    }

    /// <summary>
    /// Adds a ticket with the given fields (or replaces the ticket with its number). A ticket without a
    /// <see cref="FakeTicket.CreateTime"/> is given the fake's clock.
    /// </summary>
    /// <param name="ticket">The ticket.</param>
    /// <exception cref="ArgumentNullException"><paramref name="ticket"/> is null.</exception>
    public void AddTicket(FakeTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        lock (_gate)
        {
            _tickets[ticket.IncidentNumber] = ticket.CreateTime is null
                ? ticket.With(ticket.State, _timeProvider.GetUtcNow(), ticket.UpdateTime, ticket.HandleTime)
                : ticket;
        }
    }

    /// <summary>A snapshot of the ticket, or <see langword="null"/> when there is no such ticket.</summary>
    /// <param name="incidentNumber">The ticket number.</param>
    /// <returns>The ticket.</returns>
    public FakeTicket? GetTicket(string incidentNumber)
    {
        lock (_gate)
        {
            return incidentNumber is not null && _tickets.TryGetValue(incidentNumber, out var ticket) ? ticket : null;
        }
    }

    /// <summary>The ticket's state, or <see langword="null"/> when there is no such ticket.</summary>
    /// <param name="incidentNumber">The ticket number.</param>
    /// <returns>The state.</returns>
    public FakeTicketState? GetTicketState(string incidentNumber)
    {
        lock (_gate)
        {
            return incidentNumber is not null && _tickets.TryGetValue(incidentNumber, out var ticket) ? ticket.State : null;
        }
    }
}
