using System;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Internal;

namespace IncidentSdk.JsonRpc;

/// <summary>
/// Who the Zabbix client is to the server: the server's version (which decides where the credential goes), the API
/// token, or the password session it logs in for lazily, logs in again for once when Zabbix says it ended, and logs
/// out of. The state it keeps (<see cref="ZabbixSessionState"/>) may be shared by the clients of one registration.
/// </summary>
internal sealed class ZabbixSession : IDisposable
{
    private readonly JsonRpcTransport _transport;
    private readonly bool _ownsState;
    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]
    private readonly string? _apiToken;
    private readonly string? _username;
    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]
    private readonly string? _password;

    /// <param name="transport">The JSON-RPC layer the calls go through.</param>
    /// <param name="options">The credentials.</param>
    /// <param name="state">The state: the client's own, or the one its registration shares.</param>
    /// <param name="ownsState">Whether disposing the session disposes <paramref name="state"/>.</param>
    public ZabbixSession(JsonRpcTransport transport, JsonRpcEventClientOptions options, ZabbixSessionState state, bool ownsState)
    {
        _transport = transport;
        _ownsState = ownsState;
        State = state;
        _apiToken = string.IsNullOrEmpty(options.ApiToken) ? null : options.ApiToken;
        _username = options.Username;
        _password = options.Password;
    }

    /// <summary>The version, session, user, clock and recent messages this session knows.</summary>
    public ZabbixSessionState State { get; }

    /// <summary>Whether this client alone holds <see cref="State"/> (not shared through a registration).</summary>
    public bool OwnsState => _ownsState;

    /// <summary>Whether a password session is open now.</summary>
    public bool HasPasswordSession => _apiToken is null && State.SessionId is not null;

    public static ZabbixSessionState CreateState(JsonRpcEventClientOptions options) =>
        new(options.ServerVersion is { } text ? ZabbixVersion.Parse(text) : null);

    /// <summary>The server's version: configured, cached, or asked once with <c>apiinfo.version</c> (without auth).</summary>
    public ValueTask<ZabbixVersion> GetVersionAsync(CancellationToken cancellationToken)
    {
        _transport.Core.ThrowIfDisposed();
        return State.GetVersionAsync(FetchVersionAsync, cancellationToken);
    }

    /// <summary>Sends a call that must be made without auth.</summary>
    public Task<TResult> SendAnonymousAsync<TParams, TResult>(JsonRpcCall<TParams, TResult> call, CancellationToken cancellationToken) =>
        _transport.SendAsync(call, null, false, cancellationToken);

    /// <summary>
    /// Sends an authenticated call: the credential in the <c>auth</c> field before 6.4 and in the header from 6.4 on;
    /// with a password, a login first if needed, and one login again (then one resend) when Zabbix says the session ended.
    /// </summary>
    public Task<TResult> SendAsync<TParams, TResult>(JsonRpcCall<TParams, TResult> call, CancellationToken cancellationToken)
    {
        if (_apiToken is null)
        {
            return SendWithSessionAsync(call, cancellationToken);
        }

        // An API token with the version known (the usual case): straight to the transport, without an async layer.
        try
        {
            var version = GetVersionAsync(cancellationToken);
            return version.IsCompletedSuccessfully
                ? _transport.SendAsync(call, _apiToken, version.Result.IsAtLeast(6, 4), cancellationToken)
                : SendWithTokenAsync(version, call, cancellationToken);
        }
#pragma warning disable CA1031 // Not swallowed: the failure is the returned task's, as an async method would report it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Task.FromException<TResult>(ex);
        }
    }

    private async Task<TResult> SendWithTokenAsync<TParams, TResult>(ValueTask<ZabbixVersion> version, JsonRpcCall<TParams, TResult> call, CancellationToken cancellationToken)
    {
        var useHeader = (await version.ConfigureAwait(false)).IsAtLeast(6, 4);
        return await _transport.SendAsync(call, _apiToken, useHeader, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TResult> SendWithSessionAsync<TParams, TResult>(JsonRpcCall<TParams, TResult> call, CancellationToken cancellationToken)
    {
        var useHeader = (await GetVersionAsync(cancellationToken).ConfigureAwait(false)).IsAtLeast(6, 4);
        var session = await State.GetSessionAsync(LoginAsync, null, cancellationToken).ConfigureAwait(false);
        try
        {
            return await _transport.SendAsync(call, session, useHeader, cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceException ended) when (JsonRpcResponseMapper.IsSessionEnded(ended))
        {
            // Zabbix refused before acting, so resending is safe; log in again once, however many calls noticed.
            var renewed = await State.GetSessionAsync(LoginAsync, session, cancellationToken).ConfigureAwait(false);
            return await _transport.SendAsync(call, renewed, useHeader, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ends the password session with <c>user.logout</c>, if there is one; does nothing with an API token.</summary>
    public async Task LogoutAsync(CancellationToken cancellationToken)
    {
        if (_apiToken is not null || State.TakeSession() is not { } session)
        {
            return;
        }

        var version = await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        var call = new JsonRpcCall<string[], System.Text.Json.JsonElement>(
            "user.logout", [], ZabbixJsonContext.Wire.JsonRpcRequestStringArray, ZabbixJsonContext.Wire.JsonElement, Idempotent: false);
        await _transport.SendAsync(call, session, version.IsAtLeast(6, 4), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The user id of the API token or of the current login session (<c>user.checkAuthentication</c>, called without
    /// auth as Zabbix requires), cached per session state; <see langword="null"/> when Zabbix cannot tell, as servers
    /// before 6.0.14 (and 6.2 to 6.4.0) cannot for a token: their <c>user.checkAuthentication</c> has no <c>token</c>
    /// parameter (https://www.zabbix.com/documentation/6.0/en/manual/api/changes_6.0, ZBXNEXT-8012).
    /// </summary>
    public async Task<string?> TryGetUserIdAsync(CancellationToken cancellationToken)
    {
        var session = _apiToken is null ? State.SessionId : null;
        if (_apiToken is null && session is null)
        {
            return null;
        }

        if (State.UserIdFor(session) is { } known)
        {
            return known;
        }

        var parameters = _apiToken is not null
            ? new CheckAuthenticationParams { Token = _apiToken }
            : new CheckAuthenticationParams { SessionId = session, Extend = false };
        try
        {
            var call = new JsonRpcCall<CheckAuthenticationParams, UserBody>(
                "user.checkAuthentication", parameters, ZabbixJsonContext.Wire.JsonRpcRequestCheckAuthenticationParams, ZabbixJsonContext.Wire.UserBody, Idempotent: true);
            var user = await SendAnonymousAsync(call, cancellationToken).ConfigureAwait(false);
            if (user.UserId is { } id && AcknowledgeEventRequestValidator.IsPositiveId(id))
            {
                State.RememberUserId(session, id);
                return id;
            }
        }
        catch (IncidentSdkException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not known: updates by any user then count as possibly this call's, so none is claimed.
        }

        return null;
    }

    /// <summary>Releases the state when this client alone holds it.</summary>
    public void Dispose()
    {
        if (_ownsState)
        {
            State.Dispose();
        }
    }

    /// <summary>A call of <c>apiinfo.version</c>, which must go without auth: 6.0 rejects the field, 7.0 the header.</summary>
    public static JsonRpcCall<EmptyParams, string> VersionCall =>
        new("apiinfo.version", EmptyParams.Instance, ZabbixJsonContext.Wire.JsonRpcRequestEmptyParams, ZabbixJsonContext.Wire.String, Idempotent: true);

    private async Task<ZabbixVersion> FetchVersionAsync(CancellationToken cancellationToken)
    {
        var text = await SendAnonymousAsync(VersionCall, cancellationToken).ConfigureAwait(false);
        return ZabbixVersion.TryParse(text, out var version)
            ? version!
            : throw new InvalidResponseException($"Zabbix answered 'apiinfo.version' with '{text}', which is not a version", new ServiceErrorInfo { Operation = "apiinfo.version" });
    }

    private async Task<string> LoginAsync(CancellationToken cancellationToken)
    {
        var version = await GetVersionAsync(cancellationToken).ConfigureAwait(false);

        // 5.4 renamed the parameter "user" to "username"; 6.4 removed "user".
        var parameters = version.IsAtLeast(5, 4)
            ? new LoginParams { Username = _username, Password = _password! }
            : new LoginParams { User = _username, Password = _password! };
        var call = new JsonRpcCall<LoginParams, string>("user.login", parameters, ZabbixJsonContext.Wire.JsonRpcRequestLoginParams, ZabbixJsonContext.Wire.String, Idempotent: true);
        var session = await SendAnonymousAsync(call, cancellationToken).ConfigureAwait(false);

        // From 6.4 the session goes in the Authorization header; a session id is hex, so anything else is refused unused.
        return session.Length > 0 && HeaderValue.IsUsable(session)
            ? session
            : throw new InvalidResponseException(
                "Zabbix answered 'user.login' with a session id that is empty or holds characters an HTTP header cannot carry; it was not used and is not shown",
                new ServiceErrorInfo { Operation = "user.login" });
    }
}
