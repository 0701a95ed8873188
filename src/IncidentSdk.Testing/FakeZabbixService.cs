using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.JsonRpc;

namespace IncidentSdk.Testing;

/// <summary>
/// An in-memory fake of the Zabbix JSON-RPC API (<c>apiinfo.version</c>, <c>user.login</c>, <c>user.logout</c>,
/// <c>user.checkAuthentication</c>, <c>event.acknowledge</c>, <c>event.get</c>) as an <see cref="HttpMessageHandler"/>:
/// problem events record acknowledges with the user who made them and enforce the server's rules for the configured
/// version, every answer carries a <c>Date</c> header from the fake's clock, and failures can be injected.
/// </summary>
/// <remarks>
/// <para>Answers are modelled on Zabbix 6.0.14 and 7.0.22 (zabbix-event-acknowledge.md): JSON-RPC errors come with HTTP 200,
/// another Content-Type than <c>application/json-rpc</c>, <c>application/json</c> or <c>application/jsonrequest</c> gets
/// HTTP 412 with an empty body, and error <c>data</c> texts are the servers' own. Versions before 6.4 read credentials
/// from the <c>auth</c> field only and check <c>event.acknowledge</c> the 6.0 way (extra parameters ignored, a too long
/// message is <c>-32500</c>); 6.4 to 7.0 also take <c>Authorization: Bearer</c> (the header wins over the field) and check
/// parameters strictly the 7.0 way; 7.2 and later refuse the <c>auth</c> field.</para>
/// <para>Like a server with its daemon, the fake applies suppression and rank changes at once; like a server without it,
/// a close is only recorded (<see cref="FakeZabbixEvent.IsClosed"/>) and the problem is not resolved.</para>
/// <para>Thread-safe: calls may arrive concurrently; each call sees and changes the state atomically.</para>
/// </remarks>
public sealed partial class FakeZabbixService : HttpMessageHandler
{
    /// <summary>The API URL to give <c>JsonRpcEventClientOptions.Url</c>; any host works, this one never resolves.</summary>
    public static readonly Uri Endpoint = new("https://zabbix.fake.invalid/api_jsonrpc.php");

    private const string AdminId = "1";
    private static readonly string[] AcceptedContentTypes = ["application/json-rpc", "application/json", "application/jsonrequest"];

    private readonly ZabbixVersion _version;
    private readonly TimeProvider _timeProvider;
    private readonly object _gate = new();
    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeUser> _sessions = new(StringComparer.Ordinal);
    private readonly SortedDictionary<ulong, EventState> _events = [];
    private readonly List<FakeZabbixRequest> _requests = [];
    private readonly FakeUser _tokenOwner = new(AdminId, "Admin", string.Empty, "Zabbix", "Administrator");
    private ulong _nextEventId = 1;
    private ulong _nextAcknowledgeId = 1;
    private int _nextUserId = 2;

