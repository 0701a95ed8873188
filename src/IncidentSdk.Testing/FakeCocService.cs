using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Authentication;
using IncidentSdk.Testing.Internal;

namespace IncidentSdk.Testing;

/// <summary>
/// An in-memory fake of Huawei Cloud COC's ticket action API (<c>POST /v1/external/incident/handle</c>) as an
/// <see cref="HttpMessageHandler"/>: tickets move Triggered → Accepted → Solved → Confirmed, out-of-order actions
/// are refused with COC's own error shape, AK/SK signatures are verified, and failures can be injected.
/// </summary>
/// <remarks>
/// <para>Answers follow coc-incident-handle.md: success is HTTP 200 with <c>error_code</c> <c>GOM.00000000</c>; a refused
/// body, field or action is HTTP 400 with <c>GOM.00007256</c> (the one failure code COC documents) and an
/// <c>error_msg</c> naming the field, such as <c>The field[operate_key] value[confirm] invalid</c>; the gateway in front
/// answers <c>APIG.0101</c> (404) for other paths, <c>APIG.0301</c> (401) for a missing or wrong signature or token and
/// <c>APIG.0303</c> (401) for an <c>X-Sdk-Date</c> more than 15 minutes from the fake's clock. Every response carries a
/// unique <c>X-Request-Id</c> and a <c>Date</c> header from the fake's clock.</para>
/// <para>Thread-safe: requests may arrive concurrently; each ticket moves one step at a time.</para>
/// </remarks>
public sealed class FakeCocService : HttpMessageHandler
{
    /// <summary>The endpoint to give <c>IncidentClientOptions.Endpoint</c>; any host works, this one never resolves.</summary>
    public static readonly Uri Endpoint = new("https://coc.fake.invalid");

    /// <summary>The path of the one API the fake serves.</summary>
    public const string HandlePath = "/v1/external/incident/handle";

    /// <summary>The <c>error_code</c> of a success.</summary>
    public const string SuccessCode = "GOM.00000000";

    /// <summary>The <c>error_code</c> of a refused body, field or action (HTTP 400).</summary>
    public const string InvalidParameterCode = "GOM.00007256";

    private const int MaxFieldLength = 255;
    private const int MaxParameterLength = 2048;
    private const int MaxSolutionTextLength = 10000;
    private const int MaxCommentLength = 300;
    private static readonly TimeSpan SignatureWindow = TimeSpan.FromMinutes(15);

