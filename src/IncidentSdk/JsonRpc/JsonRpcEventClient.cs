using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Http;
using IncidentSdk.Internal;

namespace IncidentSdk.JsonRpc;

/// <summary>
/// Updates Zabbix problem events through <c>event.acknowledge</c> (JSON-RPC 2.0): acknowledge, add messages,
/// change severity, suppress, re-rank and close, on Zabbix 6.0 to 7.4. Thread-safe; create one per app, or
/// register it with <c>services.AddJsonRpcEventClient(...)</c>.
/// </summary>
/// <remarks>
/// <para>The client learns the server version once (<c>apiinfo.version</c>, or <see cref="JsonRpcEventClientOptions.ServerVersion"/>)
/// and picks the auth transport from it: the <c>auth</c> envelope field before 6.4, the <c>Authorization: Bearer</c>
/// header from 6.4 on (7.2 rejects the field). With a username and password it logs in lazily, caches the
/// session, and logs in again once when Zabbix says the session ended.</para>
/// <para>Requests are validated first, against the server version too; an invalid one is never sent.
/// Transient failures are retried only where repeating is harmless: every action but adding a message is
/// idempotent in Zabbix. When a call that adds a message fails after it may have reached the server, the
/// client reads the events back (<c>event.get</c>) and resends only to events that lack the message.</para>
/// </remarks>
public partial class JsonRpcEventClient : IDisposable, IAsyncDisposable
{
    private const string LogCategory = "IncidentSdk.JsonRpc.JsonRpcEventClient";

    private readonly RequestCore? _core;
    private readonly ZabbixSession? _session;
    private readonly MessageReconciler? _reconciler;
    private readonly Uri? _url;
    private readonly bool _logoutOnDispose;

    /// <summary>Creates a client that owns its connection pool, with the SDK's retry handler.</summary>
    /// <param name="options">The URL, credentials and timeouts.</param>
    /// <exception cref="ArgumentException">The options are not usable; the message lists what to fix.</exception>
    public JsonRpcEventClient(JsonRpcEventClientOptions options)
        : this(BuildInvoker(options, HandlerChain.SharedTransport), options, null, ownsInvoker: true)
    {
    }

    /// <summary>Creates a client that sends through an app's own <see cref="HttpClient"/>, with the SDK's retry handler on top. The client does not dispose it.</summary>
    /// <param name="httpClient">The transport.</param>
    /// <param name="options">The URL, credentials and timeouts.</param>
    /// <exception cref="ArgumentException">The options are not usable; the message lists what to fix.</exception>
    public JsonRpcEventClient(HttpClient httpClient, JsonRpcEventClientOptions options)
        : this(BuildInvoker(options, () => HandlerChain.AppClient(httpClient)), options, null, ownsInvoker: true)
    {
    }

    /// <summary>Creates a client over an invoker that already carries the SDK's handlers (the DI path), sharing session state.</summary>
    internal JsonRpcEventClient(HttpMessageInvoker invoker, JsonRpcEventClientOptions options, ZabbixSessionState? sharedState, bool ownsInvoker)
    {
        EndpointRules.Usable(options, o => o.Validate());
        _core = new RequestCore(invoker, ownsInvoker, "Zabbix", nameof(JsonRpcEventClient), options.MaxResponseBodyBytes, options.TimeProvider, options.Logging.CreateLogger(LogCategory));
        _url = options.ResolveApiUrl();
        var state = sharedState ?? ZabbixSession.CreateState(options);
        _session = new ZabbixSession(new JsonRpcTransport(_core, _url, state.Clock), options, state, ownsState: sharedState is null);
        _logoutOnDispose = options.LogoutOnDispose;
        _reconciler = new MessageReconciler(_session, options.TimeProvider, GetEventsAsync, (request, ids, token) => SendAcknowledgeAsync(request, ids, token));
    }

    /// <summary>For mocking in tests: a client with no transport whose virtual methods are overridden.</summary>
    protected JsonRpcEventClient()
    {
    }

