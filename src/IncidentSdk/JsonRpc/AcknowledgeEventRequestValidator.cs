using System;
using System.Collections.Generic;
using System.Globalization;
using IncidentSdk.Validation;

namespace IncidentSdk.JsonRpc;

/// <summary>
/// Checks an <see cref="AcknowledgeEventRequest"/> against the rules of <c>event.acknowledge</c>, and, given the
/// server version, against what that version supports. Pure: no I/O.
/// </summary>
public static class AcknowledgeEventRequestValidator
{
    private const EventAction AllActions = (EventAction)511;

    // Pairs the server refuses together, with the wording of its own error ("value must be one of 2, 16").
    private static readonly (EventAction A, EventAction B)[] ExclusivePairs =
    [
        (EventAction.Acknowledge, EventAction.Unacknowledge),
        (EventAction.Suppress, EventAction.Unsuppress),
        (EventAction.Close, EventAction.Suppress),
        (EventAction.Close, EventAction.Unsuppress),
        (EventAction.ChangeToCause, EventAction.ChangeToSymptom),
    ];

    // When each bit appeared (Zabbix manual, event.acknowledge, "action" per version).
    private static readonly (EventAction Bit, int Major, int Minor)[] Introduced =
    [
        (EventAction.Unacknowledge, 6, 0),
        (EventAction.Suppress, 6, 2),
        (EventAction.Unsuppress, 6, 2),
        (EventAction.ChangeToCause, 6, 4),
        (EventAction.ChangeToSymptom, 6, 4),
    ];

    /// <summary>Validates a request and reports every broken rule at once.</summary>
    /// <remarks>
    /// The rules: at least one event id, each a positive integer, none twice; an action other than
    /// <see cref="EventAction.None"/>, with no undefined bit and no exclusive pair; <c>message</c> with
    /// <see cref="EventAction.AddMessage"/> only, 1 to <see cref="AcknowledgeEventRequest.MaxMessageLength"/> characters
    /// counted as Unicode code points (as Zabbix counts), without an unpaired surrogate; <c>severity</c> 0 to 5 with
    /// <see cref="EventAction.ChangeSeverity"/> only; <c>suppress_until</c> with <see cref="EventAction.Suppress"/> only,
    /// at most <see cref="SuppressUntil.MaxUnixTimeSeconds"/>; <c>cause_eventid</c> with
    /// <see cref="EventAction.ChangeToSymptom"/> only, and not one of the changed events; and, given the server version,
    /// no bit that version lacks.
    /// </remarks>
    /// <param name="request">The request.</param>
    /// <param name="serverVersion">The server's version when known; bits it lacks are then refused.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public static ValidationResult Validate(AcknowledgeEventRequest request, ZabbixVersion? serverVersion = null)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var errors = new ValidationErrorList();
        ValidateIds(request, ref errors);
        var action = request.Action;
        if (action == EventAction.None)
        {
            // Zabbix 6.0 and 7.0 accept action 0 and do nothing [seen both]: a request that cannot change anything.
            errors.Add("action", ValidationRules.Required, "is 0 (None), which Zabbix accepts and ignores; combine at least one EventAction (1 to 256).");
        }
        else if ((action & ~AllActions) != 0)
        {
            errors.Add("action", ValidationRules.Format, string.Format(CultureInfo.InvariantCulture, "{0} has bits no Zabbix version defines; use the EventAction values (1 to 256).", (int)action));
        }

        foreach (var (a, b) in ExclusivePairs)
        {
            if ((action & a) != 0 && (action & b) != 0)
            {
                errors.Add("action", ValidationRules.Exclusive, string.Format(CultureInfo.InvariantCulture, "{0} ({1}) and {2} ({3}) cannot be combined.", a, (int)a, b, (int)b));
            }
        }

        if (serverVersion is not null)
        {
            foreach (var (bit, major, minor) in Introduced)
            {
                if ((action & bit) != 0 && !serverVersion.IsAtLeast(major, minor))
                {
                    errors.Add("action", ValidationRules.Version, string.Format(CultureInfo.InvariantCulture, "{0} ({1}) needs Zabbix {2}.{3} or later; the server is {4}.", bit, (int)bit, major, minor, serverVersion));
                }
            }
        }

