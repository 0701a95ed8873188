using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.JsonRpc;

/// <summary>
/// What a Zabbix client learns once and shares across calls (and, with DI, across client instances): the server
/// version and the login session. Logins are serialised so that a burst of calls logs in once, and a session
/// that ended is renewed once however many calls noticed it.
/// </summary>
internal sealed class ZabbixSessionState : IDisposable
{
    // Separate gates: logging in asks for the version, which must not wait behind the login itself.
    private readonly SemaphoreSlim _versionGate = new(1, 1);
    private readonly SemaphoreSlim _sessionGate = new(1, 1);
    private ZabbixVersion? _version;
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private string? _sessionId;
    private UserOfCredential? _user;

    public ZabbixSessionState(ZabbixVersion? configuredVersion) => _version = configuredVersion;

    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string? SessionId => Volatile.Read(ref _sessionId);

    /// <summary>What the client knows about the server's clock, from the <c>Date</c> headers of its replies.</summary>
    public ServerClock Clock { get; } = new();

    /// <summary>The message-adding calls made through this state lately.</summary>
    public SentMessages Messages { get; } = new();

    /// <summary>The user id of the API token (<paramref name="sessionId"/> <see langword="null"/>) or of that login session, when learned.</summary>
    public string? UserIdFor(string? sessionId) =>
        Volatile.Read(ref _user) is { } user && string.Equals(user.SessionId, sessionId, StringComparison.Ordinal) ? user.UserId : null;

    /// <summary>Remembers the user id of the API token (<paramref name="sessionId"/> <see langword="null"/>) or of a login session.</summary>
    public void RememberUserId(string? sessionId, string userId) => Volatile.Write(ref _user, new UserOfCredential(sessionId, userId));

    public async ValueTask<ZabbixVersion> GetVersionAsync(Func<CancellationToken, Task<ZabbixVersion>> fetch, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _version) is { } known)
        {
            return known;
        }

        await _versionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _version ??= await fetch(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _versionGate.Release();
        }
    }

    /// <summary>Returns the current session, logging in when there is none; <paramref name="stale"/> is a session known to have ended.</summary>
    public async ValueTask<string> GetSessionAsync(Func<CancellationToken, Task<string>> login, string? stale, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _sessionId);
        if (current is not null && current != stale)
        {
            return current;
        }

        await _sessionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_sessionId is null || _sessionId == stale)
            {
                _sessionId = null;
                _sessionId = await login(cancellationToken).ConfigureAwait(false);
            }

            return _sessionId;
        }
        finally
        {
            _sessionGate.Release();
        }
    }

    /// <summary>Forgets the session and returns it, so that it can be logged out.</summary>
    public string? TakeSession() => Interlocked.Exchange(ref _sessionId, null);

    public void Dispose()
    {
        _user = null;
        _versionGate.Dispose();
        _sessionGate.Dispose();
    }

    /// <summary>A user id and the session it was learned for (<see langword="null"/> for the API token).</summary>
    private sealed class UserOfCredential(string? sessionId, string userId)
    {
        [DebuggerBrowsable(DebuggerBrowsableState.Never)]
        public string? SessionId { get; } = sessionId;

        public string UserId { get; } = userId;
    }
}
