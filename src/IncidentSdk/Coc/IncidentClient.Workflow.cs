using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Http;
using IncidentSdk.Internal;

namespace IncidentSdk.Coc;

// The v2 workflow: the actions a ticket offers now (tasks), its history, and taking an action. Reads are retried; acting is not.
public partial class IncidentClient
{
    /// <summary>The path prefix of the v2 ticket APIs; the escaped ticket number and <c>/tasks</c>, <c>/histories</c> or <c>/actions</c> follow.</summary>
    public const string V2PathPrefix = "/v2/incidents/";

    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    /// <summary>Reads the workflow nodes of a ticket and the actions each offers now (<c>GET /v2/incidents/{incident_id}/tasks</c>).</summary>
    /// <param name="incidentNumber">The ticket number (1–50 characters).</param>
    /// <param name="cancellationToken">Cancels the call, including any retry delay.</param>
    /// <returns>The nodes; empty while COC is still creating them, some seconds after the ticket was opened (§6.6).</returns>
    /// <exception cref="RequestValidationException">The number is empty, too long, or holds a character that would change the path; nothing was sent.</exception>
    /// <exception cref="ResourceNotFoundException">COC has no such ticket.</exception>
    /// <exception cref="InvalidResponseException">COC answered success with a body that is not a list of nodes.</exception>
    /// <exception cref="ServiceException">COC or its gateway answered with another failure.</exception>
    /// <exception cref="TransportException">No usable response arrived.</exception>
    public virtual Task<IReadOnlyList<IncidentTask>> GetIncidentTasksAsync(string incidentNumber, CancellationToken cancellationToken = default)
    {
        var core = GetCore();
        core.ThrowIfInvalid(IncidentReadValidator.IncidentNumber(incidentNumber, IncidentActionRequest.MaxIncidentNumberLength), "GetIncidentTasks", "ShowIncidentTask");
        cancellationToken.ThrowIfCancellationRequested();
        return SendTasksAsync(core, incidentNumber, cancellationToken);
    }

