using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Diagnostics;
using IncidentSdk.Http;
using IncidentSdk.Internal;

namespace IncidentSdk.Coc;

/// <summary>
/// Drives Huawei Cloud COC incident tickets: accept, submit a solution, confirm, or any other action through
/// <c>POST /v1/external/incident/handle</c>; read one ticket (<see cref="GetIncidentAsync"/>) or list them
/// (<see cref="ListIncidentsAsync"/>). Thread-safe; create one per app, or register it with
/// <c>services.AddIncidentClient(...)</c>.
/// </summary>
/// <remarks>
/// Every request is validated before it is sent (<see cref="RequestValidationException"/>, nothing sent), signed
/// or given its token on every attempt. Actions are never repeated once they may have reached COC, because COC's ticket
/// actions are not documented as idempotent; reads are, and may be retried. Any <c>error_code</c> other than <c>GOM.00000000</c> is a failure,
/// even on HTTP 200, and throws a <see cref="ServiceException"/> that keeps the code, message and request id.
/// </remarks>
public partial class IncidentClient : IDisposable
{
    /// <summary>The path of the ticket action API; the client resolves it against the endpoint (and any path the endpoint has).</summary>
    public const string HandlePath = "/v1/external/incident/handle";

    private const string ContentType = "application/json;charset=UTF-8";
    private const string LogCategory = "IncidentSdk.Coc.IncidentClient";

    private readonly RequestCore? _core;
    private readonly Uri? _handleUri;
    private readonly Uri? _endpoint;
    private readonly ReadBackSettings _readBack;

    /// <summary>Creates a client that owns its own connection pool, with the SDK's authentication and retry handlers.</summary>
    /// <param name="options">The endpoint, credentials and timeouts.</param>
    /// <exception cref="ArgumentException">The options are not usable; the message lists what to fix.</exception>
    public IncidentClient(IncidentClientOptions options)
        : this(BuildInvoker(options, HandlerChain.SharedTransport), options, ownsInvoker: true)
    {
    }

    /// <summary>
    /// Creates a client that sends through an app's own <see cref="HttpClient"/> (its handlers, proxy and
    /// certificates apply), with the SDK's authentication and retry handlers layered on top. The client does not
    /// dispose <paramref name="httpClient"/>; its <see cref="HttpClient.Timeout"/> bounds each attempt too.
    /// </summary>
    /// <param name="httpClient">The transport.</param>
    /// <param name="options">The endpoint, credentials and timeouts.</param>
    /// <exception cref="ArgumentException">The options are not usable; the message lists what to fix.</exception>
    public IncidentClient(HttpClient httpClient, IncidentClientOptions options)
        : this(BuildInvoker(options, () => HandlerChain.AppClient(httpClient)), options, ownsInvoker: true)
    {
    }

    /// <summary>Creates a client over an invoker that already carries the SDK's handlers (the DI path).</summary>
    internal IncidentClient(HttpMessageInvoker invoker, IncidentClientOptions options, bool ownsInvoker)
    {
        EndpointRules.Usable(options, o => o.Validate());
        _core = new RequestCore(invoker, ownsInvoker, "COC", nameof(IncidentClient), options.MaxResponseBodyBytes, options.TimeProvider, options.Logging.CreateLogger(LogCategory));
        _endpoint = options.ResolveEndpoint();
        _handleUri = EndpointRules.Resolve(_endpoint, HandlePath);
        _readBack = new ReadBackSettings(options.CreateReadBack);
    }

    /// <summary>For mocking in tests: a client with no transport whose virtual methods are overridden.</summary>
    protected IncidentClient()
    {
        _readBack = new ReadBackSettings(new CreateReadBackOptions());
    }

    /// <summary>The absolute URI the client posts ticket actions to.</summary>
    public virtual Uri HandleUri => _handleUri ?? throw new InvalidOperationException("This client was created for mocking and has no endpoint.");

    /// <summary>Accepts a ticket (<c>acceptedIncident1</c>); sends <c>"parameter":{}</c>.</summary>
    /// <param name="incidentNumber">The ticket number, such as <c>IM202403221515060171753781</c>.</param>
    /// <param name="operatorId">The operating user's id.</param>
    /// <param name="cancellationToken">Cancels the call, including any retry delay.</param>
    /// <returns>The successful result.</returns>
    /// <exception cref="RequestValidationException">An argument breaks a documented rule; nothing was sent.</exception>
    /// <exception cref="ServiceException">COC or its gateway answered with a failure.</exception>
    /// <exception cref="TransportException">No usable response arrived.</exception>
    public virtual Task<HandleIncidentResult> AcceptAsync(string incidentNumber, string operatorId, CancellationToken cancellationToken = default) =>
        HandleAsync(new HandleIncidentRequest(incidentNumber, operatorId, OperateKey.AcceptedIncident), cancellationToken);

