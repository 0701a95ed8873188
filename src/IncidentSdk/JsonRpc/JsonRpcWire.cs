using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentSdk.JsonRpc;

/// <summary>A JSON-RPC 2.0 request envelope. <c>auth</c> is written only for servers before 6.4.</summary>
internal sealed class JsonRpcRequest<TParams>
{
    [JsonPropertyName("jsonrpc")]
    public string JsonRpc { get; } = "2.0";

    [JsonPropertyName("method")]
    public required string Method { get; init; }

    [JsonPropertyName("params")]
    public required TParams Params { get; init; }

    [JsonPropertyName("auth")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Auth { get; init; }

    [JsonPropertyName("id")]
    public long Id { get; init; }
}

/// <summary>A JSON-RPC 2.0 response envelope, before its result is read as the method's type.</summary>
internal sealed class JsonRpcResponse
{
    [JsonPropertyName("jsonrpc")]
    public string? JsonRpc { get; set; }

    [JsonPropertyName("result")]
    public JsonElement? Result { get; set; }

    [JsonPropertyName("error")]
    public JsonRpcErrorBody? Error { get; set; }

    [JsonPropertyName("id")]
    public JsonElement? Id { get; set; }
}

internal sealed class JsonRpcErrorBody
{
    [JsonPropertyName("code")]
    public int Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("data")]
    public JsonElement? Data { get; set; }
}

/// <summary>The <c>params</c> of <c>event.acknowledge</c>, in the order of the manual's examples.</summary>
internal sealed class AcknowledgeParams
{
    [JsonPropertyName("eventids")]
    [JsonConverter(typeof(EventIdsJsonConverter))]
    public required IReadOnlyList<string> EventIds { get; init; }

    [JsonPropertyName("action")]
    public int Action { get; init; }

    [JsonPropertyName("message")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }

    [JsonPropertyName("severity")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Severity { get; init; }

    [JsonPropertyName("suppress_until")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? SuppressUntil { get; init; }

    [JsonPropertyName("cause_eventid")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CauseEventId { get; init; }

    public static AcknowledgeParams From(AcknowledgeEventRequest request, IReadOnlyList<string>? eventIds = null) => new()
    {
        EventIds = eventIds ?? request.EventIds,
        Action = (int)request.Action,
        Message = request.Message,
        Severity = request.Severity is { } severity ? (int)severity : null,
        SuppressUntil = request.SuppressUntil?.UnixTimeSeconds,
        CauseEventId = request.CauseEventId,
    };
}

internal sealed class EventGetParams
{
    [JsonPropertyName("eventids")]
    public required IReadOnlyList<string> EventIds { get; init; }

    [JsonPropertyName("output")]
    public string Output { get; } = "extend";

    [JsonPropertyName("select_acknowledges")]
    public string SelectAcknowledges { get; } = "extend";
}

/// <summary><c>user.login</c> params: <c>username</c> from 5.4 on, <c>user</c> before (6.4 removed <c>user</c>).</summary>
internal sealed class LoginParams
{
    [JsonPropertyName("username")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Username { get; init; }

    [JsonPropertyName("user")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? User { get; init; }

    [JsonPropertyName("password")]
    public required string Password { get; init; }
}

/// <summary>
/// <c>user.checkAuthentication</c> params: <c>sessionid</c> (with <c>extend</c>) for a login session, or <c>token</c>
/// for an API token. Zabbix added <c>token</c> in 6.0.14 and 6.4.1 (ZBXNEXT-8012,
/// https://www.zabbix.com/documentation/6.0/en/manual/api/changes_6.0); older servers refuse it.
/// </summary>
internal sealed class CheckAuthenticationParams
{
    [JsonPropertyName("sessionid")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SessionId { get; init; }

    [JsonPropertyName("extend")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Extend { get; init; }

    [JsonPropertyName("token")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Token { get; init; }
}

/// <summary>The part of a user object the client reads: its id.</summary>
internal sealed class UserBody
{
    [JsonPropertyName("userid")]
    [JsonRequired]
    public string? UserId { get; set; }
}

/// <summary>Empty <c>params</c> object (<c>{}</c>), as <c>apiinfo.version</c> takes.</summary>
internal sealed class EmptyParams
{
    public static EmptyParams Instance { get; } = new();
}

internal sealed class AcknowledgeResultBody
{
    // Required: a result without it is a malformed answer, not "nothing was updated".
    [JsonPropertyName("eventids")]
    [JsonRequired]
    [JsonConverter(typeof(EventIdsJsonConverter))]
    public IReadOnlyList<string>? EventIds { get; set; }
}

internal sealed class EventBody
{
    [JsonPropertyName("eventid")]
    public string? EventId { get; set; }

    [JsonPropertyName("acknowledged")]
    public string? Acknowledged { get; set; }

    [JsonPropertyName("severity")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int? Severity { get; set; }

    [JsonPropertyName("r_eventid")]
    public string? RecoveryEventId { get; set; }

    [JsonPropertyName("suppressed")]
    public string? Suppressed { get; set; }

    [JsonPropertyName("cause_eventid")]
    public string? CauseEventId { get; set; }

    [JsonPropertyName("acknowledges")]
    public List<AcknowledgeBody>? Acknowledges { get; set; }

    /// <summary>
    /// The event as the SDK's model. Zabbix writes numbers as strings; the JSON layer reads them (a malformed one fails
    /// the whole answer as an <see cref="InvalidResponseException"/>), and a field the server left out reads as zero.
    /// </summary>
    public ZabbixEvent ToModel() => new(
        EventId ?? string.Empty,
        Acknowledged == "1",
        (EventSeverity)(Severity ?? 0),
        RecoveryEventId is { Length: > 0 } recovery && recovery != "0",
        Suppressed is null ? null : Suppressed == "1",
        CauseEventId is { Length: > 0 } cause && cause != "0" ? cause : null,
        (Acknowledges ?? []).Select(row => row.ToModel()).ToArray());
}

internal sealed class AcknowledgeBody
{
    [JsonPropertyName("acknowledgeid")]
    public string? AcknowledgeId { get; set; }

    [JsonPropertyName("userid")]
    public string? UserId { get; set; }

    [JsonPropertyName("clock")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int? Clock { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("action")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int? Action { get; set; }

    [JsonPropertyName("old_severity")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int? OldSeverity { get; set; }

    [JsonPropertyName("new_severity")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int? NewSeverity { get; set; }

    [JsonPropertyName("suppress_until")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long? SuppressUntil { get; set; }

    /// <summary>The row as the SDK's model; the end of a suppression only on rows that suppress.</summary>
    public EventAcknowledgement ToModel()
    {
        var action = (EventAction)(Action ?? 0);
        return new EventAcknowledgement(
            AcknowledgeId ?? string.Empty,
            UserId,
            DateTimeOffset.FromUnixTimeSeconds(Clock ?? 0),
            Message ?? string.Empty,
            action,
            OldSeverity is { } oldSeverity ? (EventSeverity)oldSeverity : null,
            NewSeverity is { } newSeverity ? (EventSeverity)newSeverity : null,
            SuppressUntil is { } until && (action & EventAction.Suppress) != 0 ? JsonRpc.SuppressUntil.FromUnixTimeSeconds(until) : null);
    }
}
