using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Diagnostics;
using IncidentSdk.Http;

namespace IncidentSdk.JsonRpc;

/// <summary>One JSON-RPC call: the method, its parameters and how to write them, how to read the result, and whether repeating it is harmless.</summary>
/// <typeparam name="TParams">The parameters' wire type.</typeparam>
/// <typeparam name="TResult">The result's wire type.</typeparam>
internal readonly record struct JsonRpcCall<TParams, TResult>(
    string Method,
    TParams Params,
    JsonTypeInfo<JsonRpcRequest<TParams>> RequestInfo,
    JsonTypeInfo<TResult> ResultInfo,
    bool Idempotent)
{
    /// <summary>The events the call acts on, for its span, its failure log and its exceptions.</summary>
    public IReadOnlyList<string>? Targets { get; init; }

    /// <summary>Where to record the local time the call is handed to the transport.</summary>
    public SendMark? Mark { get; init; }

    /// <summary>What <see cref="object.ToString"/> shows: the method, never the parameters (a login's carry the password).</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Method = ").Append(Method).Append(", Idempotent = ").Append(Idempotent ? "true" : "false");
        return true;
    }
}

/// <summary>
/// The JSON-RPC 2.0 layer of the Zabbix client: writes the envelope with a fresh id, places the credential where the
/// caller says (the <c>auth</c> field or the <c>Authorization: Bearer</c> header), sends through the request core, notes
/// every reply's <c>Date</c> in the server clock, and reads the result as the method's type, so an answer of the wrong
/// shape is an <see cref="InvalidResponseException"/>.
/// </summary>
internal sealed class JsonRpcTransport
{
    private const string ContentType = "application/json-rpc";

    private const string BearerHint =
        "If the credentials are valid, check that the web server passes the Authorization header to PHP (Apache with php-fpm strips it unless configured).";

    private readonly RequestCore _core;
    private readonly Uri _url;
    private readonly Action<HttpResponseMessage, DateTimeOffset, DateTimeOffset> _observeClock;
    private long _nextId;

    public JsonRpcTransport(RequestCore core, Uri url, ServerClock clock)
    {
        _core = core;
        _url = url;

        // Every reply's Date header narrows what the client knows of the server's clock, which dates recorded messages.
        _observeClock = (response, sent, answered) => clock.Observe(sent, answered, response.Headers.Date);
    }

    /// <summary>The request core the calls go through.</summary>
    public RequestCore Core => _core;

    /// <summary>Sends <paramref name="call"/> once (the handler chain may retry it) and returns its result.</summary>
    /// <param name="call">The call.</param>
    /// <param name="credential">The API token or session id; <see langword="null"/> for an unauthenticated call.</param>
    /// <param name="useHeader">Whether the credential goes in the <c>Authorization</c> header (6.4 on) rather than the <c>auth</c> field.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public Task<TResult> SendAsync<TParams, TResult>(JsonRpcCall<TParams, TResult> call, string? credential, bool useHeader, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var envelope = new JsonRpcRequest<TParams> { Method = call.Method, Params = call.Params, Auth = useHeader ? null : credential, Id = id };
        var body = JsonSerializer.SerializeToUtf8Bytes(envelope, call.RequestInfo);
        var bearer = credential is not null && useHeader;
        var request = new OutgoingRequest(call.Method, call.Idempotent, HttpMethod.Post, _url, body, ContentType)
        {
            Target = call.Targets is null ? null : OperationScope.EventTarget(call.Targets),

            // Zabbix before 7.2.5 matches the header name and the "Bearer " prefix case-sensitively.
            Authorization = bearer ? "Bearer " + credential : null,
            Mark = call.Mark,
            OnHeaders = _observeClock,
        };
        return _core.SendAsync(request, answer => Read(answer, call, id, bearer), cancellationToken);
    }

    private TResult Read<TParams, TResult>(ServiceAnswer answer, JsonRpcCall<TParams, TResult> call, long id, bool bearer)
    {
        var result = JsonRpcResponseMapper.Map(answer.Response, answer.Body, call.Method, id, _core.TimeProvider, bearer ? BearerHint : null, call.Targets);
        try
        {
            return result.Deserialize(call.ResultInfo) ?? throw new JsonException("The result is null.");
        }
        catch (JsonException ex)
        {
            throw new InvalidResponseException(
                $"Zabbix answered '{call.Method}' with a result of an unexpected shape: {ex.Message}",
                new ServiceErrorInfo
                {
                    StatusCode = (int)answer.Response.StatusCode,
                    Operation = call.Method,
                    RequestId = id.ToString(CultureInfo.InvariantCulture),
                    Targets = call.Targets,
                    ResponseBodyExcerpt = ErrorInfoFactory.Excerpt(answer.Body),
                },
                ex);
        }
    }
}
