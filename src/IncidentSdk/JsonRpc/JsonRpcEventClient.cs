using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Diagnostics;
using IncidentSdk.Http;
using IncidentSdk.Internal;
using IncidentSdk.Validation;

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
public class JsonRpcEventClient : IDisposable, IAsyncDisposable
{
    private const string ContentType = "application/json-rpc";

    /// <summary>How many extra <c>apiinfo.version</c> calls a read-back may make to pin down the server's clock.</summary>
    private const int MaxClockProbes = 2;

    private readonly HttpMessageInvoker? _invoker;
    private const string LogCategory = "IncidentSdk.JsonRpc.JsonRpcEventClient";

    private readonly bool _ownsInvoker;
    private readonly Microsoft.Extensions.Logging.ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private readonly Uri? _url;
    private readonly ZabbixSessionState? _state;
    private readonly bool _ownsState;
    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]
    private readonly string? _apiToken;
    private readonly string? _username;
    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]
    private readonly string? _password;
    private readonly bool _logoutOnDispose;
    private readonly int _maxResponseBodyBytes;
    private readonly TimeProvider _timeProvider = TimeProvider.System;
    private long _nextId;
    private int _disposed;

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
        CheckOptions(options);
        _invoker = invoker ?? throw new ArgumentNullException(nameof(invoker));
        _ownsInvoker = ownsInvoker;
        _logger = options.Logging.CreateLogger(LogCategory);
        _url = options.ResolveApiUrl();
        _ownsState = sharedState is null;
        _state = sharedState ?? CreateState(options);
        _apiToken = string.IsNullOrEmpty(options.ApiToken) ? null : options.ApiToken;
        _username = options.Username;
        _password = options.Password;
        _logoutOnDispose = options.LogoutOnDispose;
        _maxResponseBodyBytes = options.MaxResponseBodyBytes;
        _timeProvider = options.TimeProvider;
    }

    /// <summary>For mocking in tests: a client with no transport whose virtual methods are overridden.</summary>
    protected JsonRpcEventClient()
    {
    }

    /// <summary>The current login session, for tests that end it behind the client's back.</summary>
    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]
    internal string? CurrentSessionId => _state?.SessionId;

    /// <summary>Whether the client has been disposed.</summary>
    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

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

        ThrowIfDisposed();
        await ValidateAsync(request, cancellationToken).ConfigureAwait(false);

        var addsMessage = (request.Action & EventAction.AddMessage) != 0;
        var sending = new SendMark(_timeProvider.GetUtcNow());
        var logged = addsMessage ? _state!.Messages.Begin(request.EventIds, request.Message ?? string.Empty) : null;
        try
        {
            return new AcknowledgeEventResult(await SendAcknowledgeAsync(request, request.EventIds, cancellationToken, sending).ConfigureAwait(false));
        }
        catch (IncidentSdkException failure) when (addsMessage && IsAmbiguous(failure) && !cancellationToken.IsCancellationRequested)
        {
            return await ReconcileAsync(request, sending.At, logged!, failure, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (logged is not null)
            {
                SentMessages.End(logged, _timeProvider.GetUtcNow());
            }
        }
    }

    /// <summary>
    /// Validates against every rule, the server version's included, and throws one exception listing them all.
    /// </summary>
    /// <remarks>
    /// A request that is invalid whatever the version is never sent, but its errors do not stop the version check: when
    /// it uses a bit some versions lack, the version is learned (one unauthenticated <c>apiinfo.version</c>, or the
    /// cached or configured one) so that, say, a suppress without an end on 6.0 reports both the missing end and the
    /// version at once. If the version cannot be learned then, or the caller cancels, the caller still gets the
    /// validation errors (the failure is the inner exception), never a transport error for a request that could not
    /// have been sent anyway. A request valid without the version fetches it as before, and a failure then surfaces as is.
    /// </remarks>
    private async Task ValidateAsync(AcknowledgeEventRequest request, CancellationToken cancellationToken)
    {
        var withoutVersion = AcknowledgeEventRequestValidator.Validate(request);
        if (!withoutVersion.IsValid)
        {
            if (!AcknowledgeEventRequestValidator.DependsOnVersion(request) || cancellationToken.IsCancellationRequested)
            {
                withoutVersion.ThrowIfInvalid(nameof(AcknowledgeEventRequest));
            }

            ZabbixVersion known;
            try
            {
                known = await GetServerVersionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception failure) when (failure is IncidentSdkException or OperationCanceledException)
            {
                throw new RequestValidationException(
                    nameof(AcknowledgeEventRequest),
                    withoutVersion.Errors,
                    "The server version could not be learned, so the rules that depend on it were not checked: " + failure.Message,
                    failure);
            }

            // The version-aware pass repeats every version-independent error, so it is never valid here.
            throw new RequestValidationException(nameof(AcknowledgeEventRequest), AcknowledgeEventRequestValidator.Validate(request, known).Errors);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var version = await GetServerVersionAsync(cancellationToken).ConfigureAwait(false);
        AcknowledgeEventRequestValidator.Validate(request, version).ThrowIfInvalid(nameof(AcknowledgeEventRequest));
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
        ThrowIfDisposed();
        return BulkAcknowledger.RunAsync(this, items, options ?? new BulkAcknowledgeOptions(), cancellationToken);
    }

    /// <summary>Returns the server's API version, asking <c>apiinfo.version</c> (without auth) once and caching it.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version.</returns>
    /// <exception cref="ServiceException">Zabbix refused the call.</exception>
    /// <exception cref="TransportException">No usable response arrived.</exception>
    public virtual async Task<ZabbixVersion> GetServerVersionAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return await _state!.GetVersionAsync(FetchVersionAsync, cancellationToken).ConfigureAwait(false);
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

        ThrowIfDisposed();
        var bodies = await CallAsync(
            "event.get",
            new EventGetParams { EventIds = ids },
            ZabbixJsonContext.Wire.JsonRpcRequestEventGetParams,
            ZabbixJsonContext.Wire.ListEventBody,
            authenticated: true,
            idempotent: true,
            cancellationToken).ConfigureAwait(false);
        return bodies.Select(ToEvent).ToArray();
    }

    /// <summary>Ends the password session with <c>user.logout</c>, if there is one. Does nothing with an API token.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the session has ended.</returns>
    public virtual async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (_apiToken is not null || _state!.TakeSession() is not { } session)
        {
            return;
        }

        var version = await GetServerVersionAsync(cancellationToken).ConfigureAwait(false);
        await SendOnceAsync(
            "user.logout",
            Array.Empty<string>(),
            ZabbixJsonContext.Wire.JsonRpcRequestStringArray,
            ZabbixJsonContext.Wire.JsonElement,
            session,
            version.IsAtLeast(6, 4),
            idempotent: false,
            cancellationToken).ConfigureAwait(false);
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
        if (_logoutOnDispose && _ownsState && Volatile.Read(ref _disposed) == 0 && _state?.SessionId is not null)
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
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            if (_ownsInvoker)
            {
                _invoker?.Dispose();
            }

            if (_ownsState)
            {
                _state?.Dispose();
            }
        }
    }

    internal static ZabbixSessionState CreateState(JsonRpcEventClientOptions options) =>
        new(options.ServerVersion is { } text ? ZabbixVersion.Parse(text) : null);

    private async Task<IReadOnlyList<string>> SendAcknowledgeAsync(AcknowledgeEventRequest request, IReadOnlyList<string> eventIds, CancellationToken cancellationToken, SendMark? sending = null)
    {
        // Every action but adding a message is skipped by Zabbix when already in effect, so only that one is unsafe to repeat.
        var idempotent = (request.Action & EventAction.AddMessage) == 0;
        var result = await CallAsync(
            "event.acknowledge",
            AcknowledgeParams.From(request, eventIds),
            ZabbixJsonContext.Wire.JsonRpcRequestAcknowledgeParams,
            ZabbixJsonContext.Wire.AcknowledgeResultBody,
            authenticated: true,
            idempotent,
            cancellationToken,
            eventIds,
            sending).ConfigureAwait(false);
        return result.EventIds ?? [];
    }

    /// <summary>
    /// After an ambiguous failure of a message-adding call: reads the events back and resends only to events where the
    /// message is proven absent. Returns when every event's message is proven stored or was resent; otherwise throws
    /// <see cref="MessageNotConfirmedException"/> with each event's outcome (see <see cref="MessageReadBack"/>).
    /// </summary>
    private async Task<AcknowledgeEventResult> ReconcileAsync(AcknowledgeEventRequest request, DateTimeOffset sentAt, object logged, IncidentSdkException failure, CancellationToken cancellationToken)
    {
        IReadOnlyList<ZabbixEvent> events;
        string? userId;
        try
        {
            userId = await TryGetUserIdAsync(cancellationToken).ConfigureAwait(false);
            events = await GetEventsAsync(request.EventIds, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception checkFailure) when (checkFailure is IncidentSdkException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            var readBack = checkFailure as IncidentSdkException
                ?? new TransportException("The events were not read back: the client was disposed.", requestMayHaveReachedServer: false, checkFailure) { Operation = "event.get" };
            var unknown = request.EventIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => MessageOutcome.Unknown, StringComparer.Ordinal);
            throw new MessageNotConfirmedException(
                $"'event.acknowledge' failed after it may have reached Zabbix ({failure.Message}), and reading the events back failed too ({readBack.Message}). "
                + $"The message may or may not be recorded on {Describe(request.EventIds)}; it was not resent: check the events before sending it again.",
                request,
                unknown,
                failure,
                readBack);
        }

        var verdicts = MessageReadBack.Classify(request, events, userId, sentAt, ClockBounds(sentAt), EarlierPosts());
        var lastRoundTrip = TimeSpan.Zero;
        for (var probe = 0; probe < MaxClockProbes && NextThreshold(verdicts, sentAt) is { } threshold; probe++)
        {
            // The first probe, sent just after the moment, settles an offset below the threshold; the second, sent
            // earlier than it by more than a round trip, one at or above it.
            var lead = probe == 0 ? TimeSpan.FromMilliseconds(-2) : TimeSpan.FromTicks(lastRoundTrip.Ticks * 2) + TimeSpan.FromMilliseconds(10);
            lastRoundTrip = await ProbeServerClockAsync(threshold, lead, cancellationToken).ConfigureAwait(false);
            verdicts = MessageReadBack.Classify(request, events, userId, sentAt, ClockBounds(sentAt), EarlierPosts());
        }

        IReadOnlyList<(ISet<string> EventIds, DateTimeOffset EndedBy)> EarlierPosts() =>
            _state!.Messages.Others(logged, request.Message ?? string.Empty, _timeProvider.GetUtcNow());

        var outcomes = new Dictionary<string, MessageOutcome>(StringComparer.Ordinal);
        var absent = new List<string>();
        foreach (var pair in verdicts.Verdicts)
        {
            switch (pair.Value)
            {
                case MessageReadBack.Verdict.Stored:
                    outcomes[pair.Key] = MessageOutcome.Stored;
                    break;
                case MessageReadBack.Verdict.Absent:
                    absent.Add(pair.Key);
                    break;
                default:
                    outcomes[pair.Key] = MessageOutcome.Unknown;
                    break;
            }
        }

        IncidentSdkException? resendFailure = null;
        if (absent.Count > 0)
        {
            try
            {
                var listed = new HashSet<string>(await SendAcknowledgeAsync(request, absent, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
                foreach (var id in absent)
                {
                    outcomes[id] = listed.Contains(id) ? MessageOutcome.Resent : MessageOutcome.Unknown;
                }
            }
            catch (IncidentSdkException resend) when (!cancellationToken.IsCancellationRequested)
            {
                resendFailure = resend;
                foreach (var id in absent)
                {
                    outcomes[id] = IsAmbiguous(resend) ? MessageOutcome.Unknown : MessageOutcome.NotStored;
                }
            }
        }

        if (outcomes.Values.All(o => o is MessageOutcome.Stored or MessageOutcome.Resent))
        {
            return new AcknowledgeEventResult(request.EventIds.Where(outcomes.ContainsKey).Distinct(StringComparer.Ordinal).ToArray(), verifiedAfterAmbiguousFailure: true);
        }

        var unknownIds = request.EventIds.Where(id => outcomes[id] == MessageOutcome.Unknown).Distinct(StringComparer.Ordinal).ToArray();
        var notStored = request.EventIds.Where(id => outcomes[id] == MessageOutcome.NotStored).Distinct(StringComparer.Ordinal).ToArray();
        var summary = unknownIds.Length > 0
            ? $"the message may or may not be recorded on {Describe(unknownIds)} (it was not resent: check before sending it again)"
            : string.Empty;
        if (notStored.Length > 0)
        {
            summary += (summary.Length > 0 ? "; " : string.Empty) + $"it is not recorded on {Describe(notStored)}: the resend failed ({resendFailure!.Message})";
        }

        throw new MessageNotConfirmedException(
            $"'event.acknowledge' failed after it may have reached Zabbix ({failure.Message}); after reading the events back, {summary}.",
            request,
            outcomes,
            failure,
            resendFailure: resendFailure);
    }

    /// <summary>Describes event ids for a message: the first ten, and how many more.</summary>
    private static string Describe(IReadOnlyList<string> ids) =>
        (ids.Count == 1 ? "event " : "events ") + string.Join(", ", ids.Take(10)) + (ids.Count > 10 ? $" and {ids.Count - 10} more" : string.Empty);

    private (TimeSpan Min, TimeSpan Max)? ClockBounds(DateTimeOffset at) => _state!.Clock.OffsetBounds(at, _timeProvider.GetUtcNow());

    /// <summary>An offset threshold that would settle an unknown event, when it lies inside the current bounds (only then can a probe help).</summary>
    private TimeSpan? NextThreshold(MessageReadBack.Result verdicts, DateTimeOffset sentAt)
    {
        if (ClockBounds(sentAt) is not { } bounds)
        {
            return null;
        }

        foreach (var threshold in verdicts.Thresholds)
        {
            if (threshold > bounds.Min && threshold <= bounds.Max)
            {
                return threshold;
            }
        }

        return null;
    }

    /// <summary>
    /// Calls <c>apiinfo.version</c> at the moment that best tells whether the server's offset is below
    /// <paramref name="threshold"/>: when the server's clock would turn a second <paramref name="lead"/> after the
    /// request leaves if the offset were exactly the threshold. The reply's <c>Date</c> header narrows the offset
    /// (<see cref="ServerClock"/>). Returns the round trip, or zero when the probe failed.
    /// </summary>
    private async Task<TimeSpan> ProbeServerClockAsync(TimeSpan threshold, TimeSpan lead, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var earliest = now + threshold + lead + TimeSpan.FromMilliseconds(1);
        var boundary = new DateTimeOffset(((earliest.UtcTicks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond) * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var sendAt = boundary - threshold - lead;
        for (var wait = sendAt - now; wait > TimeSpan.Zero; wait = sendAt - _timeProvider.GetUtcNow())
        {
            await DelayAsync(wait, cancellationToken).ConfigureAwait(false);
        }

        var start = _timeProvider.GetUtcNow();
        try
        {
            await SendOnceAsync("apiinfo.version", EmptyParams.Instance, ZabbixJsonContext.Wire.JsonRpcRequestEmptyParams, ZabbixJsonContext.Wire.String, null, false, idempotent: true, cancellationToken).ConfigureAwait(false);
            return _timeProvider.GetUtcNow() - start;
        }
        catch (IncidentSdkException) when (!cancellationToken.IsCancellationRequested)
        {
            return TimeSpan.Zero;
        }
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
#if NET8_0_OR_GREATER
        Task.Delay(delay, _timeProvider, cancellationToken);
#else
        _timeProvider.Delay(delay, cancellationToken);
#endif

    /// <summary>
    /// The user id of the API token or of the current login session (<c>user.checkAuthentication</c>, called without
    /// auth as Zabbix requires), cached per session state; <see langword="null"/> when Zabbix cannot tell, as servers
    /// before 6.0.14 (and 6.2 to 6.4.0) cannot for a token: their <c>user.checkAuthentication</c> has no <c>token</c>
    /// parameter (https://www.zabbix.com/documentation/6.0/en/manual/api/changes_6.0, ZBXNEXT-8012).
    /// </summary>
    private async Task<string?> TryGetUserIdAsync(CancellationToken cancellationToken)
    {
        var session = _apiToken is null ? _state!.SessionId : null;
        if (_apiToken is null && session is null)
        {
            return null;
        }

        if (_state!.UserIdFor(session) is { } known)
        {
            return known;
        }

        var parameters = _apiToken is not null
            ? new CheckAuthenticationParams { Token = _apiToken }
            : new CheckAuthenticationParams { SessionId = session, Extend = false };
        try
        {
            var user = await SendOnceAsync("user.checkAuthentication", parameters, ZabbixJsonContext.Wire.JsonRpcRequestCheckAuthenticationParams, ZabbixJsonContext.Wire.UserBody, null, false, idempotent: true, cancellationToken).ConfigureAwait(false);
            if (user.UserId is { } id && AcknowledgeEventRequestValidator.IsPositiveId(id))
            {
                _state.RememberUserId(session, id);
                return id;
            }
        }
        catch (IncidentSdkException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not known: updates by any user then count as possibly this call's, so none is claimed.
        }

        return null;
    }

    private static bool IsAmbiguous(IncidentSdkException failure) => failure switch
    {
        TransportException transport => transport.RequestMayHaveReachedServer,
        InvalidResponseException => true,
        ServiceException { ErrorCode: null, StatusCode: 500 or 502 or 504 } => true,
        _ => false,
    };

    private async Task<TResult> CallAsync<TParams, TResult>(
        string method,
        TParams parameters,
        JsonTypeInfo<JsonRpcRequest<TParams>> requestInfo,
        JsonTypeInfo<TResult> resultInfo,
        bool authenticated,
        bool idempotent,
        CancellationToken cancellationToken,
        IReadOnlyList<string>? targets = null,
        SendMark? sending = null)
    {
        if (!authenticated)
        {
            return await SendOnceAsync(method, parameters, requestInfo, resultInfo, null, false, idempotent, cancellationToken, targets, sending).ConfigureAwait(false);
        }

        var useHeader = (await GetServerVersionAsync(cancellationToken).ConfigureAwait(false)).IsAtLeast(6, 4);
        if (_apiToken is not null)
        {
            return await SendOnceAsync(method, parameters, requestInfo, resultInfo, _apiToken, useHeader, idempotent, cancellationToken, targets, sending).ConfigureAwait(false);
        }

        var session = await _state!.GetSessionAsync(LoginAsync, null, cancellationToken).ConfigureAwait(false);
        try
        {
            return await SendOnceAsync(method, parameters, requestInfo, resultInfo, session, useHeader, idempotent, cancellationToken, targets, sending).ConfigureAwait(false);
        }
        catch (ServiceException ended) when (JsonRpcResponseMapper.IsSessionEnded(ended))
        {
            // Zabbix refused before acting, so resending is safe; log in again once, however many calls noticed.
            var renewed = await _state.GetSessionAsync(LoginAsync, session, cancellationToken).ConfigureAwait(false);
            return await SendOnceAsync(method, parameters, requestInfo, resultInfo, renewed, useHeader, idempotent, cancellationToken, targets, sending).ConfigureAwait(false);
        }
    }

    private async Task<TResult> SendOnceAsync<TParams, TResult>(
        string method,
        TParams parameters,
        JsonTypeInfo<JsonRpcRequest<TParams>> requestInfo,
        JsonTypeInfo<TResult> resultInfo,
        string? credential,
        bool useHeader,
        bool idempotent,
        CancellationToken cancellationToken,
        IReadOnlyList<string>? targets = null,
        SendMark? sending = null)
    {
        var invoker = _invoker ?? throw new InvalidOperationException("This client was created for mocking and cannot send requests.");
        var id = Interlocked.Increment(ref _nextId);
        var envelope = new JsonRpcRequest<TParams> { Method = method, Params = parameters, Auth = useHeader ? null : credential, Id = id };
        var body = JsonSerializer.SerializeToUtf8Bytes(envelope, requestInfo);
        using var message = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(body) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        if (credential is not null && useHeader)
        {
            // Zabbix before 7.2.5 matches the header name and the "Bearer " prefix case-sensitively.
            message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + credential);
        }

        RequestMetadata.Set(message, "Zabbix", method, idempotent, body, ContentType);
        var scope = OperationScope.Start("zabbix", method, targets is null ? null : OperationScope.EventTarget(targets), _logger);
        try
        {
            var result = await SendAndReadAsync(invoker, message, method, id, resultInfo, useHeader && credential is not null, targets, sending, cancellationToken).ConfigureAwait(false);
            scope.Complete(RequestMetadata.GetAttempts(message), null);
            return result;
        }
        catch (ObjectDisposedException ex) when (Volatile.Read(ref _disposed) != 0 && !cancellationToken.IsCancellationRequested)
        {
            // The client was disposed while the call was under way: say whether the request may have gone out.
            var attempts = RequestMetadata.GetAttempts(message);
            var stopped = new TransportException(
                $"The Zabbix call '{method}' was stopped because the client was disposed; "
                + (attempts > 0 ? "Zabbix may have received and acted on it." : "the request did not reach Zabbix."),
                requestMayHaveReachedServer: attempts > 0,
                ex)
            { Operation = method };
            scope.Complete(attempts, stopped);
            throw stopped;
        }
        catch (Exception ex)
        {
            scope.Complete(RequestMetadata.GetAttempts(message), ex);
            throw;
        }
    }

    private async Task<TResult> SendAndReadAsync<TResult>(
        HttpMessageInvoker invoker,
        HttpRequestMessage message,
        string method,
        long id,
        JsonTypeInfo<TResult> resultInfo,
        bool bearer,
        IReadOnlyList<string>? targets,
        SendMark? sending,
        CancellationToken cancellationToken)
    {
        var sent = _timeProvider.GetUtcNow();
        if (sending is not null)
        {
            sending.At = sent;
        }

        using var response = await HttpSender.SendAsync(invoker, message, "Zabbix", method, cancellationToken).ConfigureAwait(false);

        // Every reply's Date header narrows what the client knows of the server's clock, which dates recorded messages.
        _state!.Clock.Observe(sent, _timeProvider.GetUtcNow(), response.Headers.Date);
        var responseBody = await ResponseBuffering.ReadBoundedAsync(response, _maxResponseBodyBytes, cancellationToken).ConfigureAwait(false);
        var hint = bearer
            ? "If the credentials are valid, check that the web server passes the Authorization header to PHP (Apache with php-fpm strips it unless configured)."
            : null;
        var result = JsonRpcResponseMapper.Map(response, responseBody, method, id, _timeProvider, hint, targets);
        try
        {
            return result.Deserialize(resultInfo) ?? throw new JsonException("The result is null.");
        }
        catch (JsonException ex)
        {
            throw new InvalidResponseException(
                $"Zabbix answered '{method}' with a result of an unexpected shape: {ex.Message}",
                new ServiceErrorInfo
                {
                    StatusCode = (int)response.StatusCode,
                    Operation = method,
                    RequestId = id.ToString(CultureInfo.InvariantCulture),
                    Targets = targets,
                    ResponseBodyExcerpt = ErrorInfoFactory.Excerpt(responseBody),
                },
                ex);
        }
    }

    private async Task<ZabbixVersion> FetchVersionAsync(CancellationToken cancellationToken)
    {
        // apiinfo.version must be called without auth: 6.0 rejects the field, 7.0 the header.
        var text = await SendOnceAsync("apiinfo.version", EmptyParams.Instance, ZabbixJsonContext.Wire.JsonRpcRequestEmptyParams, ZabbixJsonContext.Wire.String, null, false, idempotent: true, cancellationToken).ConfigureAwait(false);
        return ZabbixVersion.TryParse(text, out var version)
            ? version!
            : throw new InvalidResponseException($"Zabbix answered 'apiinfo.version' with '{text}', which is not a version", new ServiceErrorInfo { Operation = "apiinfo.version" });
    }

    private async Task<string> LoginAsync(CancellationToken cancellationToken)
    {
        var version = await GetServerVersionAsync(cancellationToken).ConfigureAwait(false);

        // 5.4 renamed the parameter "user" to "username"; 6.4 removed "user".
        var parameters = version.IsAtLeast(5, 4)
            ? new LoginParams { Username = _username, Password = _password! }
            : new LoginParams { User = _username, Password = _password! };
        var session = await SendOnceAsync("user.login", parameters, ZabbixJsonContext.Wire.JsonRpcRequestLoginParams, ZabbixJsonContext.Wire.String, null, false, idempotent: true, cancellationToken).ConfigureAwait(false);

        // From 6.4 the session goes in the Authorization header; a session id is hex, so anything else is refused unused.
        return session.Length > 0 && HeaderValue.IsUsable(session)
            ? session
            : throw new InvalidResponseException(
                "Zabbix answered 'user.login' with a session id that is empty or holds characters an HTTP header cannot carry; it was not used and is not shown",
                new ServiceErrorInfo { Operation = "user.login" });
    }

    private static ZabbixEvent ToEvent(EventBody body) => new(
        body.EventId ?? string.Empty,
        body.Acknowledged == "1",
        (EventSeverity)ParseInt(body.Severity),
        body.RecoveryEventId is { Length: > 0 } recovery && recovery != "0",
        body.Suppressed is null ? null : body.Suppressed == "1",
        body.CauseEventId is { Length: > 0 } cause && cause != "0" ? cause : null,
        (body.Acknowledges ?? []).Select(a => new EventAcknowledgement(
            a.AcknowledgeId ?? string.Empty,
            a.UserId,
            DateTimeOffset.FromUnixTimeSeconds(ParseInt(a.Clock)),
            a.Message ?? string.Empty,
            (EventAction)ParseInt(a.Action),
            a.OldSeverity is null ? null : (EventSeverity)ParseInt(a.OldSeverity),
            a.NewSeverity is null ? null : (EventSeverity)ParseInt(a.NewSeverity),
            a.SuppressUntil is null || ((EventAction)ParseInt(a.Action) & EventAction.Suppress) == 0 ? null : SuppressUntil.FromUnixTimeSeconds(ParseLong(a.SuppressUntil)))).ToArray());

    private static long ParseLong(string? text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static int ParseInt(string? text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static HttpMessageInvoker BuildInvoker(JsonRpcEventClientOptions options, Func<TransportGuard> transport)
    {
        CheckOptions(options);
        return HandlerChain.Create(CreateResilienceHandler(options, ResilienceScope.Of(options.Resilience)), null, CreateLoggingHandler(options), transport());
    }

    /// <summary>The client's retry and timeout rules as <paramref name="options"/> are now, with the circuit of <paramref name="scope"/>.</summary>
    internal static ResiliencePolicy CreatePolicy(JsonRpcEventClientOptions options, ResilienceScope scope) =>
        scope.Policy(options.Resilience, options.TimeProvider, options.Logging.CreateLogger(Log.HttpCategory));

    internal static DelegatingHandler CreateResilienceHandler(JsonRpcEventClientOptions options, ResilienceScope scope) =>
        new ResilienceHandler(CreatePolicy(options, scope), options.MaxResponseBodyBytes);

    internal static DelegatingHandler CreateLoggingHandler(JsonRpcEventClientOptions options) =>
        new LoggingHandler(options.Logging.CreateLogger(Log.HttpCategory), options.Logging, options.TimeProvider);

    private static void CheckOptions(JsonRpcEventClientOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("JsonRpcEventClientOptions are not usable: " + string.Join(" ", problems), nameof(options));
        }
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(JsonRpcEventClient));
        }
    }

    /// <summary>The local time a call was last handed to the transport (a send a refused session repeated moves it on).</summary>
    private sealed class SendMark(DateTimeOffset at)
    {
        public DateTimeOffset At { get; set; } = at;
    }
}
