using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace IncidentSdk.Testing;

/// <summary><c>event.acknowledge</c> and <c>event.get</c> of the Zabbix fake.</summary>
public sealed partial class FakeZabbixService
{
    private const int Close = 1;
    private const int Ack = 2;
    private const int Message = 4;
    private const int Severity = 8;
    private const int Unack = 16;
    private const int Suppress = 32;
    private const int Unsuppress = 64;
    private const int ToCause = 128;
    private const int ToSymptom = 256;
    private const int MaxMessageLength = 2048;
    private const long MaxTimestamp = int.MaxValue;

    private static readonly string[] StrictAcknowledgeParameters = ["eventids", "action", "message", "severity", "suppress_until", "cause_eventid"];

    /// <summary>The <c>event.get</c> parameters the fake knows; 6.4+ refuses others, earlier versions ignore them. Only some are applied.</summary>
    private static readonly string[] EventGetParameters =
    [
        "eventids", "output", "select_acknowledges", "selectAcknowledges", "selectSuppressionData", "selectTags", "selectHosts",
        "selectRelatedObject", "select_alerts", "source", "object", "value", "objectids", "groupids", "hostids", "eventid_from",
        "eventid_till", "time_from", "time_till", "problem_time_from", "problem_time_till", "acknowledged", "suppressed", "symptom",
        "severities", "evaltype", "tags", "trigger_severities", "filter", "search", "searchByAny", "searchWildcardsEnabled",
        "excludeSearch", "startSearch", "sortfield", "sortorder", "limit", "preservekeys", "countOutput", "editable", "nopermissions",
        "value_type",
    ];

    private static readonly string[] EventFields60 =
        ["eventid", "source", "object", "objectid", "clock", "value", "acknowledged", "ns", "name", "severity", "r_eventid", "c_eventid", "correlationid", "userid", "opdata", "suppressed", "urls"];

    private static readonly string[] EventFields64 =
        ["eventid", "source", "object", "objectid", "clock", "value", "acknowledged", "ns", "name", "severity", "r_eventid", "c_eventid", "correlationid", "userid", "cause_eventid", "opdata", "suppressed", "urls"];

