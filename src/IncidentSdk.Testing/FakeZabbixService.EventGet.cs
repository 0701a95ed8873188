using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace IncidentSdk.Testing;

// event.get: the events and their acknowledges as the server lists them.
public sealed partial class FakeZabbixService
{
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
        "objectid" => e.ObjectId.ToString(CultureInfo.InvariantCulture),
        "clock" => e.Clock.ToString(CultureInfo.InvariantCulture),
        "value" => "1",
        "acknowledged" => e.Acknowledged ? "1" : "0",
        "name" => e.Name,
        "severity" => e.Severity.ToString(CultureInfo.InvariantCulture),
        "cause_eventid" => (e.Cause ?? 0).ToString(CultureInfo.InvariantCulture),
        "suppressed" => e.Suppressed(now) ? "1" : "0",
        "opdata" => e.OperationalData,
        "r_eventid" => e.RecoveryEventId.ToString(CultureInfo.InvariantCulture),
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
}
