using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Http;
using IncidentSdk.Internal;
using IncidentSdk.Validation;

namespace IncidentSdk.Coc;

// Opening a ticket. It is not idempotent: never sent twice by the chain; a lost answer is settled through the list API.
public partial class IncidentClient
{
    /// <summary>The path of the create API.</summary>
    public const string CreatePath = "/v1/external/incident/create";

    /// <summary>
    /// Opens a ticket (<c>POST /v1/external/incident/create</c>) and returns its number. The description gets a
    /// reference line, <c>[ref:{marker}]</c>. When the call fails after it may have reached COC (no answer, a timeout,
    /// HTTP 5xx, or a success answer without a readable number), the client does not send it again: it lists the
    /// tickets created since shortly before the call (<see cref="IncidentClientOptions.CreateReadBack"/>) and looks
    /// for the marker. Found: the ticket is returned (<see cref="CreatedIncident.FoundByReadBack"/>). Not found or the
    /// list unreadable: <see cref="IncidentCreationUnknownException"/>, unless
    /// <see cref="CreateReadBackOptions.ResendWhenAbsent"/> allows one more send.
    /// </summary>
    /// <param name="request">The ticket.</param>
    /// <param name="cancellationToken">Cancels the call and any read-back.</param>
    /// <returns>The ticket number and its marker.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="RequestValidationException">The request breaks a documented limit; nothing was sent.</exception>
    /// <exception cref="IncidentCreationUnknownException">The create may have opened a ticket, and the read-back could not find it.</exception>
    /// <exception cref="ServiceException">COC or its gateway refused the ticket (HTTP 4xx, or an error code on a 2xx); no ticket was opened.</exception>
    /// <exception cref="TransportException">The request certainly never reached COC (<see cref="IncidentSdkException.RequestMayHaveReachedServer"/> is <see langword="false"/>).</exception>
    public virtual async Task<CreatedIncident> CreateIncidentAsync(CreateIncidentRequest request, CancellationToken cancellationToken = default)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var core = GetCore();
        core.ThrowIfInvalid(CreateIncidentRequestValidator.Validate(request), nameof(CreateIncidentRequest), "CreateCocIncident");
        cancellationToken.ThrowIfCancellationRequested();
        var marker = request.Marker ?? IncidentMarker.Generate();
        var body = JsonSerializer.SerializeToUtf8Bytes(CreateIncidentBody.From(request, marker), CocJsonContext.Wire.CreateIncidentBody);
        var since = core.TimeProvider.GetUtcNow() - _readBack.ClockTolerance;
        try
        {
            return new CreatedIncident(await SendCreateAsync(core, body, cancellationToken).ConfigureAwait(false), marker, foundByReadBack: false);
        }
        catch (IncidentSdkException failure) when (MayHaveCreated(failure))
        {
            return await SettleCreateAsync(core, request, marker, body, since, failure, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Finds the tickets whose description holds the reference line of <paramref name="marker"/>, among those created
    /// at or after <paramref name="createdSince"/> (the list API with <c>create_time &gt;=</c>, oldest first, every page;
    /// the marker is matched here, whole and case-sensitive, as COC documents no text search on descriptions).
    /// </summary>
    /// <param name="marker">The marker given to (or made for) <see cref="CreateIncidentAsync"/>.</param>
    /// <param name="createdSince">The earliest creation time to look at; the wider the window, the more pages are read.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The tickets, oldest first; empty when none has the marker.</returns>
    /// <exception cref="RequestValidationException">The marker breaks the rules of <see cref="CreateIncidentRequest.Marker"/>; nothing was sent.</exception>
    /// <exception cref="ServiceException">COC or its gateway answered a page with a failure.</exception>
    /// <exception cref="TransportException">No usable response arrived for a page.</exception>
    public virtual Task<IReadOnlyList<IncidentTicket>> FindIncidentsByMarkerAsync(string marker, DateTimeOffset createdSince, CancellationToken cancellationToken = default)
    {
        var core = GetCore();
        var errors = new ValidationErrorList();
        if (marker is null)
        {
            errors.Required("marker");
        }

        CreateIncidentRequestValidator.MarkerRules(marker, ref errors);
        core.ThrowIfInvalid(errors.ToResult(), "FindIncidentsByMarker", "ListIncidents");
        cancellationToken.ThrowIfCancellationRequested();
        return FindByMarkerAsync(core, marker!, createdSince, cancellationToken);
    }

    // Failures that leave open whether COC opened the ticket. A 4xx, or an error code on a 2xx, is COC or its gateway
    // refusing the request: nothing was created; so is a 503, which the SDK's retry rules treat as a refusal before
    // acting (sdk-shape.md), like 429. Another 5xx may come from a gateway whose backend acted (APIG's backend
    // timeouts), and a 2xx whose number cannot be read may be a success.
    private static bool MayHaveCreated(IncidentSdkException failure) => failure switch
    {
        RequestValidationException => false,

        // The client's own rate limiter refused: nothing was sent.
        ServiceException { RequestMayHaveReachedServer: false } => false,
        ServiceException { StatusCode: 503 } => false,
        InvalidResponseException invalid => invalid.StatusCode is null or (>= 200 and < 300) or >= 500,
        ServiceException service => service.StatusCode is null or >= 500,
        _ => failure.RequestMayHaveReachedServer,
    };

    private Task<string> SendCreateAsync(RequestCore core, byte[] body, CancellationToken cancellationToken)
    {
        var outgoing = new OutgoingRequest("CreateCocIncident", Idempotent: false, HttpMethod.Post, EndpointRules.Resolve(_endpoint!, CreatePath), body, ContentType);
        return core.SendAsync(
            outgoing,
            answer => CocResponseMapper.Map(answer.Response, answer.Body, core.TimeProvider, envelope =>
            {
                var data = CocResponseMapper.ReadData(answer.Response, answer.Body, envelope, CocJsonContext.Wire.CreatedIncidentBody, "the created ticket");
                if (string.IsNullOrEmpty(data.IncidentNum))
                {
                    // Huawei's Terraform provider treats an empty number as an error too (§1).
                    throw CocResponseMapper.Malformed(answer.Response, answer.Body, envelope, "the create", "no data.incident_num");
                }

                return data.IncidentNum!;
            }),
            cancellationToken);
    }

    private async Task<CreatedIncident> SettleCreateAsync(
        RequestCore core, CreateIncidentRequest request, string marker, byte[] body, DateTimeOffset since, IncidentSdkException failure, CancellationToken cancellationToken)
    {
        IncidentSdkException? readFailure = null;
        for (var attempt = 0; attempt < _readBack.Attempts; attempt++)
        {
            await Clock.DelayAsync(core.TimeProvider, _readBack.Delay, cancellationToken).ConfigureAwait(false);
            try
            {
                var found = await FindByMarkerAsync(core, marker, since, cancellationToken).ConfigureAwait(false);
                readFailure = null;
                if (found.Count > 0)
                {
                    return new CreatedIncident(found[0].Number, marker, foundByReadBack: true);
                }
            }
            catch (IncidentSdkException listFailure) when (!cancellationToken.IsCancellationRequested)
            {
                readFailure = listFailure;
            }
        }

        if (readFailure is null && _readBack.ResendWhenAbsent)
        {
            try
            {
                return new CreatedIncident(await SendCreateAsync(core, body, cancellationToken).ConfigureAwait(false), marker, foundByReadBack: false);
            }
            catch (IncidentSdkException resendFailure) when (MayHaveCreated(resendFailure))
            {
                failure = resendFailure;
            }
        }

        throw new IncidentCreationUnknownException(
            readFailure is null
                ? "The ticket create failed after it may have reached COC, and no ticket with its marker was found in the list; it was not sent again. Look for the marker before creating the ticket again."
                : "The ticket create failed after it may have reached COC, and the list could not be read to look for its marker; it was not sent again.",
            request,
            marker,
            since,
            failure,
            readFailure);
    }

    private async Task<IReadOnlyList<IncidentTicket>> FindByMarkerAsync(RequestCore core, string marker, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var query = new ListIncidentsRequest { PageSize = ListIncidentsRequest.MaxPageSize, Sort = new IncidentSort("create_time", descending: false) };
        query.StringFilters.Add(IncidentFilter.AtOrAfter("create_time", since));
        var found = new List<IncidentTicket>();
        for (var page = 1; page <= ListIncidentsRequest.MaxPage; page++)
        {
            var result = await SendListAsync(core, query.Snapshot(page), cancellationToken).ConfigureAwait(false);
            foreach (var ticket in result.Tickets)
            {
                if (IncidentMarker.IsIn(ticket.Description, marker))
                {
                    found.Add(ticket);
                }
            }

            if (!result.HasMore)
            {
                break;
            }
        }

        return found;
    }
}
