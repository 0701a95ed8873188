using System;
using System.Globalization;
using IncidentSdk.Validation;

namespace IncidentSdk.JsonRpc;

/// <summary>
/// Checks a <see cref="ProblemQuery"/> against the rules of <c>problem.get</c> and, given the server version, against
/// what that version supports. Pure: no I/O. Errors name the <c>problem.get</c> parameter.
/// </summary>
public static class ProblemQueryValidator
{
    /// <summary>The latest time the API takes: its timestamps end at 2147483647 (7.0 refuses later ones as too large [seen 7.0.22]).</summary>
    private const long MaxTimestamp = int.MaxValue;

    /// <summary>Validates a query and reports every broken rule at once.</summary>
    /// <remarks>
    /// The rules: <c>limit</c> (page size) 1 to <see cref="ProblemQuery.MaxPageSize"/> (6.0 takes 0 or less as "no limit" and
    /// 7.0 refuses it [seen 6.0.14, 7.0.22]); <c>time_from</c> from 1970 to 2038-01-19T03:14:07Z; a defined minimum severity;
    /// host ids and <c>eventid_from</c> positive integers, the host list not empty; each tag condition with a name of
    /// 1 to 255 characters, a value of at most 255, a defined operator, and no value with <c>Exists</c> or
    /// <c>NotExists</c>; <c>evaltype</c> <see cref="ProblemTagEvaluation.AndOr"/> or <see cref="ProblemTagEvaluation.Or"/>
    /// (6.0 ignores an undefined severity or operator and matches nothing, 7.0 refuses it [seen both]); and, given the
    /// version, no <c>symptom</c> before 6.4, which 6.0 silently ignores [seen 6.0.14].
    /// </remarks>
    /// <param name="query">The query.</param>
    /// <param name="serverVersion">The server's version when known.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    public static ValidationResult Validate(ProblemQuery query, ZabbixVersion? serverVersion = null)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        var errors = new ValidationErrorList();
        if (query.PageSize is < 1 or > ProblemQuery.MaxPageSize)
        {
            errors.Add("limit", ValidationRules.Range, string.Format(CultureInfo.InvariantCulture, "is {0}; the page size must be 1 to {1}.", query.PageSize, ProblemQuery.MaxPageSize));
        }

        if (query.Since is { } since && (since.ToUnixTimeSeconds() < 0 || since.ToUnixTimeSeconds() > MaxTimestamp))
        {
            errors.Add("time_from", ValidationRules.Range, "must be from 1970-01-01T00:00:00Z to 2038-01-19T03:14:07Z (Unix time 0 to 2147483647).");
        }

        if (query.MinimumSeverity is { } severity && severity is < EventSeverity.NotClassified or > EventSeverity.Disaster)
        {
            errors.Add("severities", ValidationRules.Range, string.Format(CultureInfo.InvariantCulture, "minimum severity {0} is not a severity; use 0 (NotClassified) to 5 (Disaster).", (int)severity));
        }

        ValidateHosts(query, ref errors);
        ValidateTags(query, ref errors);
        if (query.TagEvaluation is not (ProblemTagEvaluation.AndOr or ProblemTagEvaluation.Or))
        {
            errors.Add("evaltype", ValidationRules.Range, string.Format(CultureInfo.InvariantCulture, "is {0}; it must be 0 (AndOr) or 2 (Or).", (int)query.TagEvaluation));
        }

        if (query.FromEventId is { } from && !AcknowledgeEventRequestValidator.IsPositiveId(from))
        {
            errors.Add("eventid_from", ValidationRules.Format, $"'{from}' is not a positive integer event id.");
        }

        if (query.Symptom is not null && serverVersion is not null && !serverVersion.IsAtLeast(6, 4))
        {
            errors.Add("symptom", ValidationRules.Version, FormattableString.Invariant($"needs Zabbix 6.4 or later; {serverVersion} would ignore it and return cause and symptom problems alike."));
        }

        return errors.ToResult();
    }

    private static void ValidateHosts(ProblemQuery query, ref ValidationErrorList errors)
    {
        if (query.HostIds is not { } hosts)
        {
            return;
        }

        if (hosts.Count == 0)
        {
            errors.Add("hostids", ValidationRules.Required, "is empty; leave it null for problems of every host.");
        }

        for (var i = 0; i < hosts.Count; i++)
        {
            if (!AcknowledgeEventRequestValidator.IsPositiveId(hosts[i]))
            {
                errors.Add(FormattableString.Invariant($"hostids[{i}]"), ValidationRules.Format, $"'{hosts[i]}' is not a positive integer host id.");
            }
        }
    }

    private static void ValidateTags(ProblemQuery query, ref ValidationErrorList errors)
    {
        var tags = query.Tags ?? [];
        for (var i = 0; i < tags.Count; i++)
        {
            var path = FormattableString.Invariant($"tags[{i}]");
            if (tags[i] is not { } tag)
            {
                errors.Required(path);
                continue;
            }

            if (string.IsNullOrEmpty(tag.Tag))
            {
                // Zabbix takes an empty name and matches nothing [seen 7.0.22].
                errors.Required(path + ".tag");
            }
            else if (ValidationErrorList.CountCodePoints(tag.Tag) > ProblemQuery.MaxTagLength)
            {
                errors.Add(path + ".tag", ValidationRules.MaxLength, string.Format(CultureInfo.InvariantCulture, "must be at most {0} characters.", ProblemQuery.MaxTagLength));
            }

            if (tag.Value is { } value && ValidationErrorList.CountCodePoints(value) > ProblemQuery.MaxTagLength)
            {
                errors.Add(path + ".value", ValidationRules.MaxLength, string.Format(CultureInfo.InvariantCulture, "must be at most {0} characters.", ProblemQuery.MaxTagLength));
            }

            if (tag.Operator is < ProblemTagOperator.Contains or > ProblemTagOperator.NotExists)
            {
                errors.Add(path + ".operator", ValidationRules.Range, string.Format(CultureInfo.InvariantCulture, "is {0}; it must be 0 (Contains) to 5 (NotExists).", (int)tag.Operator));
            }
            else if (tag.Operator is ProblemTagOperator.Exists or ProblemTagOperator.NotExists && tag.Value is not null)
            {
                // Zabbix ignores the value then; a value here is a mistake in the caller's filter.
                errors.Add(path + ".value", ValidationRules.Unexpected, FormattableString.Invariant($"must be null with operator {tag.Operator}, which tests only the tag name."));
            }
        }
    }
}