    /// <summary>Runs <c>event.acknowledge</c>; called under the lock.</summary>
    private Action<Utf8JsonWriter> Acknowledge(JsonElement parameters, FakeUser user)
    {
        if (parameters.ValueKind == JsonValueKind.Array && parameters.GetArrayLength() == 0)
        {
            parameters = default;
        }

        var request = AtLeast(6, 4) ? ValidateStrict(parameters) : ValidateLegacy(parameters);
        var action = request.Action;
        CheckExclusivePairs(action);

        var ids = request.EventIds.Distinct(StringComparer.Ordinal).ToList();
        var targets = new List<EventState>();
        foreach (var id in ids.Concat(request.CauseEventId is null ? [] : [request.CauseEventId]))
        {
            if (!TryFindEvent(id, out var state))
            {
                // Unknown, forbidden, OK or non-trigger events: one fails the whole call [seen 6.0.14, 7.0.22].
                throw new RpcError(-32500, "No permissions to referred object or it does not exist!");
            }

            if (targets.Count < ids.Count)
            {
                targets.Add(state);
            }
        }

        if ((action & Close) != 0 && targets.Any(t => !t.ManualCloseAllowed))
        {
            throw new RpcError(-32500, "Cannot close problem: trigger does not allow manual closing.");
        }

        if ((action & Message) != 0 && request.Message.Length == 0)
        {
            throw new RpcError(-32602, "Incorrect value for field \"message\": cannot be empty.");
        }

        if ((action & Severity) != 0 && request.Severity is not (>= 0 and <= 5))
        {
            throw new RpcError(-32602, $"Incorrect value for field \"severity\": unexpected value \"{request.SeverityText}\".");
        }

        var now = Now();
        if ((action & Suppress) != 0 && request.SuppressUntil is { } until && until != 0 && until <= now)
        {
            throw new RpcError(-32602, $"Incorrect value for field \"suppress_until\": unexpected value \"{until.ToString(CultureInfo.InvariantCulture)}\".");
        }

        if ((action & Message) != 0 && !AtLeast(6, 4) && targets.Count > 0 && CountCharacters(request.Message) > MaxMessageLength)
        {
            // 6.0 finds this only when it writes the row, and answers with the whole message [seen 6.0.14].
            throw new RpcError(-32500, $"Value \"{request.Message}\" is too long for field \"message\" - {CountCharacters(request.Message).ToString(CultureInfo.InvariantCulture)} characters. Allowed length is {MaxMessageLength.ToString(CultureInfo.InvariantCulture)} characters.");
        }

        Apply(request, targets, user, now);
        var answerAsStrings = AnswersEventIdsAsStrings;
        return w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("eventids");
            foreach (var id in ids)
            {
                // PHP's array_flip turns the ids into integer keys, so 6.0.14 and 7.0.22 answer numbers [seen both].
                if (!answerAsStrings && ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number.ToString(CultureInfo.InvariantCulture) == id)
                {
                    w.WriteNumberValue(number);
                }
                else
                {
                    w.WriteStringValue(id);
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        };
    }

    /// <summary>Each event gets only the changes not already in effect; a row is recorded when anything changed.</summary>
    private void Apply(AcknowledgeRequest request, List<EventState> targets, FakeUser user, long now)
    {
        var action = request.Action;
        var symptoms = (action & ToSymptom) != 0 ? SymptomCandidates(targets, CanonicalId(request.CauseEventId)!.Value) : [];
        foreach (var e in targets)
        {
            var applied = 0;
            var wasClosed = e.Closed;
            var oldSeverity = 0;
            var newSeverity = 0;
            long suppressUntil = 0;
            if ((action & Close) != 0 && !wasClosed)
            {
                applied |= Close;
                e.Closed = true;
            }

            if ((action & Ack) != 0 && !e.Acknowledged)
            {
                applied |= Ack;
                e.Acknowledged = true;
            }

            if ((action & Unack) != 0 && e.Acknowledged)
            {
                applied |= Unack;
                e.Acknowledged = false;
            }

            if ((action & Message) != 0)
            {
                applied |= Message;
            }

            if ((action & Severity) != 0 && request.Severity != e.Severity)
            {
                applied |= Severity;
                oldSeverity = e.Severity;
                newSeverity = request.Severity!.Value;
                e.Severity = newSeverity;
            }

            if ((action & Suppress) != 0 && !wasClosed)
            {
                applied |= Suppress;
                suppressUntil = request.SuppressUntil ?? 0;
                e.SuppressUntil = suppressUntil;
                e.SuppressedBy = user.Id;
            }

            if ((action & Unsuppress) != 0 && e.IsSuppressed(now) && !wasClosed)
            {
                applied |= Unsuppress;
                e.SuppressUntil = null;
            }

            if ((action & ToCause) != 0 && e.Cause is not null)
            {
                applied |= ToCause;
                e.Cause = null;
            }

            if (symptoms.Contains(e))
            {
                applied |= ToSymptom;
                var cause = CanonicalId(request.CauseEventId)!.Value;
                foreach (var other in _events.Values.Where(o => o.Cause == e.Id))
                {
                    other.Cause = cause;
                }

                e.Cause = cause;
            }

            if (applied != 0)
            {
                e.Rows.Add(new AcknowledgeRow(_nextAcknowledgeId++, user, now, (applied & Message) != 0 ? request.Message : string.Empty, applied, oldSeverity, newSeverity, suppressUntil));
            }
        }
    }

    /// <summary>Which events a change to symptom of <paramref name="causeId"/> actually moves (Zabbix skips moves already in effect).</summary>
    private HashSet<EventState> SymptomCandidates(List<EventState> targets, ulong causeId)
    {
        var result = new HashSet<EventState>(targets);
        if (targets.Count == 1 && targets[0].Id == causeId)
        {
            return [];
        }

        var destination = _events[causeId];
        var listed = new HashSet<ulong>(targets.Select(t => t.Id));
        foreach (var e in targets)
        {
            if (e.Cause is null)
            {
                if (destination.Cause is null && e.Id == destination.Id)
                {
                    result.Remove(e);
                }
            }
            else if (destination.Cause is null)
            {
                if (e.Cause == destination.Id)
                {
                    result.Remove(e);
                }
            }
            else if (e.Id == destination.Id || !listed.Contains(e.Cause.Value))
            {
                result.Remove(e);
            }
        }

        return result;
    }

    private static void CheckExclusivePairs(int action)
    {
        static bool Both(int action, int a, int b) => (action & a) != 0 && (action & b) != 0;

        string? pair = Both(action, Ack, Unack) ? "2, 16"
            : Both(action, Suppress, Unsuppress) ? "32, 64"
            : Both(action, Close, Suppress) ? "1, 32"
            : Both(action, Close, Unsuppress) ? "1, 64"
            : Both(action, ToCause, ToSymptom) ? "128, 256"
            : null;
        if (pair is not null)
        {
            throw new RpcError(-32602, $"Incorrect value for field \"action\": value must be one of {pair}.");
        }
    }

    private int ActionMask() =>
        Close | Ack | Message | Severity
        | (AtLeast(6, 0) ? Unack : 0)
        | (AtLeast(6, 2) ? Suppress | Unsuppress : 0)
        | (AtLeast(6, 4) ? ToCause | ToSymptom : 0);

    private void CheckMask(long action, string text)
    {
        var mask = ActionMask();
        if (action < 0 || action > int.MaxValue || (action & mask) != action)
        {
            throw new RpcError(-32602, $"Incorrect value for field \"action\": unexpected value \"{text}\".");
        }
    }

    /// <summary>The checks of 6.0: missing fields are one generic error, extra parameters are ignored [seen 6.0.14].</summary>
    private AcknowledgeRequest ValidateLegacy(JsonElement parameters)
    {
        if (parameters.ValueKind != JsonValueKind.Object
            || !parameters.TryGetProperty("eventids", out var eventIds) || eventIds.ValueKind == JsonValueKind.Null
            || !parameters.TryGetProperty("action", out var actionElement) || actionElement.ValueKind == JsonValueKind.Null)
        {
            throw new RpcError(-32602, "Incorrect arguments passed to function.");
        }

        var actionText = PhpText(actionElement);
        if (!TryInteger(actionElement, out var action))
        {
            throw new RpcError(-32602, $"Incorrect value for field \"action\": unexpected value \"{actionText}\".");
        }

        CheckMask(action, actionText);
        var ids = eventIds.ValueKind == JsonValueKind.Array ? eventIds.EnumerateArray().Select(PhpText).ToList() : [PhpText(eventIds)];
        var message = parameters.TryGetProperty("message", out var messageElement) ? PhpText(messageElement) : string.Empty;
        var severityText = parameters.TryGetProperty("severity", out var severityElement) ? PhpText(severityElement) : string.Empty;
        int? severity = parameters.TryGetProperty("severity", out severityElement) && TryInteger(severityElement, out var s) && s is >= int.MinValue and <= int.MaxValue ? (int)s : null;
        long? suppressUntil = null;
        if (((int)action & Suppress) != 0 && parameters.TryGetProperty("suppress_until", out var untilElement) && untilElement.ValueKind != JsonValueKind.Null)
        {
            suppressUntil = TryInteger(untilElement, out var until) && until >= 0
                ? until
                : throw new RpcError(-32602, $"Incorrect value for field \"suppress_until\": unexpected value \"{PhpText(untilElement)}\".");
        }

        return new AcknowledgeRequest(ids, (int)action, message, severity, severityText, suppressUntil, null);
    }

    /// <summary>The checks of 6.4 and later: every parameter is typed, extra ones are refused [seen 7.0.22].</summary>
    private AcknowledgeRequest ValidateStrict(JsonElement parameters)
    {
        if (parameters.ValueKind == JsonValueKind.Undefined)
        {
            throw new RpcError(-32602, "Invalid parameter \"/\": the parameter \"eventids\" is missing.");
        }

        if (parameters.ValueKind != JsonValueKind.Object)
        {
            throw new RpcError(-32602, "Invalid parameter \"/\": an array is expected.");
        }

        ThrowOnUnexpected(parameters, StrictAcknowledgeParameters.Where(p => p != "cause_eventid"), allowCauseEventId: true);
        if (!parameters.TryGetProperty("eventids", out var eventIds))
        {
            throw new RpcError(-32602, "Invalid parameter \"/\": the parameter \"eventids\" is missing.");
        }

        List<string> ids;
        if (eventIds.ValueKind == JsonValueKind.Array)
        {
            ids = [];
            var index = 0;
            foreach (var item in eventIds.EnumerateArray())
            {
                index++;
                ids.Add(IdText(item) ?? throw new RpcError(-32602, $"Invalid parameter \"/eventids/{index.ToString(CultureInfo.InvariantCulture)}\": a number is expected."));
            }
        }
        else
        {
            ids = [IdText(eventIds) ?? throw new RpcError(-32602, "Invalid parameter \"/eventids\": an array is expected.")];
        }

        if (!parameters.TryGetProperty("action", out var actionElement))
        {
            throw new RpcError(-32602, "Invalid parameter \"/\": the parameter \"action\" is missing.");
        }

        if (!TryInteger(actionElement, out var action))
        {
            throw new RpcError(-32602, "Invalid parameter \"/action\": an integer is expected.");
        }

        var message = string.Empty;
        if (parameters.TryGetProperty("message", out var messageElement) && messageElement.ValueKind != JsonValueKind.Null)
        {
            message = messageElement.ValueKind == JsonValueKind.String ? messageElement.GetString()! : throw new RpcError(-32602, "Invalid parameter \"/message\": a character string is expected.");
            if (CountCharacters(message) > MaxMessageLength)
            {
                throw new RpcError(-32602, "Invalid parameter \"/message\": value is too long.");
            }
        }

        // 7.0 takes a missing severity as 0: bit 8 without it resets the severity [seen 7.0.22].
        var severity = 0;
        if (parameters.TryGetProperty("severity", out var severityElement) && severityElement.ValueKind != JsonValueKind.Null)
        {
            severity = TryInteger(severityElement, out var s) && s is >= int.MinValue and <= int.MaxValue ? (int)s : throw new RpcError(-32602, "Invalid parameter \"/severity\": an integer is expected.");
        }

        long? suppressUntil = null;
        if (parameters.TryGetProperty("suppress_until", out var untilElement) && untilElement.ValueKind != JsonValueKind.Null)
        {
            suppressUntil = TryInteger(untilElement, out var until) && until >= 0 ? until : throw new RpcError(-32602, "Invalid parameter \"/suppress_until\": an unsigned integer is expected.");

            // The API's timestamps end at ZBX_MAX_DATE, 2147483647: suppress_until is a 32-bit column [seen 7.0.22].
            if (suppressUntil > MaxTimestamp)
            {
                throw new RpcError(-32602, "Invalid parameter \"/suppress_until\": a timestamp is too large.");
            }
        }

        string? causeEventId = null;
        var hasCause = parameters.TryGetProperty("cause_eventid", out var causeElement);
        if ((action & ToSymptom) != 0 && action >= 0)
        {
            if (!hasCause || causeElement.ValueKind == JsonValueKind.Null)
            {
                throw new RpcError(-32602, "Invalid parameter \"/\": the parameter \"cause_eventid\" is missing.");
            }

            causeEventId = IdText(causeElement) ?? throw new RpcError(-32602, "Invalid parameter \"/cause_eventid\": a number is expected.");
        }
        else if (hasCause)
        {
            throw new RpcError(-32602, "Invalid parameter \"/\": unexpected parameter \"cause_eventid\".");
        }

        CheckMask(action, action.ToString(CultureInfo.InvariantCulture));
        return new AcknowledgeRequest(ids, (int)action, message, severity, severity.ToString(CultureInfo.InvariantCulture), suppressUntil, causeEventId);
    }

    /// <summary>Runs <c>event.get</c>; called under the lock, so the answer is written here from the current state.</summary>
    private Action<Utf8JsonWriter> GetEvents(JsonElement parameters)
    {
        if (parameters.ValueKind == JsonValueKind.Array && parameters.GetArrayLength() == 0)
        {
            parameters = default;
        }
        else if (parameters.ValueKind != JsonValueKind.Object)
        {
            throw new RpcError(-32602, "Invalid parameter \"/\": an array is expected.");
        }
        else if (AtLeast(6, 4))
        {
            ThrowOnUnexpected(parameters, EventGetParameters);
        }

        IEnumerable<EventState> events = _events.Values;
        if (Property(parameters, "eventids") is { ValueKind: not JsonValueKind.Null } eventIds)
        {
            var wanted = new HashSet<ulong>((eventIds.ValueKind == JsonValueKind.Array ? eventIds.EnumerateArray().Select(PhpText) : [PhpText(eventIds)])
                .Select(CanonicalId).Where(id => id is not null).Select(id => id!.Value));
            events = events.Where(e => wanted.Contains(e.Id));
        }

        if (Property(parameters, "value") is { } value && TryInteger(value, out var v) && v != 1)
        {
            events = [];
        }

        if (Property(parameters, "limit") is { } limit && TryInteger(limit, out var max) && max >= 0)
        {
            events = events.Take((int)Math.Min(max, int.MaxValue));
        }

        var list = events.ToList();
        var now = Now();
        var fields = AtLeast(6, 4) ? EventFields64 : EventFields60;
        var output = Selection(Property(parameters, "output"), fields, defaultAll: true);
        var ackSelect = Property(parameters, "select_acknowledges") ?? (AtLeast(6, 4) ? Property(parameters, "selectAcknowledges") : null);
        var suppressionSelect = AtLeast(6, 2) ? Property(parameters, "selectSuppressionData") : null;
        var countOnly = Property(parameters, "countOutput") is { ValueKind: JsonValueKind.True };
        var preserveKeys = Property(parameters, "preservekeys") is { ValueKind: JsonValueKind.True };
        var bytes = Write(w =>
        {
            if (countOnly)
            {
                w.WriteStringValue(list.Count.ToString(CultureInfo.InvariantCulture));
                return;
            }

            if (preserveKeys)
            {
                w.WriteStartObject();
            }
            else
            {
                w.WriteStartArray();
            }

            foreach (var e in list)
            {
                if (preserveKeys)
                {
                    w.WritePropertyName(e.Id.ToString(CultureInfo.InvariantCulture));
                }

                WriteEvent(w, e, output, ackSelect, suppressionSelect, now);
            }

            if (preserveKeys)
            {
                w.WriteEndObject();
            }
            else
            {
                w.WriteEndArray();
            }
        });
        return w => w.WriteRawValue(bytes);
    }

    private void WriteEvent(Utf8JsonWriter w, EventState e, HashSet<string> output, JsonElement? ackSelect, JsonElement? suppressionSelect, long now)
    {
        w.WriteStartObject();
        foreach (var field in AtLeast(6, 4) ? EventFields64 : EventFields60)
        {
            // 6.4+ lists the acknowledges after cause_eventid, 6.0 after opdata [seen 6.0.14, 7.0.22].
            if (field == (AtLeast(6, 4) ? "opdata" : "suppressed"))
            {
                WriteAcknowledges(w, e, ackSelect);
            }

            if (!output.Contains(field))
            {
                continue;
            }

            switch (field)
            {
                case "urls":
                    w.WriteStartArray(field);
                    w.WriteEndArray();
                    break;
                default:
                    w.WriteString(field, EventField(e, field, now));
                    break;
            }
        }

        if (suppressionSelect is not null)
        {
            w.WriteStartArray("suppression_data");
            if (e.IsSuppressed(now))
            {
                w.WriteStartObject();
                w.WriteString("maintenanceid", "0");
                w.WriteString("userid", e.SuppressedBy);
                w.WriteString("suppress_until", e.SuppressUntil!.Value.ToString(CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private void WriteAcknowledges(Utf8JsonWriter w, EventState e, JsonElement? select)
    {
        if (select is not { } selection || selection.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (selection.ValueKind == JsonValueKind.String && selection.GetString() == "count")
        {
            w.WriteString("acknowledges", e.Rows.Count.ToString(CultureInfo.InvariantCulture));
            return;
        }

        string[] all = AtLeast(6, 4)
            ? ["acknowledgeid", "userid", "clock", "message", "action", "old_severity", "new_severity", "suppress_until", "taskid", "username", "name", "surname"]
            : AtLeast(6, 2)
                ? ["acknowledgeid", "userid", "eventid", "clock", "message", "action", "old_severity", "new_severity", "suppress_until", "username", "name", "surname"]
                : ["acknowledgeid", "userid", "eventid", "clock", "message", "action", "old_severity", "new_severity", "username", "name", "surname"];
        var fields = Selection(selection, all, defaultAll: true);
        w.WriteStartArray("acknowledges");

        // Newest first, as the servers list them [seen 6.0.14, 7.0.22].
        foreach (var row in e.Rows.OrderByDescending(r => r.Clock).ThenByDescending(r => r.Id))
        {
            w.WriteStartObject();
            foreach (var field in all.Where(fields.Contains))
            {
                w.WriteString(field, field switch
                {
                    "acknowledgeid" => row.Id.ToString(CultureInfo.InvariantCulture),
                    "userid" => row.User.Id,
                    "eventid" => e.Id.ToString(CultureInfo.InvariantCulture),
                    "clock" => row.Clock.ToString(CultureInfo.InvariantCulture),
                    "message" => row.Message,
                    "action" => row.Action.ToString(CultureInfo.InvariantCulture),
                    "old_severity" => row.OldSeverity.ToString(CultureInfo.InvariantCulture),
                    "new_severity" => row.NewSeverity.ToString(CultureInfo.InvariantCulture),
                    "suppress_until" => row.SuppressUntil.ToString(CultureInfo.InvariantCulture),
                    "taskid" => "0",
                    "username" => row.User.Username,
                    "name" => row.User.Name,
                    _ => row.User.Surname,
                });
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static string EventField(EventState e, string field, long now) => field switch
    {
        "eventid" => e.Id.ToString(CultureInfo.InvariantCulture),
        "objectid" => (10000 + e.Id).ToString(CultureInfo.InvariantCulture),
        "clock" => e.Clock.ToString(CultureInfo.InvariantCulture),
        "value" => "1",
        "acknowledged" => e.Acknowledged ? "1" : "0",
        "name" => e.Name,
        "severity" => e.Severity.ToString(CultureInfo.InvariantCulture),
        "cause_eventid" => (e.Cause ?? 0).ToString(CultureInfo.InvariantCulture),
        "suppressed" => e.IsSuppressed(now) ? "1" : "0",
        "opdata" => string.Empty,
        _ => "0",
    };

    /// <summary>The fields an <c>output</c>-style selection asks for: <c>extend</c>, an array of names, or nothing.</summary>
    private static HashSet<string> Selection(JsonElement? selection, string[] all, bool defaultAll)
    {
        if (selection is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return new HashSet<string>(defaultAll ? all : [], StringComparer.Ordinal);
        }

        return value.ValueKind == JsonValueKind.Array
            ? new HashSet<string>(value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!), StringComparer.Ordinal)
            : new HashSet<string>(all, StringComparer.Ordinal);
    }

    private static JsonElement? Property(JsonElement parameters, string name) =>
        parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(name, out var value) ? value : null;

    private static void ThrowOnUnexpected(JsonElement parameters, IEnumerable<string> allowed, bool allowCauseEventId = false)
    {
        var set = new HashSet<string>(allowed, StringComparer.Ordinal);
        foreach (var property in parameters.EnumerateObject())
        {
            if (!set.Contains(property.Name) && !(allowCauseEventId && property.Name == "cause_eventid"))
            {
                throw new RpcError(-32602, $"Invalid parameter \"/\": unexpected parameter \"{property.Name}\".");
            }
        }
    }

    private static string? StringParameter(JsonElement parameters, string name) =>
        parameters.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? PhpText(value) : null;

    /// <summary>An id as Zabbix takes it: a whole number, given as a JSON number or a string of digits.</summary>
    private static string? IdText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetUInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.String when value.GetString() is { Length: > 0 } text && text.All(char.IsAsciiDigit) => text,
        _ => null,
    };

    private static ulong? CanonicalId(string? text) =>
        text is { Length: > 0 } && text.All(char.IsAsciiDigit) && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>An integer as PHP's API validators take it: a JSON integer or a string of digits with an optional sign.</summary>
    private static bool TryInteger(JsonElement value, out long number)
    {
        number = 0;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out number),
            JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number),
            _ => false,
        };
    }

    /// <summary>A value as PHP turns it into text (for messages and error texts).</summary>
    private static string PhpText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "1",
        JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        _ => value.GetRawText(),
    };

    /// <summary>Zabbix counts characters (code points), not UTF-16 units.</summary>
    private static int CountCharacters(string text) => text.EnumerateRunes().Count();

    private sealed record AcknowledgeRequest(List<string> EventIds, int Action, string Message, int? Severity, string SeverityText, long? SuppressUntil, string? CauseEventId);

    private sealed record AcknowledgeRow(ulong Id, FakeUser User, long Clock, string Message, int Action, int OldSeverity, int NewSeverity, long SuppressUntil);

    private sealed class EventState(ulong id, string name, int severity, bool manualCloseAllowed, long clock)
    {
        public ulong Id { get; } = id;

        public string Name { get; } = name;

        public int Severity { get; set; } = severity;

        public bool ManualCloseAllowed { get; } = manualCloseAllowed;

        public long Clock { get; } = clock;

        public bool Acknowledged { get; set; }

        public bool Closed { get; set; }

        /// <summary>Unix seconds the manual suppression ends, 0 for indefinitely, <see langword="null"/> when not suppressed.</summary>
        public long? SuppressUntil { get; set; }

        public string SuppressedBy { get; set; } = AdminId;

        public ulong? Cause { get; set; }

        public List<AcknowledgeRow> Rows { get; } = [];

        public bool IsSuppressed(long now) => SuppressUntil is { } until && (until == 0 || until > now);
    }
}