    /// <summary>Creates the fake.</summary>
    /// <param name="version">The Zabbix version it behaves as (<c>6.0.14</c>, <c>7.0.22</c>, ...).</param>
    /// <param name="timeProvider">The fake's clock, for acknowledge times; the system clock by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="version"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="version"/> is not a version such as <c>6.0.14</c>.</exception>
    public FakeZabbixService(string version = "7.0.22", TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        _version = ZabbixVersion.Parse(version);
        Version = version.Trim();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The version the fake reports.</summary>
    public string Version { get; }

    /// <summary>Hooks that make the next requests fail.</summary>
    public FakeFailures Failures { get; } = new();

    /// <summary>
    /// When <see langword="true"/>, <c>event.acknowledge</c> answers event ids as strings (<c>["20427"]</c>), the shape the
    /// Zabbix manual shows. By default they are JSON numbers (<c>[20427]</c>), as real 6.0.14 and 7.0.22 servers answer.
    /// </summary>
    public bool AnswersEventIdsAsStrings { get; set; }

    /// <summary>Every JSON-RPC request received, in order, failed or not (a snapshot).</summary>
    public IReadOnlyList<FakeZabbixRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Creates an API token the fake accepts and returns it (a random one when <paramref name="token"/> is <see langword="null"/>).</summary>
    /// <param name="token">The token; Zabbix's are 64 hex characters.</param>
    /// <returns>The token.</returns>
    /// <exception cref="ArgumentException"><paramref name="token"/> is empty.</exception>
    public string AddToken(string? token = null)
    {
        if (token is not null && token.Length == 0)
        {
            throw new ArgumentException("A token cannot be empty.", nameof(token));
        }

        token ??= RandomNumberGenerator.GetHexString(64, lowercase: true);
        lock (_gate)
        {
            _tokens.Add(token);
        }

        return token;
    }

    /// <summary>Removes an API token, so calls with it are refused with <c>Not authorized.</c></summary>
    /// <param name="token">The token.</param>
    /// <returns><see langword="true"/> when the token existed.</returns>
    public bool RemoveToken(string token)
    {
        lock (_gate)
        {
            return token is not null && _tokens.Remove(token);
        }
    }

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

    /// <summary>Raises a problem event and returns its id.</summary>
    /// <param name="severity">The event's severity.</param>
    /// <param name="name">The problem name.</param>
    /// <param name="manualCloseAllowed">Whether its trigger allows manual closing (the default); when not, a close is refused with <c>Cannot close problem: trigger does not allow manual closing.</c></param>
    /// <returns>The event id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public string AddProblem(EventSeverity severity = EventSeverity.Average, string name = "Problem", bool manualCloseAllowed = true)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            var id = _nextEventId++;
            _events.Add(id, new EventState(id, name, (int)severity, manualCloseAllowed, Now()));
            return id.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The event's current state, or <see langword="null"/> when there is no such event.</summary>
    /// <param name="eventId">The event id.</param>
    /// <returns>A snapshot.</returns>
    public FakeZabbixEvent? GetEvent(string eventId)
    {
        lock (_gate)
        {
            if (!TryFindEvent(eventId, out var state))
            {
                return null;
            }

            var now = Now();
            return new FakeZabbixEvent(
                state.Id.ToString(CultureInfo.InvariantCulture),
                state.Name,
                (EventSeverity)state.Severity,
                state.Acknowledged,
                state.Closed,
                state.IsSuppressed(now) ? (state.SuppressUntil == 0 ? DateTimeOffset.MaxValue : DateTimeOffset.FromUnixTimeSeconds(state.SuppressUntil!.Value)) : null,
                state.Cause?.ToString(CultureInfo.InvariantCulture),
                state.Rows.Select(r => new FakeAcknowledge((EventAction)r.Action, r.Message, DateTimeOffset.FromUnixTimeSeconds(r.Clock)) { UserId = r.User.Id }).ToArray());
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

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var text = Encoding.UTF8.GetString(body);
        var injected = Failures.Take();
        switch (injected?.Kind)
        {
            case FakeFailures.InjectedKind.Throw:
                Record(new FakeZabbixRequest(PeekMethod(body), text, null) { StatusCode = 0 });
                throw injected.Exception!;
            case FakeFailures.InjectedKind.Respond:
                var response = injected.Response!();
                var injectedBody = response.Content is null ? [] : await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                Record(new FakeZabbixRequest(PeekMethod(body), text, PeekErrorCode(injectedBody)) { StatusCode = (int)response.StatusCode });
                return response;
            case FakeFailures.InjectedKind.Delay:
                await FakeFailures.WaitAsync(injected.Delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                break;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var lost = injected?.Kind == FakeFailures.InjectedKind.Lose;
        var (status, responseBody, calls) = Handle(request, body, text);
        lock (_gate)
        {
            _requests.AddRange(lost ? calls.Select(c => c with { ResponseLost = true }) : calls);
        }

        if (lost)
        {
            throw FakeFailures.LostResponse();
        }

        var content = new ByteArrayContent(responseBody);
        content.Headers.TryAddWithoutValidation("Content-Type", status == HttpStatusCode.OK ? "application/json" : "text/html; charset=UTF-8");
        var answer = new HttpResponseMessage(status) { Content = content };

        // Like a web server, the current second of the server's clock [seen 6.0.14 and 7.0.22 behind PHP's built-in server].
        answer.Headers.Date = DateTimeOffset.FromUnixTimeSeconds(Now());
        return answer;
    }

    private (HttpStatusCode Status, byte[] Body, List<FakeZabbixRequest> Calls) Handle(HttpRequestMessage request, byte[] body, string text)
    {
        var calls = new List<FakeZabbixRequest>();
        if (request.Method != HttpMethod.Post || !AcceptedContentTypes.Contains(MediaType(request), StringComparer.Ordinal))
        {
            // Zabbix answers 412 Precondition Failed with an empty body [seen 6.0.14 and 7.0.22].
            calls.Add(new FakeZabbixRequest(PeekMethod(body), text, null) { StatusCode = 412 });
            return (HttpStatusCode.PreconditionFailed, [], calls);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            calls.Add(new FakeZabbixRequest(string.Empty, text, -32700));
            return (HttpStatusCode.OK, ErrorBody(null, -32700, "Invalid JSON. An error occurred on the server while parsing the JSON text."), calls);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var (answer, call) = HandleEnvelope(root, request, text);
                calls.Add(call);
                return (HttpStatusCode.OK, answer ?? [], calls);
            }

            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0)
            {
                calls.Add(new FakeZabbixRequest(string.Empty, text, -32600));
                return (HttpStatusCode.OK, ErrorBody(null, -32600, "Invalid parameter \"/\": cannot be empty."), calls);
            }

            // A batch: every envelope is answered in order, except notifications (no id) [seen 6.0.14].
            var answers = new List<byte[]>();
            foreach (var element in root.EnumerateArray())
            {
                var (answer, call) = element.ValueKind == JsonValueKind.Object
                    ? HandleEnvelope(element, request, element.GetRawText())
                    : (ErrorBody(null, -32600, "Invalid parameter \"/\": an array is expected."), new FakeZabbixRequest(string.Empty, element.GetRawText(), -32600));
                calls.Add(call);
                if (answer is not null)
                {
                    answers.Add(answer);
                }
            }

            using var buffer = new MemoryStream();
            buffer.WriteByte((byte)'[');
            for (var i = 0; i < answers.Count; i++)
            {
                if (i > 0)
                {
                    buffer.WriteByte((byte)',');
                }

                buffer.Write(answers[i]);
            }

            buffer.WriteByte((byte)']');
            return (HttpStatusCode.OK, buffer.ToArray(), calls);
        }
    }

    /// <summary>Handles one envelope; returns the response bytes (null for a notification) and the call record.</summary>
    private (byte[]? Answer, FakeZabbixRequest Call) HandleEnvelope(JsonElement envelope, HttpRequestMessage request, string text)
    {
        var method = envelope.TryGetProperty("method", out var methodElement) && methodElement.ValueKind == JsonValueKind.String ? methodElement.GetString()! : string.Empty;
        string? id = envelope.TryGetProperty("id", out var idElement) ? idElement.GetRawText() : null;
        try
        {
            var result = Dispatch(envelope, request, method);
            return (id is null ? null : ResultBody(id, result), new FakeZabbixRequest(method, text, null));
        }
        catch (RpcError error)
        {
            return (id is null && error.Code != -32600 ? null : ErrorBody(id, error.Code, error.ErrorData), new FakeZabbixRequest(method, text, error.Code));
        }
    }

    private Action<Utf8JsonWriter> Dispatch(JsonElement envelope, HttpRequestMessage request, string method)
    {
        CheckEnvelope(envelope);
        var name = method.ToLowerInvariant();
        if (name is not ("apiinfo.version" or "user.login" or "user.logout" or "user.checkauthentication" or "event.acknowledge" or "event.get"))
        {
            throw new RpcError(-32601, $"Incorrect method \"{method}\".");
        }

        var parameters = envelope.GetProperty("params");
        string? authField = envelope.TryGetProperty("auth", out var auth) && auth.ValueKind == JsonValueKind.String ? auth.GetString() : null;
        var bearer = BearerToken(request);
        if (name is "apiinfo.version" or "user.login" or "user.checkauthentication")
        {
            var shown = name == "user.checkauthentication" ? "user.checkAuthentication" : name;
            if (bearer is not null)
            {
                throw new RpcError(-32602, $"The \"{shown}\" method must be called without authorization header.");
            }

            if (authField is not null)
            {
                throw new RpcError(-32602, $"The \"{shown}\" method must be called without the \"auth\" parameter.");
            }

            if (name == "apiinfo.version")
            {
                var version = Version;
                return w => w.WriteStringValue(version);
            }

            return name == "user.login" ? Login(parameters) : CheckAuthentication(parameters);
        }

        lock (_gate)
        {
            var credential = bearer ?? authField;
            var user = Authenticate(credential);
            return name switch
            {
                "user.logout" => Logout(credential!),
                "event.get" => GetEvents(parameters),
                _ => Acknowledge(parameters, user),
            };
        }
    }

    private void CheckEnvelope(JsonElement envelope)
    {
        if (!envelope.TryGetProperty("jsonrpc", out var jsonrpc))
        {
            throw new RpcError(-32600, "Invalid parameter \"/\": the parameter \"jsonrpc\" is missing.");
        }

        if (jsonrpc.ValueKind != JsonValueKind.String || jsonrpc.GetString() != "2.0")
        {
            throw new RpcError(-32600, "Invalid parameter \"/jsonrpc\": value must be \"2.0\".");
        }

        if (!envelope.TryGetProperty("method", out var method))
        {
            throw new RpcError(-32600, "Invalid parameter \"/\": the parameter \"method\" is missing.");
        }

        if (method.ValueKind != JsonValueKind.String)
        {
            throw new RpcError(-32600, "Invalid parameter \"/method\": a character string is expected.");
        }

        if (!envelope.TryGetProperty("params", out _))
        {
            throw new RpcError(-32600, "Invalid parameter \"/\": the parameter \"params\" is missing.");
        }

        if (envelope.TryGetProperty("auth", out var auth))
        {
            // 7.2 removed the field [zabbix-event-acknowledge.md]; before, it must be a string or null [seen 6.0.14, 7.0.22].
            if (AtLeast(7, 2))
            {
                throw new RpcError(-32600, "Invalid parameter \"/\": unexpected parameter \"auth\".");
            }

            if (auth.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                throw new RpcError(-32600, "Invalid parameter \"/auth\": a character string is expected.");
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

    private bool AtLeast(int major, int minor) => _version.IsAtLeast(major, minor);

    private long Now() => _timeProvider.GetUtcNow().ToUnixTimeSeconds();

    private bool TryFindEvent(string? eventId, out EventState state)
    {
        state = null!;
        return CanonicalId(eventId) is { } id && _events.TryGetValue(id, out state!);
    }

    private void Record(FakeZabbixRequest call)
    {
        lock (_gate)
        {
            _requests.Add(call);
        }
    }

    private static string? MediaType(HttpRequestMessage request)
    {
        if (request.Content is null || !request.Content.Headers.NonValidated.TryGetValues("Content-Type", out var values))
        {
            return null;
        }

        var value = values.ToString();
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? value : value.Substring(0, semicolon)).Trim();
    }

    private static string PeekMethod(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.String
                ? method.GetString()!
                : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    private static int? PeekErrorCode(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var code) && code.TryGetInt32(out var value)
                ? value
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[] ResultBody(string id, Action<Utf8JsonWriter> result) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        w.WritePropertyName("result");
        result(w);
        w.WritePropertyName("id");
        w.WriteRawValue(id);
        w.WriteEndObject();
    });

    private static byte[] ErrorBody(string? id, int code, string data) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        w.WriteStartObject("error");
        w.WriteNumber("code", code);
        w.WriteString("message", code switch
        {
            -32700 => "Parse error",
            -32600 => "Invalid request.",
            -32601 => "Method not found.",
            -32602 => "Invalid params.",
            -32603 => "Internal error.",
            _ => "Application error.",
        });
        w.WriteString("data", data);
        w.WriteEndObject();
        w.WritePropertyName("id");
        if (id is null)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteRawValue(id);
        }

        w.WriteEndObject();
    });

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>A JSON-RPC error to answer: the code and the <c>data</c> text.</summary>
    private sealed class RpcError(int code, string data) : Exception(data)
    {
        public int Code { get; } = code;

        public string ErrorData { get; } = data;
    }

    private sealed record FakeUser(string Id, string Username, string Password, string Name, string Surname);
}
