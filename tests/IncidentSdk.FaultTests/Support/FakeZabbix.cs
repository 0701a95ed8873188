using System.Globalization;
using System.Text.Json.Nodes;

namespace IncidentSdk.FaultTests.Support;

/// <summary>One JSON-RPC call as the fake Zabbix received it; <see cref="Index"/> counts calls of the same method from 1.</summary>
internal sealed record ZabbixCall(string Method, JsonNode? Id, JsonObject Params, int Index, string? Bearer);

/// <summary>
/// A small stateful Zabbix 7.0 API: <c>apiinfo.version</c>, <c>user.login</c> (sessions that can be ended),
/// <c>user.checkAuthentication</c> (token or session, user id 1), <c>event.acknowledge</c> (records messages per
/// event with user id 1 and the current second, as Zabbix does) and <c>event.get</c> with <c>select_acknowledges</c>.
/// Auth by the <c>Authorization: Bearer</c> header (API token or session). Answers carry a <c>Date</c>
/// header of the current second (<see cref="FaultServer"/>). <see cref="Fault"/> can take over any call.
/// </summary>
internal sealed class FakeZabbix
{
    public const string Version = "7.0.0";
    public const string ApiToken = "9f2c5a7e0b1d4c3a8e6f9d2b7c5a1e3f9f2c5a7e0b1d4c3a8e6f9d2b7c5a1e3f";
    public const string Username = "Admin";
    public const string Password = "zabbix-password";

    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Message, long Clock, int Action, string UserId)>> _acks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _sessions = new(StringComparer.Ordinal);
    private int _logins;
    private int _rejectedSessions;

    /// <summary>Takes over a call when it returns <see langword="true"/> (it has answered or aborted); else the call is processed normally.</summary>
    public Func<ZabbixCall, HttpContext, Task<bool>>? Fault { get; set; }

    public int Logins => Volatile.Read(ref _logins);

    /// <summary>Calls refused because their session had ended.</summary>
    public int RejectedSessions => Volatile.Read(ref _rejectedSessions);

    public int Calls(string method) => _calls.TryGetValue(method, out var count) ? count : 0;

    /// <summary>The messages recorded on an event, in order.</summary>
    public IReadOnlyList<string> Messages(string eventId) =>
        _acks.TryGetValue(eventId, out var acks) ? acks.Where(a => (a.Action & 4) != 0).Select(a => a.Message).ToArray() : [];

    /// <summary>The users who recorded each message on an event, in order.</summary>
    public IReadOnlyList<(string Message, string UserId)> MessagesWithUsers(string eventId) =>
        _acks.TryGetValue(eventId, out var acks) ? acks.Where(a => (a.Action & 4) != 0).Select(a => (a.Message, a.UserId)).ToArray() : [];

    /// <summary>Records a message as another user (or the same one) would, at <paramref name="clock"/> (Unix seconds; now by default).</summary>
    public void RecordMessage(string eventId, string message, string userId, long? clock = null) =>
        _acks.GetOrAdd(eventId, _ => new()).Enqueue((message, clock ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 4, userId));

    /// <summary>Ends every login session, as Zabbix does after the user's auto-logout time.</summary>
    public void EndSessions() => _sessions.Clear();

    public async Task HandleAsync(HttpContext context)
    {
        var body = await FaultServer.ReadBodyAsync(context);
        var request = JsonNode.Parse(body)!.AsObject();
        var method = request["method"]!.GetValue<string>();
        var index = _calls.AddOrUpdate(method, 1, static (_, n) => n + 1);
        var authorization = context.Request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
        var call = new ZabbixCall(method, request["id"], request["params"] as JsonObject ?? [], index, bearer);
        if (Fault is { } fault && await fault(call, context))
        {
            return;
        }

        await AnswerAsync(context, Process(call));
    }

    /// <summary>Applies a call's effect and returns the JSON-RPC response text.</summary>
    public string Process(ZabbixCall call)
    {
        switch (call.Method)
        {
            case "apiinfo.version":
                return Result(call, JsonValue.Create(Version));
            case "user.checkAuthentication":
                var checkedCredential = call.Params["token"]?.GetValue<string>() ?? call.Params["sessionid"]?.GetValue<string>();
                return checkedCredential == ApiToken || (checkedCredential is not null && _sessions.ContainsKey(checkedCredential))
                    ? Result(call, new JsonObject { ["userid"] = "1", ["username"] = Username })
                    : Error(call, -32602, "Invalid params.", "Not authorized.");
            case "user.login":
                var session = Guid.NewGuid().ToString("N");
                _sessions[session] = 0;
                SecretAudit.Add("Zabbix session id", session);
                Interlocked.Increment(ref _logins);
                return Result(call, JsonValue.Create(session));
        }

        if (call.Bearer is null || (call.Bearer != ApiToken && !_sessions.ContainsKey(call.Bearer)))
        {
            Interlocked.Increment(ref _rejectedSessions);
            return Error(call, -32602, "Invalid params.", "Session terminated, re-login, please.");
        }

        switch (call.Method)
        {
            case "event.acknowledge":
            {
                var ids = EventIds(call.Params["eventids"]);
                var action = call.Params["action"]!.GetValue<int>();
                var message = call.Params["message"]?.GetValue<string>() ?? string.Empty;
                var clock = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                foreach (var id in ids)
                {
                    _acks.GetOrAdd(id, _ => new()).Enqueue((message, clock, action, "1"));
                }

                return Result(call, new JsonObject { ["eventids"] = new JsonArray(ids.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()) });
            }

            case "event.get":
            {
                var events = new JsonArray();
                foreach (var id in EventIds(call.Params["eventids"]))
                {
                    var acknowledges = new JsonArray();
                    var n = 0;
                    foreach (var (message, clock, action, userId) in _acks.TryGetValue(id, out var acks) ? acks.ToArray() : [])
                    {
                        acknowledges.Add(new JsonObject
                        {
                            ["acknowledgeid"] = (++n).ToString(CultureInfo.InvariantCulture),
                            ["userid"] = userId,
                            ["clock"] = clock.ToString(CultureInfo.InvariantCulture),
                            ["message"] = message,
                            ["action"] = action.ToString(CultureInfo.InvariantCulture),
                            ["old_severity"] = "0",
                            ["new_severity"] = "0",
                        });
                    }

                    events.Add(new JsonObject
                    {
                        ["eventid"] = id,
                        ["acknowledged"] = "0",
                        ["severity"] = "3",
                        ["r_eventid"] = "0",
                        ["acknowledges"] = acknowledges,
                    });
                }

                return Result(call, events);
            }

            default:
                return Error(call, -32601, "Method not found.", "Incorrect method \"" + call.Method + "\".");
        }
    }

    public static Task AnswerAsync(HttpContext context, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    public static string Result(ZabbixCall call, JsonNode? result) =>
        new JsonObject { ["jsonrpc"] = "2.0", ["result"] = result, ["id"] = call.Id?.DeepClone() }.ToJsonString();

    public static string Error(ZabbixCall call, int code, string message, string data) =>
        new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["data"] = data },
            ["id"] = call.Id?.DeepClone(),
        }.ToJsonString();

    private static string[] EventIds(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(n => n!.ToString()).ToArray(),
        null => [],
        _ => [node.ToString()],
    };
}