        ValidateMessage(request, ref errors);
        ValidateSeverity(request, ref errors);
        ValidateSuppression(request, ref errors);
        ValidateCause(request, ref errors);
        return errors.ToResult();
    }

    /// <summary>Whether the request uses a bit that some Zabbix versions lack, so the server version can add errors.</summary>
    internal static bool DependsOnVersion(AcknowledgeEventRequest request)
    {
        foreach (var (bit, _, _) in Introduced)
        {
            if ((request.Action & bit) != 0)
            {
                return true;
            }
        }

        return false;
    }

    private static void ValidateIds(AcknowledgeEventRequest request, ref ValidationErrorList errors)
    {
        if (request.EventIds.Count == 0)
        {
            errors.Add("eventids", ValidationRules.Required, "needs at least one event id.");
            return;
        }

        // Small lists are checked pairwise, so a valid request allocates nothing; large ones through a set.
        HashSet<string>? seen = request.EventIds.Count > 32 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < request.EventIds.Count; i++)
        {
            var id = request.EventIds[i];
            if (!IsPositiveId(id))
            {
                errors.Add(Path(i, request), ValidationRules.Format, $"'{id}' is not a positive integer event id.");
            }
            else if (seen is null ? IsRepeated(request.EventIds, i) : !seen.Add(id))
            {
                errors.Add(Path(i, request), ValidationRules.Format, $"'{id}' is listed twice.");
            }
        }
    }

    private static bool IsRepeated(IReadOnlyList<string> ids, int index)
    {
        for (var j = 0; j < index; j++)
        {
            if (string.Equals(ids[j], ids[index], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static void ValidateMessage(AcknowledgeEventRequest request, ref ValidationErrorList errors)
    {
        var wantsMessage = (request.Action & EventAction.AddMessage) != 0;
        if (wantsMessage)
        {
            // Counted in code points, as Zabbix counts (see ValidationErrorList.RequiredText).
            errors.RequiredText("message", request.Message, AcknowledgeEventRequest.MaxMessageLength);
        }
        else if (request.Message is not null)
        {
            errors.Add("message", ValidationRules.Unexpected, "is only sent with the AddMessage (4) action; add that bit or remove the message.");
        }
    }

    private static void ValidateSeverity(AcknowledgeEventRequest request, ref ValidationErrorList errors)
    {
        var wantsSeverity = (request.Action & EventAction.ChangeSeverity) != 0;
        if (request.Severity is { } severity && severity is < EventSeverity.NotClassified or > EventSeverity.Disaster)
        {
            errors.Add("severity", ValidationRules.Range, string.Format(CultureInfo.InvariantCulture, "is {0}; use 0 (not classified) to 5 (disaster).", (int)severity));
        }

        if (wantsSeverity && request.Severity is null)
        {
            // Zabbix 7.0 accepts the bit without a severity and resets the severity to 0 (not classified).
            errors.Add("severity", ValidationRules.Required, "is required with the ChangeSeverity (8) action.");
        }
        else if (!wantsSeverity && request.Severity is not null)
        {
            errors.Add("severity", ValidationRules.Unexpected, "is only sent with the ChangeSeverity (8) action.");
        }
    }

    private static void ValidateSuppression(AcknowledgeEventRequest request, ref ValidationErrorList errors)
    {
        var wantsSuppress = (request.Action & EventAction.Suppress) != 0;
        if (wantsSuppress && request.SuppressUntil is null)
        {
            // Zabbix 7.0 accepts the bit without suppress_until; say explicitly SuppressUntil.Indefinitely.
            errors.Add("suppress_until", ValidationRules.Required, "is required with the Suppress (32) action; use SuppressUntil.Indefinitely for no end.");
        }
        else if (wantsSuppress && request.SuppressUntil is { } until && until.UnixTimeSeconds > SuppressUntil.MaxUnixTimeSeconds)
        {
            errors.Add("suppress_until", ValidationRules.Range, string.Format(
                CultureInfo.InvariantCulture,
                "is {0}; Zabbix keeps suppress_until in a 32-bit column, so the latest end is {1}. Use SuppressUntil.Indefinitely for no end.",
                DescribeSeconds(until.UnixTimeSeconds),
                DescribeSeconds(SuppressUntil.MaxUnixTimeSeconds)));
        }
        else if (!wantsSuppress && request.SuppressUntil is not null)
        {
            errors.Add("suppress_until", ValidationRules.Unexpected, "is only sent with the Suppress (32) action.");
        }
    }

    private static void ValidateCause(AcknowledgeEventRequest request, ref ValidationErrorList errors)
    {
        var wantsSymptom = (request.Action & EventAction.ChangeToSymptom) != 0;
        if (wantsSymptom)
        {
            if (string.IsNullOrEmpty(request.CauseEventId))
            {
                errors.Add("cause_eventid", ValidationRules.Required, "is required with the ChangeToSymptom (256) action.");
            }
            else if (!IsPositiveId(request.CauseEventId))
            {
                errors.Add("cause_eventid", ValidationRules.Format, $"'{request.CauseEventId}' is not a positive integer event id.");
            }
            else
            {
                foreach (var id in request.EventIds)
                {
                    if (string.Equals(id, request.CauseEventId, StringComparison.Ordinal))
                    {
                        errors.Add("cause_eventid", ValidationRules.Format, $"'{id}' is also one of the events being changed; an event cannot be its own cause.");
                        break;
                    }
                }
            }
        }
        else if (request.CauseEventId is not null)
        {
            errors.Add("cause_eventid", ValidationRules.Unexpected, "is only sent with the ChangeToSymptom (256) action.");
        }
    }

    // Unix seconds, with the UTC time when there is one ("2147483647 (2038-01-19T03:14:07Z)").
    private static string DescribeSeconds(long seconds) => seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
        ? string.Format(CultureInfo.InvariantCulture, "{0} ({1:yyyy-MM-dd'T'HH:mm:ss'Z'})", seconds, DateTimeOffset.FromUnixTimeSeconds(seconds))
        : seconds.ToString(CultureInfo.InvariantCulture);

    private static string Path(int index, AcknowledgeEventRequest request) =>
        request.EventIds.Count == 1 ? "eventids" : string.Format(CultureInfo.InvariantCulture, "eventids[{0}]", index);

    /// <summary>A Zabbix id: digits only, not zero, within an unsigned 64-bit integer.</summary>
    internal static bool IsPositiveId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id!.Length > 20)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0;
    }
}