    /// <summary>Submits a ticket's solution (<c>commitSolution1</c>).</summary>
    /// <param name="incidentNumber">The ticket number.</param>
    /// <param name="operatorId">The operating user's id.</param>
    /// <param name="solution">The category, cause and solution.</param>
    /// <param name="cancellationToken">Cancels the call, including any retry delay.</param>
    /// <returns>The successful result.</returns>
    /// <exception cref="RequestValidationException">An argument breaks a documented rule; nothing was sent.</exception>
    /// <exception cref="ServiceException">COC or its gateway answered with a failure.</exception>
    /// <exception cref="TransportException">No usable response arrived.</exception>
    public virtual Task<HandleIncidentResult> CommitSolutionAsync(string incidentNumber, string operatorId, SolutionParameter solution, CancellationToken cancellationToken = default) =>
        HandleAsync(new HandleIncidentRequest(incidentNumber, operatorId, OperateKey.CommitSolution, solution ?? throw new ArgumentNullException(nameof(solution))), cancellationToken);

    /// <summary>Verifies a ticket's handling result (<c>confirm</c>).</summary>
    /// <param name="incidentNumber">The ticket number.</param>
    /// <param name="operatorId">The operating user's id.</param>
    /// <param name="verification">Whether the fix is confirmed, and the comment.</param>
    /// <param name="cancellationToken">Cancels the call, including any retry delay.</param>
    /// <returns>The successful result.</returns>
    /// <exception cref="RequestValidationException">An argument breaks a documented rule; nothing was sent.</exception>
    /// <exception cref="ServiceException">COC or its gateway answered with a failure.</exception>
    /// <exception cref="TransportException">No usable response arrived.</exception>
    public virtual Task<HandleIncidentResult> ConfirmAsync(string incidentNumber, string operatorId, VerificationParameter verification, CancellationToken cancellationToken = default) =>
        HandleAsync(new HandleIncidentRequest(incidentNumber, operatorId, OperateKey.Confirm, verification ?? throw new ArgumentNullException(nameof(verification))), cancellationToken);

    /// <summary>Takes any action on a ticket, documented or not.</summary>
    /// <param name="request">The ticket, operator, action and parameters.</param>
    /// <param name="cancellationToken">Cancels the call, including any retry delay.</param>
    /// <returns>The successful result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="RequestValidationException">The request breaks a documented rule; nothing was sent.</exception>
    /// <exception cref="ServiceException">COC or its gateway answered with a failure (a subtype where callers branch).</exception>
    /// <exception cref="TransportException">No usable response arrived; <see cref="IncidentSdkException.RequestMayHaveReachedServer"/> says whether COC may have acted.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual async Task<HandleIncidentResult> HandleAsync(HandleIncidentRequest request, CancellationToken cancellationToken = default)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var core = GetCore();
        core.ThrowIfInvalid(HandleIncidentRequestValidator.Validate(request), nameof(HandleIncidentRequest), "HandleCocIncident");
        cancellationToken.ThrowIfCancellationRequested();
        var body = JsonSerializer.SerializeToUtf8Bytes(request, CocJsonContext.Wire.HandleIncidentRequest);
        var outgoing = new OutgoingRequest(request.OperateKey.Value!, Idempotent: false, HttpMethod.Post, _handleUri!, body, ContentType) { Target = request.IncidentNumber };
        return await core.SendAsync(outgoing, answer => CocResponseMapper.Map(answer.Response, answer.Body, core.TimeProvider), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the connection pool or handlers the client owns. An app's own <see cref="HttpClient"/> is not disposed.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the resources the client owns.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _core?.Dispose();
        }
    }

    private RequestCore GetCore()
    {
        var core = _core ?? throw new InvalidOperationException("This client was created for mocking and cannot send requests.");
        core.ThrowIfDisposed();
        return core;
    }

    private static HttpMessageInvoker BuildInvoker(IncidentClientOptions options, Func<TransportGuard> transport)
    {
        EndpointRules.Usable(options, o => o.Validate());
        return HandlerChain.Create(options, CocHandlerChain.CreateAuthHandler(options), transport());
    }
}
