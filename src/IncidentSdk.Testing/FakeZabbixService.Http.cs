using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Testing.Internal;

namespace IncidentSdk.Testing;

// The HTTP entry: failure injection, the Content-Type check, batches, the JSON-RPC envelope and the method routing.
public sealed partial class FakeZabbixService
{
    private static readonly string[] AcceptedContentTypes = ["application/json-rpc", "application/json", "application/jsonrequest"];

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await Bodies.ReadAsync(request.Content, cancellationToken).ConfigureAwait(false);
        var text = Encoding.UTF8.GetString(body);
        var (injected, loseResponse) = await Failures.ApplyNextAsync(
            _timeProvider,
            (status, answered) => _requests.Add(new FakeZabbixRequest(PeekMethod(body), text, PeekErrorCode(answered)) { StatusCode = status }),
            cancellationToken).ConfigureAwait(false);
        if (injected is not null)
        {
            return injected;
        }

        var (status, responseBody, records) = Handle(request, body, text);
        _requests.AddRange(loseResponse ? records.Select(r => r with { ResponseLost = true }) : records);
        if (loseResponse)
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

    private (HttpStatusCode Status, byte[] Body, List<FakeZabbixRequest> Records) Handle(HttpRequestMessage request, byte[] body, string text)
    {
        var records = new List<FakeZabbixRequest>();
        if (request.Method != HttpMethod.Post || !AcceptedContentTypes.Contains(MediaType(request), StringComparer.Ordinal))
        {
            // Zabbix answers 412 Precondition Failed with an empty body [seen 6.0.14 and 7.0.22].
            records.Add(new FakeZabbixRequest(PeekMethod(body), text, null) { StatusCode = 412 });
            return (HttpStatusCode.PreconditionFailed, [], records);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            records.Add(new FakeZabbixRequest(string.Empty, text, -32700));
            return (HttpStatusCode.OK, ErrorBody(null, -32700, "Invalid JSON. An error occurred on the server while parsing the JSON text."), records);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var (answer, record) = HandleEnvelope(root, request, text);
                records.Add(record);
                return (HttpStatusCode.OK, answer ?? [], records);
            }

            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0)
            {
                records.Add(new FakeZabbixRequest(string.Empty, text, -32600));
                return (HttpStatusCode.OK, ErrorBody(null, -32600, "Invalid parameter \"/\": cannot be empty."), records);
            }

            // A batch: every envelope is answered in order, except notifications (no id) [seen 6.0.14].
            var answers = new List<byte[]>();
            foreach (var element in root.EnumerateArray())
            {
                var (answer, record) = element.ValueKind == JsonValueKind.Object
                    ? HandleEnvelope(element, request, element.GetRawText())
                    : (ErrorBody(null, -32600, "Invalid parameter \"/\": an array is expected."), new FakeZabbixRequest(string.Empty, element.GetRawText(), -32600));
                records.Add(record);
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
            return (HttpStatusCode.OK, buffer.ToArray(), records);
        }
    }

    /// <summary>Handles one envelope; returns the response bytes (null for a notification) and its record.</summary>
    private (byte[]? Answer, FakeZabbixRequest Record) HandleEnvelope(JsonElement envelope, HttpRequestMessage request, string text)
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
        if (name is not ("apiinfo.version" or "user.login" or "user.logout" or "user.checkauthentication" or "event.acknowledge" or "event.get" or "problem.get"))
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
                "problem.get" => GetProblems(parameters),
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

    private static string PeekMethod(byte[] body) => Bodies.Peek(body, root => Bodies.StringProperty(root, "method"), null) ?? string.Empty;

    private static int? PeekErrorCode(byte[] body) => Bodies.Peek<int?>(
        body,
        root => root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
            && error.TryGetProperty("code", out var code) && code.TryGetInt32(out var value)
            ? value
            : null,
        null);
}