    private readonly AkSkCredentials? _credentials;
    private readonly TimeProvider _timeProvider;
    private readonly object _gate = new();
    private readonly Dictionary<string, FakeTicketState> _tickets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);
    private readonly List<FakeCocRequest> _requests = [];
    private bool _tokenAdded;

    /// <summary>Creates the fake.</summary>
    /// <param name="credentials">The AK/SK pair whose signatures are accepted; <see langword="null"/> accepts any well-formed signature or IAM token.</param>
    /// <param name="timeProvider">The fake's clock, for signature freshness; the system clock by default.</param>
    public FakeCocService(AkSkCredentials? credentials = null, TimeProvider? timeProvider = null)
    {
        _credentials = credentials;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Hooks that make the next requests fail.</summary>
    public FakeFailures Failures { get; } = new();

    /// <summary>Every request received, in order, failed or not (a snapshot).</summary>
    public IReadOnlyList<FakeCocRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Adds a ticket in the given state (or puts an existing ticket in that state).</summary>
    /// <param name="incidentNumber">The ticket number, e.g. <c>IM202403221515060171753781</c>.</param>
    /// <param name="state">The state it starts in.</param>
    /// <exception cref="ArgumentException"><paramref name="incidentNumber"/> is null or empty.</exception>
    public void AddTicket(string incidentNumber, FakeTicketState state = FakeTicketState.Triggered)
    {
        ArgumentException.ThrowIfNullOrEmpty(incidentNumber);
        lock (_gate)
        {
            _tickets[incidentNumber] = state;
        }
    }

    /// <summary>The ticket's state, or <see langword="null"/> when there is no such ticket.</summary>
    /// <param name="incidentNumber">The ticket number.</param>
    /// <returns>The state.</returns>
    public FakeTicketState? GetTicketState(string incidentNumber)
    {
        lock (_gate)
        {
            return incidentNumber is not null && _tickets.TryGetValue(incidentNumber, out var state) ? state : null;
        }
    }

    /// <summary>
    /// Creates an IAM token the fake accepts as <c>X-Auth-Token</c> and returns it (a random one when <paramref name="token"/> is
    /// <see langword="null"/>). Once any token is added only added tokens are accepted; before that, any non-empty token is
    /// accepted when the fake was created without credentials, and none is accepted when it was created with them.
    /// </summary>
    /// <param name="token">The token.</param>
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
            _tokenAdded = true;
        }

        return token;
    }

    /// <summary>Removes an IAM token, so requests with it are refused with <c>APIG.0301</c> (other tokens stay refused too).</summary>
    /// <param name="token">The token.</param>
    /// <returns><see langword="true"/> when the token existed.</returns>
    public bool RemoveToken(string token)
    {
        lock (_gate)
        {
            return token is not null && _tokens.Remove(token);
        }
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var text = Encoding.UTF8.GetString(body);
        var (incidentNumber, operateKey) = PeekIdentity(body);
        var injected = Failures.Take();
        switch (injected?.Kind)
        {
            case FakeFailures.InjectedKind.Throw:
                Record(new FakeCocRequest(incidentNumber, operateKey, text, 0, null));
                throw injected.Exception!;
            case FakeFailures.InjectedKind.Respond:
                var response = injected.Response!();
                var injectedBody = response.Content is null ? [] : await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                Record(new FakeCocRequest(incidentNumber, operateKey, text, (int)response.StatusCode, PeekErrorCode(injectedBody)));
                return response;
            case FakeFailures.InjectedKind.Delay:
                await FakeFailures.WaitAsync(injected.Delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                break;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var requestId = Guid.NewGuid().ToString("N");
        var answer = Handle(request, body);
        var lost = injected?.Kind == FakeFailures.InjectedKind.Lose;
        Record(new FakeCocRequest(incidentNumber, operateKey, text, (int)answer.Status, answer.ErrorCode) { ResponseLost = lost, RequestId = requestId });
        if (lost)
        {
            throw FakeFailures.LostResponse();
        }

        return BuildResponse(answer, requestId);
    }

    private Answer Handle(HttpRequestMessage request, byte[] body)
    {
        if (request.Method != HttpMethod.Post || request.RequestUri is null || request.RequestUri.AbsolutePath != HandlePath)
        {
            return Gateway(HttpStatusCode.NotFound, "APIG.0101", "The API does not exist or has not been published in the environment");
        }

        if (Authenticate(request, body) is { } refused)
        {
            return refused;
        }

        var contentType = request.Content?.Headers.ContentType?.MediaType;
        if (!string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Invalid($"The Content-Type [{contentType}] is not supported; use application/json");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return Invalid("The request body is not valid JSON");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Invalid("The request body must be a JSON object");
            }

            return HandleAction(document.RootElement);
        }
    }

    /// <summary>What the gateway checks before COC sees the request: an AK/SK signature or an IAM token.</summary>
    private Answer? Authenticate(HttpRequestMessage request, byte[] body)
    {
        var authorization = GatewaySignatureCheck.HeaderValue(request, "Authorization");
        if (authorization is not null && authorization.StartsWith("SDK-HMAC-SHA256", StringComparison.Ordinal))
        {
            return CheckSignature(request, body, authorization);
        }

        var token = GatewaySignatureCheck.HeaderValue(request, "X-Auth-Token");
        if (string.IsNullOrEmpty(token))
        {
            return Unauthorized("Incorrect IAM authentication information: x-auth-token not found");
        }

        bool accepted;
        lock (_gate)
        {
            accepted = _tokenAdded ? _tokens.Contains(token) : _credentials is null;
        }

        return accepted ? null : Unauthorized("Incorrect IAM authentication information: verify token fail");
    }

    private Answer? CheckSignature(HttpRequestMessage request, byte[] body, string authorization)
    {
        if (GatewaySignatureCheck.Parse(authorization) is not { } parsed)
        {
            return Unauthorized("Incorrect IAM authentication information: Authorization format incorrect");
        }

        var sdkDate = GatewaySignatureCheck.HeaderValue(request, HuaweiRequestSigner.DateHeader);
        if (sdkDate is null)
        {
            return Unauthorized("Incorrect IAM authentication information: x-sdk-date not found");
        }

        if (!DateTimeOffset.TryParseExact(sdkDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            return Unauthorized("Incorrect IAM authentication information: x-sdk-date format invalid");
        }

        if ((_timeProvider.GetUtcNow() - signedAt).Duration() > SignatureWindow)
        {
            return new Answer(HttpStatusCode.Unauthorized, "APIG.0303", Gateway: true, "Incorrect app authentication information: signature expired");
        }

        if (_credentials is null)
        {
            return null;
        }

        if (!string.Equals(parsed.AccessKey, _credentials.AccessKey, StringComparison.Ordinal))
        {
            return Unauthorized("Incorrect IAM authentication information: ak " + parsed.AccessKey + " not exist");
        }

        if (_credentials.SecurityToken is not null
            && !string.Equals(GatewaySignatureCheck.HeaderValue(request, "X-Security-Token"), _credentials.SecurityToken, StringComparison.Ordinal))
        {
            return Unauthorized("Incorrect IAM authentication information: security token invalid");
        }

        return GatewaySignatureCheck.Verify(request, body, parsed, _credentials, sdkDate)
            ? null
            : Unauthorized("Incorrect IAM authentication information: verify aksk signature fail");
    }

    private Answer HandleAction(JsonElement root)
    {
        if (CheckField(root, "incident_num", "incidentNum") is { } badNumber)
        {
            return badNumber;
        }

        if (CheckField(root, "operator", "operator") is { } badOperator)
        {
            return badOperator;
        }

        if (CheckField(root, "operate_key", "operateKey") is { } badKey)
        {
            return badKey;
        }

        var incidentNumber = root.GetProperty("incident_num").GetString()!;
        var operateKey = root.GetProperty("operate_key").GetString()!;
        JsonElement? parameter = null;
        if (root.TryGetProperty("parameter", out var parameterElement) && parameterElement.ValueKind != JsonValueKind.Null)
        {
            if (parameterElement.ValueKind != JsonValueKind.Object)
            {
                return Invalid("The field[parameter] value[" + parameterElement.GetRawText() + "] invalid");
            }

            if (parameterElement.GetRawText().Length > MaxParameterLength)
            {
                return Invalid("parameter size must be between 0 and " + MaxParameterLength.ToString(CultureInfo.InvariantCulture));
            }

            parameter = parameterElement;
        }

        lock (_gate)
        {
            if (!_tickets.TryGetValue(incidentNumber, out var state))
            {
                return Invalid("The field[incident_num] value[" + incidentNumber + "] invalid");
            }

            FakeTicketState next;
            switch (operateKey)
            {
                case "acceptedIncident1" when state == FakeTicketState.Triggered:
                    next = FakeTicketState.Accepted;
                    break;
                case "commitSolution1" when state == FakeTicketState.Accepted:
                    if (CheckSolution(parameter) is { } badSolution)
                    {
                        return badSolution;
                    }

                    next = FakeTicketState.Solved;
                    break;
                case "confirm" when state == FakeTicketState.Solved:
                    if (CheckVerification(parameter) is { } badVerification)
                    {
                        return badVerification;
                    }

                    next = FakeTicketState.Confirmed;
                    break;
                default:
                    // Any action the ticket's state does not offer (a repeat, a skipped step, an undocumented key).
                    return Invalid("The field[operate_key] value[" + operateKey + "] invalid");
            }

            _tickets[incidentNumber] = next;
            return new Answer(HttpStatusCode.OK, SuccessCode, Gateway: false, null);
        }
    }

    private static Answer? CheckField(JsonElement root, string name, string javaName)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return Invalid(javaName + " must not be null");
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return Invalid("The field[" + name + "] value[" + value.GetRawText() + "] invalid");
        }

        var length = value.GetString()!.Length;
        return length > MaxFieldLength
            ? Invalid(javaName + " size must be between 0 and " + MaxFieldLength.ToString(CultureInfo.InvariantCulture))
            : null;
    }

    private static Answer? CheckSolution(JsonElement? parameter)
    {
        if (parameter is not { } values)
        {
            return Invalid("The field[parameter] value[] invalid");
        }

        var bad = CheckString(values, "mtm_type", int.MaxValue) ?? CheckBoolean(values, "is_service_interrupt")
            ?? CheckString(values, "cause", MaxSolutionTextLength) ?? CheckString(values, "solution", MaxSolutionTextLength);
        if (bad is not null)
        {
            return bad;
        }

        if (values.GetProperty("is_service_interrupt").GetBoolean())
        {
            // With an interruption the times of the outage are required (Huawei's Terraform provider documents this).
            return CheckInteger(values, "start_time") ?? CheckInteger(values, "fault_recovery_time");
        }

        return null;
    }

    private static Answer? CheckVerification(JsonElement? parameter) =>
        parameter is not { } values
            ? Invalid("The field[parameter] value[] invalid")
            : CheckBoolean(values, "virtual_confirm_result") ?? CheckString(values, "virtual_confirm_comment", MaxCommentLength);

    private static Answer? CheckString(JsonElement values, string key, int maxLength) =>
        values.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text && text.Length <= maxLength
            ? null
            : InvalidKey(key, values);

    private static Answer? CheckBoolean(JsonElement values, string key) =>
        values.TryGetProperty(key, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : InvalidKey(key, values);

    private static Answer? CheckInteger(JsonElement values, string key) =>
        values.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0
            ? null
            : InvalidKey(key, values);

    private static Answer InvalidKey(string key, JsonElement values)
    {
        var shown = values.TryGetProperty(key, out var value) ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()) : string.Empty;
        if (shown!.Length > 64)
        {
            shown = shown.Substring(0, 64) + "...";
        }

        return Invalid("The field[parameter." + key + "] value[" + shown + "] invalid");
    }

    private static Answer Invalid(string message) => new(HttpStatusCode.BadRequest, InvalidParameterCode, Gateway: false, message);

    private static Answer Unauthorized(string message) => Gateway(HttpStatusCode.Unauthorized, "APIG.0301", message);

    private static Answer Gateway(HttpStatusCode status, string code, string message) => new(status, code, Gateway: true, message);

    private HttpResponseMessage BuildResponse(Answer answer, string requestId)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("error_code", answer.ErrorCode);
            if (answer.Message is null)
            {
                writer.WriteNull("error_msg");
            }
            else
            {
                writer.WriteString("error_msg", answer.Message);
            }

            if (answer.Gateway)
            {
                writer.WriteString("request_id", requestId);
            }
            else
            {
                writer.WriteString("provider_code", "049");
                writer.WriteNull("data");
            }

            writer.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json;charset=UTF-8");
        var response = new HttpResponseMessage(answer.Status) { Content = content };
        response.Headers.TryAddWithoutValidation("X-Request-Id", requestId);
        response.Headers.Date = _timeProvider.GetUtcNow();
        return response;
    }

    private void Record(FakeCocRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
        }
    }

    private static (string? IncidentNumber, string? OperateKey) PeekIdentity(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind != JsonValueKind.Object
                ? (null, null)
                : (StringProperty(root, "incident_num"), StringProperty(root, "operate_key"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? PeekErrorCode(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? StringProperty(document.RootElement, "error_code") : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringProperty(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record Answer(HttpStatusCode Status, string ErrorCode, bool Gateway, string? Message);
}
