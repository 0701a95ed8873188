using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text.Json;

namespace IncidentSdk.Testing;

// Credentials: API tokens, users and their login sessions, user.login, user.logout and user.checkAuthentication.
public sealed partial class FakeZabbixService
{
    /// <summary>Creates an API token the fake accepts and returns it (a random one when <paramref name="token"/> is <see langword="null"/>).</summary>
    /// <param name="token">The token; Zabbix's are 64 hex characters.</param>
    /// <returns>The token.</returns>
    /// <exception cref="ArgumentException"><paramref name="token"/> is empty.</exception>
    public string AddToken(string? token = null) => _tokens.Add(token);

    /// <summary>Removes an API token, so calls with it are refused with <c>Not authorized.</c></summary>
    /// <param name="token">The token.</param>
    /// <returns><see langword="true"/> when the token existed.</returns>
    public bool RemoveToken(string token) => _tokens.Remove(token);

    /// <summary>Adds a user who can log in (or changes the password of an existing one).</summary>
    /// <param name="username">The user name (<c>Admin</c> gets user id 1, as on a new server).</param>
    /// <param name="password">The password.</param>
    /// <exception cref="ArgumentException"><paramref name="username"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="password"/> is <see langword="null"/>.</exception>
    public void AddUser(string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(password);
        lock (_gate)
        {
            var id = _users.TryGetValue(username, out var existing) ? existing.Id
                : username == "Admin" ? AdminId
                : (_nextUserId++).ToString(CultureInfo.InvariantCulture);
            _users[username] = username == "Admin"
                ? new FakeUser(id, username, password, "Zabbix", "Administrator")
                : new FakeUser(id, username, password, string.Empty, string.Empty);
        }
    }

    /// <summary>Ends every login session, so the next call with one is told <c>Session terminated, re-login, please.</c></summary>
    public void EndSessions()
    {
        lock (_gate)
        {
            _sessions.Clear();
        }
    }

    /// <summary>The login sessions currently open.</summary>
    public int OpenSessions
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>The token of an <c>Authorization: Bearer</c> header, read from 6.4 on; the prefix is case-sensitive.</summary>
    private string? BearerToken(HttpRequestMessage request)
    {
        if (!AtLeast(6, 4) || !request.Headers.NonValidated.TryGetValues("Authorization", out var values))
        {
            return null;
        }

        var value = values.ToString();
        return value.StartsWith("Bearer ", StringComparison.Ordinal) ? value.Substring("Bearer ".Length) : null;
    }

    private FakeUser Authenticate(string? credential)
    {
        if (credential is null)
        {
            throw new RpcError(-32602, "Not authorized.");
        }

        if (_tokens.Contains(credential))
        {
            return _tokenOwner;
        }

        if (_sessions.TryGetValue(credential, out var user))
        {
            return user;
        }

        // An unknown 64-character value is taken for an API token, anything else for an ended session [seen 6.0.14, 7.0.22].
        throw new RpcError(-32602, credential.Length == 64 ? "Not authorized." : "Session terminated, re-login, please.");
    }

    private Action<Utf8JsonWriter> Login(JsonElement parameters)
    {
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            throw new RpcError(-32602, "Invalid parameter \"/\": an array is expected.");
        }

        // 5.4 renamed "user" to "username"; 6.0 still takes both; 6.4 removed "user" [zabbix-event-acknowledge.md].
        var allowed = new List<string> { "password", "userData" };
        if (AtLeast(5, 4))
        {
            allowed.Add("username");
        }

        if (!AtLeast(6, 4))
        {
            allowed.Add("user");
        }

        ThrowOnUnexpected(parameters, allowed);
        var nameKey = AtLeast(5, 4) ? "username" : "user";
        var username = StringParameter(parameters, "username") ?? (AtLeast(6, 4) ? null : StringParameter(parameters, "user"));
        if (username is null)
        {
            throw new RpcError(-32602, $"Invalid parameter \"/\": the parameter \"{nameKey}\" is missing.");
        }

        var password = StringParameter(parameters, "password") ?? throw new RpcError(-32602, "Invalid parameter \"/\": the parameter \"password\" is missing.");
        lock (_gate)
        {
            if (!_users.TryGetValue(username, out var user))
            {
                // An unknown user is -32602 on 6.0.14 but -32500 on 7.0.22; a wrong password is -32500 on both [seen].
                throw new RpcError(AtLeast(7, 0) ? -32500 : -32602, "Incorrect user name or password or account is temporarily blocked.");
            }

            if (!string.Equals(user.Password, password, StringComparison.Ordinal))
            {
                throw new RpcError(-32500, "Incorrect user name or password or account is temporarily blocked.");
            }

            var session = RandomNumberGenerator.GetHexString(32, lowercase: true);
            _sessions[session] = user;
            return w => w.WriteStringValue(session);
        }
    }

    /// <summary>
    /// <c>user.checkAuthentication</c>: the user of a session (<c>sessionid</c>, with <c>extend</c>) or of an API token
    /// (<c>token</c>, from 6.0.14 and 6.4.1 on: ZBXNEXT-8012 in the 6.0 and 6.4 API changes). Answers the user's
    /// <c>userid</c>, <c>username</c>, <c>name</c> and <c>surname</c> (a real server answers more fields).
    /// </summary>
    private Action<Utf8JsonWriter> CheckAuthentication(JsonElement parameters)
    {
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            throw new RpcError(-32602, "Invalid parameter \"/\": an array is expected.");
        }

        var takesToken = _version.IsAtLeast(6, 4) ? !(_version.Major == 6 && _version.Minor == 4 && _version.Patch < 1) : _version.Major == 6 && _version.Minor == 0 && _version.Patch >= 14;
        ThrowOnUnexpected(parameters, takesToken ? ["sessionid", "extend", "token"] : ["sessionid", "extend"]);
        var sessionId = StringParameter(parameters, "sessionid");
        var token = StringParameter(parameters, "token");
        if ((sessionId is null) == (token is null))
        {
            throw new RpcError(-32602, "Session ID or token is expected.");
        }

        if (token is not null && parameters.TryGetProperty("extend", out _))
        {
            throw new RpcError(-32602, "Invalid parameter \"/extend\": unexpected parameter.");
        }

        FakeUser user;
        lock (_gate)
        {
            if (token is not null)
            {
                user = _tokens.Contains(token) ? _tokenOwner : throw new RpcError(-32602, "Not authorized.");
            }
            else if (!_sessions.TryGetValue(sessionId!, out user!))
            {
                throw new RpcError(-32602, "Session terminated, re-login, please.");
            }
        }

        return w =>
        {
            w.WriteStartObject();
            w.WriteString("userid", user.Id);
            w.WriteString("username", user.Username);
            w.WriteString("name", user.Name);
            w.WriteString("surname", user.Surname);
            w.WriteEndObject();
        };
    }

    private Action<Utf8JsonWriter> Logout(string credential)
    {
        if (!_sessions.Remove(credential))
        {
            // Logging out with an API token [seen 6.0.14, 7.0.22].
            throw new RpcError(-32500, "Incorrect field \"sessionid\" name or value in where statement for table \"sessions\".");
        }

        return w => w.WriteBooleanValue(true);
    }

    private sealed record FakeUser(string Id, string Username, string Password, string Name, string Surname);
}
