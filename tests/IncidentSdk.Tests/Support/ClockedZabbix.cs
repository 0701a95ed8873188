using System.Globalization;
using System.IO;
using System.Text.Json.Nodes;

namespace IncidentSdk.Tests.Support;

/// <summary>
/// A Zabbix 7.0 API in-process with its own clock: every request takes <see cref="Latency"/> each way on the
/// <see cref="VirtualTimeProvider"/>, the server's clock runs <see cref="ServerOffset"/> ahead of it, answers carry
/// its <c>Date</c> header (the current second, as web servers send it), and <c>event.acknowledge</c> records a row
/// per event with the server's current second and the caller's user id, as Zabbix does.
/// </summary>
internal sealed class ClockedZabbix(VirtualTimeProvider clock) : HttpMessageHandler
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<Row>> _rows = new(StringComparer.Ordinal);
    private readonly Queue<string> _acknowledgeFaults = new();
    private readonly List<JsonObject> _requests = [];
    private int _nextRow = 100;

    /// <summary>The server's clock minus the client's.</summary>
    public TimeSpan ServerOffset { get; set; }

    /// <summary>How long a request takes to reach the server, and its answer to come back.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Whether answers carry a Date header.</summary>
    public bool SendsDate { get; set; } = true;

    /// <summary>Whether <c>user.checkAuthentication</c> takes <c>token</c> (Zabbix 6.0.14+ and 6.4.1+).</summary>
    public bool TokenLookup { get; set; } = true;

    /// <summary>The user id of the API token.</summary>
    public string TokenUserId { get; set; } = "1";

    /// <summary>Answers for methods that should fail: method name to a response factory given the request's JSON-RPC id (used instead of handling).</summary>
    public Dictionary<string, Func<string, HttpResponseMessage>> Failing { get; } = new(StringComparer.Ordinal);

    /// <summary>A JSON-RPC error answer (HTTP 200) for <see cref="Failing"/>.</summary>
    public static Func<string, HttpResponseMessage> Error(int code, string message, string data) =>
        id => Json($$"""{"jsonrpc":"2.0","error":{"code":{{code}},"message":"{{message}}","data":"{{data}}"},"id":{{id}}}""");

    /// <summary>The server's clock now.</summary>
    public DateTimeOffset ServerNow => clock.GetUtcNow() + ServerOffset;

    public IReadOnlyList<JsonObject> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    public int Calls(string method) => Requests.Count(r => r["method"]!.GetValue<string>() == method);

    /// <summary>
    /// Makes the next <c>event.acknowledge</c> fail: <c>lose-request</c> (the connection drops before the server gets it),
    /// <c>lose-response</c> (applied, then the connection drops), <c>502-after</c> (applied, then a proxy answers 502).
    /// </summary>
    public void FailNextAcknowledge(string fault)
    {
        lock (_gate)
        {
            _acknowledgeFaults.Enqueue(fault);
        }
    }

    /// <summary>Records a message on an event as if a user had added it at <paramref name="serverTime"/> (server clock).</summary>
    public void AddRow(string eventId, string message, string userId, DateTimeOffset serverTime, int action = 4)
    {
        lock (_gate)
        {
            Rows(eventId).Add(new Row((_nextRow++).ToString(CultureInfo.InvariantCulture), userId, serverTime.ToUnixTimeSeconds(), message, action));
        }
    }

    /// <summary>The messages recorded on an event with the user who recorded each, oldest first.</summary>
    public IReadOnlyList<(string Message, string UserId)> Messages(string eventId)
    {
        lock (_gate)
        {
            return Rows(eventId).Where(r => (r.Action & 4) != 0).Select(r => (r.Message, r.UserId)).ToArray();
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
        var method = body["method"]!.GetValue<string>();
        var id = body["id"]!.ToJsonString();
        string? fault = null;
        lock (_gate)
        {
            _requests.Add(body);
            if (method == "event.acknowledge" && _acknowledgeFaults.Count > 0)
            {
                fault = _acknowledgeFaults.Dequeue();
            }
        }

        if (fault == "lose-request")
        {
            clock.Advance(Latency);
            throw new HttpRequestException("Error while copying content to a stream.", new IOException("Connection reset by peer"));
        }

        clock.Advance(Latency);
        var generated = ServerNow;
        HttpResponseMessage response;
        if (Failing.TryGetValue(method, out var failing))
        {
            response = failing(id);
        }
        else
        {
            var result = Handle(method, body["params"]!, generated);
            response = result.StartsWith("{\"code\"", StringComparison.Ordinal)
                ? Json($$"""{"jsonrpc":"2.0","error":{{result}},"id":{{id}}}""")
                : Json($$"""{"jsonrpc":"2.0","result":{{result}},"id":{{id}}}""");
        }

        if (SendsDate)
        {
            response.Headers.Date = DateTimeOffset.FromUnixTimeSeconds(generated.ToUnixTimeSeconds());
        }

        clock.Advance(Latency);
        if (fault == "lose-response")
        {
            response.Dispose();
            throw new HttpRequestException("The response ended prematurely.", new IOException("Connection reset by peer"));
        }

        if (fault == "502-after")
        {
            response.Dispose();
            response = new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>502 Bad Gateway</html>", Encoding.UTF8, "text/html") };
        }

        return response;
    }

    private string Handle(string method, JsonNode parameters, DateTimeOffset serverNow)
    {
        switch (method)
        {
            case "apiinfo.version":
                return "\"7.0.22\"";
            case "user.checkAuthentication":
                if (parameters["token"] is not null && !TokenLookup)
                {
                    return """{"code":-32602,"message":"Invalid params.","data":"Invalid parameter \"/\": unexpected parameter \"token\"."}""";
                }

                return $$"""{"userid":"{{TokenUserId}}","username":"Admin"}""";
            case "event.acknowledge":
            {
                var ids = Ids(parameters["eventids"]!);
                var action = parameters["action"]!.GetValue<int>();
                var message = parameters["message"]?.GetValue<string>() ?? string.Empty;
                lock (_gate)
                {
                    foreach (var eventId in ids)
                    {
                        Rows(eventId).Add(new Row((_nextRow++).ToString(CultureInfo.InvariantCulture), TokenUserId, serverNow.ToUnixTimeSeconds(), message, action));
                    }
                }

                return $$"""{"eventids":[{{string.Join(",", ids)}}]}""";
            }

            case "event.get":
            {
                var events = new JsonArray();
                lock (_gate)
                {
                    foreach (var eventId in Ids(parameters["eventids"]!))
                    {
                        var acknowledges = new JsonArray();
                        foreach (var row in Enumerable.Reverse(Rows(eventId)))
                        {
                            acknowledges.Add(new JsonObject
                            {
                                ["acknowledgeid"] = row.Id,
                                ["userid"] = row.UserId,
                                ["clock"] = row.Clock.ToString(CultureInfo.InvariantCulture),
                                ["message"] = row.Message,
                                ["action"] = row.Action.ToString(CultureInfo.InvariantCulture),
                                ["old_severity"] = "0",
                                ["new_severity"] = "0",
                            });
                        }

                        events.Add(new JsonObject { ["eventid"] = eventId, ["acknowledged"] = "1", ["severity"] = "3", ["r_eventid"] = "0", ["acknowledges"] = acknowledges });
                    }
                }

                return events.ToJsonString();
            }

            default:
                return $$"""{"code":-32601,"message":"Method not found.","data":"Incorrect method \"{{method}}\"."}""";
        }
    }

    private List<Row> Rows(string eventId)
    {
        if (!_rows.TryGetValue(eventId, out var rows))
        {
            _rows[eventId] = rows = [];
        }

        return rows;
    }

    private static string[] Ids(JsonNode node) => node is JsonArray array ? array.Select(n => n!.ToString()).ToArray() : [node.ToString()];

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed record Row(string Id, string UserId, long Clock, string Message, int Action);
}