    /// <summary>The current login session, for tests that end it behind the client's back.</summary>
    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]
    internal string? CurrentSessionId => _session?.State.SessionId;

    /// <summary>Whether the client has been disposed.</summary>
    internal bool IsDisposed => _core is { IsDisposed: true };

    /// <summary>The API URL the client posts to.</summary>
    public virtual Uri ApiUrl => _url ?? throw new InvalidOperationException("This client was created for mocking and has no URL.");

    /// <summary>Updates events with <c>event.acknowledge</c>.</summary>
    /// <param name="request">The events and the actions.</param>
    /// <param name="cancellationToken">Cancels the call, including retry delays.</param>
    /// <returns>The updated event ids.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="RequestValidationException">
    /// The request breaks a rule of the API or of the server's version; it was not sent. Every broken rule is listed at
    /// once, the version's included; when a request invalid anyway uses a bit some versions lack and the version could
    /// not be learned, the errors found are listed and the failure is the inner exception.
    /// </exception>
    /// <exception cref="ServiceException">Zabbix refused the call; <see cref="ServiceException.ErrorCode"/>, <see cref="ServiceException.ErrorMessage"/> and <see cref="ServiceException.ErrorData"/> keep its JSON-RPC error.</exception>
    /// <exception cref="MessageNotConfirmedException">The call adds a message, failed after it may have reached Zabbix, and reading the events back did not prove for every event that the message is stored or absent; <see cref="MessageNotConfirmedException.Outcomes"/> says which.</exception>
    /// <exception cref="TransportException">No usable response arrived.</exception>
    public virtual async Task<AcknowledgeEventResult> AcknowledgeAsync(AcknowledgeEventRequest request, CancellationToken cancellationToken = default)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var core = GetCore();
        try
        {
            await ValidateAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestValidationException refused) when (core.Refused(refused, "event.acknowledge"))
        {
            throw;
        }

        var addsMessage = (request.Action & EventAction.AddMessage) != 0;
        var sending = new SendMark(core.TimeProvider.GetUtcNow());
        var logged = addsMessage ? _session!.State.Messages.Begin(request.EventIds, request.Message ?? string.Empty) : null;
        try
        {
            // The send awaited here rather than in SendAcknowledgeAsync: one suspended async layer less per call.
            var body = await StartAcknowledge(request, request.EventIds, sending, cancellationToken).ConfigureAwait(false);
            return new AcknowledgeEventResult(body.EventIds ?? []);
        }
        catch (IncidentSdkException failure) when (addsMessage && MessageReconciler.IsAmbiguous(failure) && !cancellationToken.IsCancellationRequested)
        {
            return await _reconciler!.ReconcileAsync(request, sending.At, logged!, failure, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (logged is not null)
            {
                SentMessages.End(logged, core.TimeProvider.GetUtcNow());
            }
        }
    }

    /// <summary>
    /// Updates many events at once: validates every item (invalid ones are not sent), groups items that share the
    /// same update into one <c>event.acknowledge</c> call per chunk of <see cref="BulkAcknowledgeOptions.ChunkSize"/>
    /// ids, and runs chunks with bounded parallelism. Retry safety is that of single calls: a chunk that adds a
    /// message and fails ambiguously is read back, and resent only to events where the message is proven absent;
    /// events the read-back cannot settle end <see cref="BulkItemStatus.Unknown"/>.
    /// </summary>
    /// <param name="items">The updates; items need not be identical.</param>
    /// <param name="options">Chunk size, parallelism and progress; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops starting new chunks; chunks already running finish, so every item's state is known.</param>
    /// <returns>Every item's outcome, in input order. A failed chunk fails only its own items.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="BulkAcknowledgeInterruptedException">The progress callback threw, or the client was disposed during the run: no new chunk was started, running ones finished, and <see cref="BulkAcknowledgeInterruptedException.Result"/> holds every item's outcome.</exception>
    /// <exception cref="IncidentSdkException">The server version could not be learned, so nothing was sent.</exception>
    public virtual Task<BulkAcknowledgeResult> AcknowledgeManyAsync(IEnumerable<BulkAcknowledgeItem> items, BulkAcknowledgeOptions? options = null, CancellationToken cancellationToken = default)
    {
        GetCore();
        return BulkAcknowledger.RunAsync(this, items, options ?? new BulkAcknowledgeOptions(), cancellationToken);
    }

    /// <summary>Returns the server's API version, asking <c>apiinfo.version</c> (without auth) once and caching it.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version.</returns>
    /// <exception cref="ServiceException">Zabbix refused the call.</exception>
    /// <exception cref="TransportException">No usable response arrived.</exception>
    public virtual async Task<ZabbixVersion> GetServerVersionAsync(CancellationToken cancellationToken = default)
    {
        GetCore();
        return await _session!.GetVersionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads events with their acknowledgement history (<c>event.get</c> with <c>select_acknowledges</c>).</summary>
    /// <param name="eventIds">The event ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The events the user may see; unknown or forbidden ids are absent.</returns>
    /// <exception cref="ArgumentException">An id is not a positive integer.</exception>
    /// <exception cref="ServiceException">Zabbix refused the call.</exception>
    /// <exception cref="TransportException">No usable response arrived.</exception>
    public virtual async Task<IReadOnlyList<ZabbixEvent>> GetEventsAsync(IEnumerable<string> eventIds, CancellationToken cancellationToken = default)
    {
        var ids = (eventIds ?? throw new ArgumentNullException(nameof(eventIds))).ToArray();
        foreach (var id in ids)
        {
            if (!AcknowledgeEventRequestValidator.IsPositiveId(id))
            {
                throw new ArgumentException($"'{id}' is not a positive integer event id.", nameof(eventIds));
            }
        }

        GetCore();
        var call = new JsonRpcCall<EventGetParams, List<EventBody>>(
            "event.get", new EventGetParams { EventIds = ids }, ZabbixJsonContext.Wire.JsonRpcRequestEventGetParams, ZabbixJsonContext.Wire.ListEventBody, Idempotent: true);
        var bodies = await _session!.SendAsync(call, cancellationToken).ConfigureAwait(false);
        return bodies.Select(body => body.ToModel()).ToArray();
    }

    /// <summary>Ends the password session with <c>user.logout</c>, if there is one. Does nothing with an API token.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the session has ended.</returns>
    public virtual async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
        GetCore();
        await _session!.LogoutAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases what the client owns, without ending a password session (use <see cref="DisposeAsync"/> for that).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Ends a password session when <see cref="JsonRpcEventClientOptions.LogoutOnDispose"/> is set (best effort), then releases what the client owns.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_logoutOnDispose && _session is { OwnsState: true, HasPasswordSession: true } && !IsDisposed)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await LogoutAsync(timeout.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Logging out is a courtesy; the session also ends by the user's auto-logout.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the resources the client owns.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && _core is not null && _core.Dispose())
        {
            _session!.Dispose();
        }
    }

    private async Task<IReadOnlyList<string>> SendAcknowledgeAsync(AcknowledgeEventRequest request, IReadOnlyList<string> eventIds, CancellationToken cancellationToken)
    {
        var result = await StartAcknowledge(request, eventIds, sending: null, cancellationToken).ConfigureAwait(false);
        return result.EventIds ?? [];
    }

    private Task<AcknowledgeResultBody> StartAcknowledge(AcknowledgeEventRequest request, IReadOnlyList<string> eventIds, SendMark? sending, CancellationToken cancellationToken)
    {
        // Every action but adding a message is skipped by Zabbix when already in effect, so only that one is unsafe to repeat.
        var call = new JsonRpcCall<AcknowledgeParams, AcknowledgeResultBody>(
            "event.acknowledge",
            AcknowledgeParams.From(request, eventIds),
            ZabbixJsonContext.Wire.JsonRpcRequestAcknowledgeParams,
            ZabbixJsonContext.Wire.AcknowledgeResultBody,
            Idempotent: (request.Action & EventAction.AddMessage) == 0)
        { Targets = eventIds, Mark = sending };
        return _session!.SendAsync(call, cancellationToken);
    }

    private RequestCore GetCore()
    {
        var core = _core ?? throw new InvalidOperationException("This client was created for mocking and cannot send requests.");
        core.ThrowIfDisposed();
        return core;
    }

    private static HttpMessageInvoker BuildInvoker(JsonRpcEventClientOptions options, Func<TransportGuard> transport) =>
        HandlerChain.Create(EndpointRules.Usable(options, o => o.Validate()), null, transport());
}
