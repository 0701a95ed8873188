using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace IncidentSdk.Testing;

// The server's own checks of event.acknowledge, per version; kept apart from the SDK's validators so tests catch their bugs.
public sealed partial class FakeZabbixService
{
    private const int MaxMessageLength = 2048;
    private const long MaxTimestamp = int.MaxValue;

    private static readonly string[] StrictAcknowledgeParameters = ["eventids", "action", "message", "severity", "suppress_until", "cause_eventid"];

    /// <summary>The checks that need the events and the clock: whether they may be closed, and the message, severity and suppression end.</summary>
    private void CheckChange(AcknowledgeRequest request, List<EventState> targets, long now)
    {
        var action = request.Action;
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

        if ((action & Suppress) != 0 && request.SuppressUntil is { } until && until != 0 && until <= now)
        {
            throw new RpcError(-32602, $"Incorrect value for field \"suppress_until\": unexpected value \"{until.ToString(CultureInfo.InvariantCulture)}\".");
        }

        if ((action & Message) != 0 && !AtLeast(6, 4) && targets.Count > 0 && CountCharacters(request.Message) > MaxMessageLength)
        {
            // 6.0 finds this only when it writes the row, and answers with the whole message [seen 6.0.14].
            throw new RpcError(-32500, $"Value \"{request.Message}\" is too long for field \"message\" - {CountCharacters(request.Message).ToString(CultureInfo.InvariantCulture)} characters. Allowed length is {MaxMessageLength.ToString(CultureInfo.InvariantCulture)} characters.");
        }
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

    private sealed record AcknowledgeRequest(List<string> EventIds, int Action, string Message, int? Severity, string SeverityText, long? SuppressUntil, string? CauseEventId);
}