    /// <summary>Reads a ticket's history (<c>POST /v2/incidents/{incident_id}/histories</c>, no filters; COC returns at most 1,000 rows, §4b).</summary>
    /// <param name="incidentNumber">The ticket number (1–50 characters).</param>
    /// <param name="cancellationToken">Cancels the call, including any retry delay.</param>
    /// <returns>The history rows in COC's order.</returns>
    /// <exception cref="RequestValidationException">The number is empty, too long, or holds a character that would change the path; nothing was sent.</exception>
    /// <exception cref="ResourceNotFoundException">COC has no such ticket.</exception>
    /// <exception cref="InvalidResponseException">COC answered success with a body that is not a history.</exception>
    /// <exception cref="ServiceException">COC or its gateway answered with another failure.</exception>
    /// <exception cref="TransportException">No usable response arrived.</exception>
    public virtual async Task<IReadOnlyList<IncidentHistoryEntry>> GetIncidentHistoryAsync(string incidentNumber, CancellationToken cancellationToken = default)
    {
        var core = GetCore();
        core.ThrowIfInvalid(IncidentReadValidator.IncidentNumber(incidentNumber, IncidentActionRequest.MaxIncidentNumberLength), "GetIncidentHistory", "ListIncidentsHistories");
        cancellationToken.ThrowIfCancellationRequested();
        // The body is optional (§4b); "{}" asks for every row with COC's defaults.
        var outgoing = new OutgoingRequest("ListIncidentsHistories", Idempotent: true, HttpMethod.Post, V2Uri(incidentNumber, "/histories"), EmptyObject, ContentType) { Target = incidentNumber };
        return await core.SendAsync(
            outgoing,
            answer => CocResponseMapper.Map(answer.Response, answer.Body, core.TimeProvider, envelope =>
            {
                var data = CocResponseMapper.ReadData(answer.Response, answer.Body, envelope, CocJsonContext.Wire.HistoryListBody, "the history of " + incidentNumber);
                if (data.Info is null || data.Info.Any(row => row is null))
                {
                    throw CocResponseMapper.Malformed(answer.Response, answer.Body, envelope, "the history of " + incidentNumber, data.Info is null ? "no data.info array" : "a null row in data.info");
                }

                return (IReadOnlyList<IncidentHistoryEntry>)data.Info.Select(row => row!.ToModel()).ToArray();
            }),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes an action on a ticket through the v2 API (<c>POST /v2/incidents/{incident_id}/actions</c>). Not idempotent:
    /// never sent twice once it may have reached COC.
    /// </summary>
    /// <param name="request">The ticket, task id, action key and parameters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The successful result (COC's answer carries no data).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="RequestValidationException">The request breaks a documented limit; nothing was sent.</exception>
    /// <exception cref="ServiceException">COC refused the action (a task id that is no longer current, say) or its gateway answered with a failure.</exception>
    /// <exception cref="TransportException">No usable response arrived; <see cref="IncidentSdkException.RequestMayHaveReachedServer"/> says whether COC may have acted.</exception>
    public virtual async Task<HandleIncidentResult> ExecuteIncidentActionAsync(IncidentActionRequest request, CancellationToken cancellationToken = default)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var core = GetCore();
        core.ThrowIfInvalid(IncidentActionRequestValidator.Validate(request), nameof(IncidentActionRequest), "HandleIncident");
        cancellationToken.ThrowIfCancellationRequested();
        var body = JsonSerializer.SerializeToUtf8Bytes(new IncidentActionBody { TaskId = request.TaskId, Action = request.Action, Params = request.Parameters }, CocJsonContext.Wire.IncidentActionBody);
        var outgoing = new OutgoingRequest(request.Action, Idempotent: false, HttpMethod.Post, V2Uri(request.IncidentNumber, "/actions"), body, ContentType) { Target = request.IncidentNumber };
        return await core.SendAsync(outgoing, answer => CocResponseMapper.Map(answer.Response, answer.Body, core.TimeProvider), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until a ticket's workflow offers <paramref name="action"/> and returns it with its task id, reading the
    /// tasks every <see cref="CreateReadBackOptions.TaskPollInterval"/> (tasks appear some seconds after a ticket is opened, and change as it
    /// moves). Keys are compared exactly (ordinal).
    /// </summary>
    /// <param name="incidentNumber">The ticket number.</param>
    /// <param name="action">The action key, such as <c>accepted</c>, as the tasks API names it.</param>
    /// <param name="timeout">How long to wait at most, from zero to one hour.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The action and its task id.</returns>
    /// <exception cref="RequestValidationException">An argument breaks a rule; nothing was sent.</exception>
    /// <exception cref="TimeoutException">The action was not offered within <paramref name="timeout"/>; the message lists the actions last offered.</exception>
    /// <exception cref="ServiceException">A read of the tasks failed (<see cref="ResourceNotFoundException"/> for an unknown ticket).</exception>
    /// <exception cref="TransportException">No usable response arrived for a read.</exception>
    public virtual async Task<IncidentTaskOperation> WaitForIncidentActionAsync(string incidentNumber, string action, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var core = GetCore();
        var errors = new Validation.ValidationErrorList();
        foreach (var error in IncidentReadValidator.IncidentNumber(incidentNumber, IncidentActionRequest.MaxIncidentNumberLength).Errors)
        {
            errors.Add(error.Path, error.Rule, error.Message);
        }

        errors.RequiredString("action", action, IncidentActionRequest.MaxFieldLength);
        if (timeout < TimeSpan.Zero || timeout > TimeSpan.FromHours(1))
        {
            errors.Add("timeout", Validation.ValidationRules.Range, string.Format(CultureInfo.InvariantCulture, "is {0}; it must be from zero to one hour.", timeout));
        }

        core.ThrowIfInvalid(errors.ToResult(), "WaitForIncidentAction", "ShowIncidentTask");
        var deadline = core.TimeProvider.GetUtcNow() + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tasks = await SendTasksAsync(core, incidentNumber, cancellationToken).ConfigureAwait(false);
            var offered = tasks.SelectMany(t => t.Operations).ToArray();
            if (offered.FirstOrDefault(o => string.Equals(o.Key, action, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            var remaining = deadline - core.TimeProvider.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException(string.Format(
                    CultureInfo.InvariantCulture,
                    "The ticket {0} did not offer the action '{1}' within {2}; it last offered {3}.",
                    incidentNumber,
                    action,
                    timeout,
                    offered.Length == 0 ? "no action" : string.Join(", ", offered.Select(o => "'" + o.Key + "'").Distinct())));
            }

            await Clock.DelayAsync(core.TimeProvider, remaining < _readBack.TaskPollInterval ? remaining : _readBack.TaskPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<IReadOnlyList<IncidentTask>> SendTasksAsync(RequestCore core, string incidentNumber, CancellationToken cancellationToken)
    {
        var outgoing = new OutgoingRequest("ShowIncidentTask", Idempotent: true, HttpMethod.Get, V2Uri(incidentNumber, "/tasks"), [], GetContentType) { Target = incidentNumber };
        return core.SendAsync(
            outgoing,
            answer => CocResponseMapper.Map(answer.Response, answer.Body, core.TimeProvider, envelope =>
            {
                var data = CocResponseMapper.ReadData(answer.Response, answer.Body, envelope, CocJsonContext.Wire.ListTaskBody, "the tasks of " + incidentNumber, JsonValueKind.Array);
                if (data.Any(node => node is null))
                {
                    throw CocResponseMapper.Malformed(answer.Response, answer.Body, envelope, "the tasks of " + incidentNumber, "a null node in data");
                }

                return (IReadOnlyList<IncidentTask>)data.Select(node => node!.ToModel()).ToArray();
            }),
            cancellationToken);
    }

    private Uri V2Uri(string incidentNumber, string suffix) => EndpointRules.Resolve(_endpoint!, V2PathPrefix + Uri.EscapeDataString(incidentNumber) + suffix);

}
