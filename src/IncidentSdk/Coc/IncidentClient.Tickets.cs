using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Http;
using IncidentSdk.Internal;

namespace IncidentSdk.Coc;

// Ticket reads: the detail of one ticket and the filtered, paged list. Both are reads, so the chain may retry them.
public partial class IncidentClient
{
    /// <summary>The path of the detail API; <c>{incident_num}</c> is the escaped ticket number.</summary>
    public const string DetailPathPrefix = "/v1/external/incident/";

    /// <summary>The path of the list API.</summary>
    public const string ListPath = "/v2/incidents/list";

    // The SDKs and Huawei's Terraform provider send Content-Type application/json on the bodiless GET (§0).
    private const string GetContentType = "application/json";

    /// <summary>Reads one ticket (<c>GET /v1/external/incident/{incident_num}</c>).</summary>
    /// <param name="incidentNumber">The ticket number, such as <c>IM202403221515060171753781</c>; escaped into the path.</param>
    /// <param name="cancellationToken">Cancels the call, including any retry delay.</param>
    /// <returns>The ticket.</returns>
    /// <exception cref="RequestValidationException">The number is empty, longer than 255, or holds a character that would change the path; nothing was sent.</exception>
    /// <exception cref="ResourceNotFoundException">COC has no such ticket (<c>COC.00067003</c> on HTTP 400).</exception>
    /// <exception cref="InvalidResponseException">COC answered success with a body that is not a ticket.</exception>
    /// <exception cref="ServiceException">COC or its gateway answered with another failure.</exception>
    /// <exception cref="TransportException">No usable response arrived.</exception>
    public virtual async Task<IncidentTicket> GetIncidentAsync(string incidentNumber, CancellationToken cancellationToken = default)
    {
        var core = GetCore();
        core.ThrowIfInvalid(IncidentReadValidator.IncidentNumber(incidentNumber), "GetIncident", "ShowCocIncidentDetail");
        cancellationToken.ThrowIfCancellationRequested();
        var uri = EndpointRules.Resolve(_endpoint!, DetailPathPrefix + Uri.EscapeDataString(incidentNumber));
        var outgoing = new OutgoingRequest("ShowCocIncidentDetail", Idempotent: true, HttpMethod.Get, uri, [], GetContentType) { Target = incidentNumber };
        return await core.SendAsync(
            outgoing,
            answer => CocResponseMapper.Map(answer.Response, answer.Body, core.TimeProvider, envelope =>
                CocResponseMapper.ReadData(answer.Response, answer.Body, envelope, CocJsonContext.Wire.TicketDetailBody, "the ticket " + incidentNumber).ToModel(incidentNumber)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one page of the incident list (<c>POST /v2/incidents/list</c>).</summary>
    /// <param name="request">The filters, order, page number and page size.</param>
    /// <param name="cancellationToken">Cancels the call, including any retry delay.</param>
    /// <returns>The page, with COC's total when it reported one.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="RequestValidationException">The request breaks a documented limit; nothing was sent.</exception>
    /// <exception cref="InvalidResponseException">COC answered success with a body that is not a list of tickets.</exception>
    /// <exception cref="ServiceException">COC or its gateway answered with a failure.</exception>
    /// <exception cref="TransportException">No usable response arrived.</exception>
    public virtual Task<IncidentTicketPage> ListIncidentsPageAsync(ListIncidentsRequest request, CancellationToken cancellationToken = default)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var core = GetCore();
        var snapshot = request.Snapshot(request.Page);
        core.ThrowIfInvalid(IncidentReadValidator.List(snapshot), nameof(ListIncidentsRequest), "ListIncidents");
        cancellationToken.ThrowIfCancellationRequested();
        return SendListAsync(core, snapshot, cancellationToken);
    }

    /// <summary>
    /// Lists every ticket that matches <paramref name="request"/>, reading page after page from
    /// <see cref="ListIncidentsRequest.Page"/> on until a page is short or empty, or the tickets read reach the total
    /// COC reported. The request is checked when the enumeration starts, before anything is sent, and later changes
    /// to it do not affect a listing under way.
    /// </summary>
    /// <param name="request">The filters, order, first page and page size; all tickets from page 1 when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the listing (also given through <c>WithCancellation</c>).</param>
    /// <returns>The tickets, in COC's order.</returns>
    /// <exception cref="RequestValidationException">The request breaks a documented limit; nothing was sent.</exception>
    /// <exception cref="ServiceException">COC or its gateway answered a page with a failure.</exception>
    /// <exception cref="TransportException">No usable response arrived for a page.</exception>
    public virtual async IAsyncEnumerable<IncidentTicket> ListIncidentsAsync(ListIncidentsRequest? request = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var core = GetCore();
        var first = (request ?? new ListIncidentsRequest()).Snapshot((request ?? new ListIncidentsRequest()).Page);
        core.ThrowIfInvalid(IncidentReadValidator.List(first), nameof(ListIncidentsRequest), "ListIncidents");
        long read = 0;
        for (var page = first.Page; page <= ListIncidentsRequest.MaxPage; page++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await SendListAsync(core, first.Snapshot(page), cancellationToken).ConfigureAwait(false);
            foreach (var ticket in result.Tickets)
            {
                yield return ticket;
            }

            read += result.Tickets.Count;
            var skipped = (long)(first.Page - 1) * first.PageSize;
            if (result.Tickets.Count < first.PageSize || (result.Total is { } total && skipped + read >= total))
            {
                yield break;
            }
        }
    }

    private Task<IncidentTicketPage> SendListAsync(RequestCore core, ListIncidentsRequest request, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(ListIncidentsBody.From(request), CocJsonContext.Wire.ListIncidentsBody);
        var outgoing = new OutgoingRequest("ListIncidents", Idempotent: true, HttpMethod.Post, EndpointRules.Resolve(_endpoint!, ListPath), body, ContentType);
        return core.SendAsync(
            outgoing,
            answer => CocResponseMapper.Map(answer.Response, answer.Body, core.TimeProvider, envelope =>
            {
                var data = CocResponseMapper.ReadData(answer.Response, answer.Body, envelope, CocJsonContext.Wire.TicketListBody, "the incident list");
                if (data.Tickets is null || data.Tickets.Any(t => t is null))
                {
                    throw CocResponseMapper.Malformed(answer.Response, answer.Body, envelope, "the incident list", data.Tickets is null ? "no data.tickets array" : "a null row in data.tickets");
                }

                return new IncidentTicketPage(data.Tickets.Select(t => t!.ToModel()).ToArray(), data.Total, request.Page, request.PageSize);
            }),
            cancellationToken);
    }
}
