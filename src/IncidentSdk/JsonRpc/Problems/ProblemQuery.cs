using System;
using System.Collections.Generic;

namespace IncidentSdk.JsonRpc;

/// <summary>
/// The filters of a <c>problem.get</c> read: which open problems an integration wants. Every filter is optional; the
/// client validates the query (<see cref="ProblemQueryValidator"/>) before anything is sent.
/// </summary>
/// <remarks>
/// Parameters as the Zabbix manual describes them for 6.0 and 7.0
/// (https://www.zabbix.com/documentation/6.0/en/manual/api/reference/problem/get,
/// https://www.zabbix.com/documentation/7.0/en/manual/api/reference/problem/get).
/// </remarks>
public sealed class ProblemQuery
{
    /// <summary>The largest page the client asks for; a bound so that one answer stays well under the response size limit.</summary>
    public const int MaxPageSize = 10000;

    /// <summary>The page size when none is set.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The longest tag name or value Zabbix stores (its <c>problem_tag</c> columns are 255 characters).</summary>
    public const int MaxTagLength = 255;

    /// <summary>Only problems that started at or after this time (<c>time_from</c>); whole seconds, up to 2038-01-19T03:14:07Z.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only problems nobody has acknowledged (<c>acknowledged: false</c>).</summary>
    public bool UnacknowledgedOnly { get; init; }

    /// <summary>Only problems of this severity or higher (<c>severities</c> lists it and every higher one).</summary>
    public EventSeverity? MinimumSeverity { get; init; }

    /// <summary>Only problems of triggers on these hosts (<c>hostids</c>).</summary>
    public IReadOnlyList<string>? HostIds { get; init; }

    /// <summary>Only problems with these tags (<c>tags</c>), combined by <see cref="TagEvaluation"/>.</summary>
    public IReadOnlyList<ProblemTagFilter>? Tags { get; init; }

    /// <summary>How <see cref="Tags"/> combine (<c>evaltype</c>); <see cref="ProblemTagEvaluation.AndOr"/> by default.</summary>
    public ProblemTagEvaluation TagEvaluation { get; init; }

    /// <summary><see langword="true"/> for suppressed problems only, <see langword="false"/> for unsuppressed only, <see langword="null"/> for both (<c>suppressed</c>).</summary>
    public bool? Suppressed { get; init; }

    /// <summary>
    /// <see langword="true"/> for symptom problems only, <see langword="false"/> for cause problems only (<c>symptom</c>).
    /// Zabbix 6.4 added the parameter; 6.0 ignores it and would return both, so the client refuses it before 6.4.
    /// </summary>
    public bool? Symptom { get; init; }

    /// <summary>Also problems resolved recently (<c>recent</c>; how recently is the server's "Display OK triggers" period).</summary>
    public bool IncludeRecentlyResolved { get; init; }

    /// <summary>Only problems with this event id or a higher one (<c>eventid_from</c>); where paging starts.</summary>
    public string? FromEventId { get; init; }

    /// <summary>How many problems one request asks for (<c>limit</c>), 1 to <see cref="MaxPageSize"/>.</summary>
    public int PageSize { get; init; } = DefaultPageSize;
}

/// <summary>One tag condition of a <see cref="ProblemQuery"/>.</summary>
public sealed class ProblemTagFilter
{
    /// <summary>Creates a tag condition.</summary>
    /// <param name="tag">The tag name, matched exactly (case-sensitive).</param>
    /// <param name="value">The value to compare; none for <see cref="ProblemTagOperator.Exists"/> and <see cref="ProblemTagOperator.NotExists"/>.</param>
    /// <param name="operator">How the value is compared.</param>
    public ProblemTagFilter(string tag, string? value, ProblemTagOperator @operator)
    {
        Tag = tag;
        Value = value;
        Operator = @operator;
    }

    /// <summary>The tag name.</summary>
    public string Tag { get; }

    /// <summary>The value compared, or <see langword="null"/>.</summary>
    public string? Value { get; }

    /// <summary>The comparison.</summary>
    public ProblemTagOperator Operator { get; }
}

/// <summary>How a tag's value is compared (<c>operator</c> of <c>problem.get</c>'s <c>tags</c>; the same on 6.0 and 7.0).</summary>
public enum ProblemTagOperator
{
    /// <summary>The value contains the text, ignoring case (0, Zabbix's "Like").</summary>
    Contains = 0,

    /// <summary>The value equals the text (1).</summary>
    Equals = 1,

    /// <summary>The value does not contain the text (2).</summary>
    NotContains = 2,

    /// <summary>The value differs from the text (3).</summary>
    NotEquals = 3,

    /// <summary>The tag exists, whatever its value (4).</summary>
    Exists = 4,

    /// <summary>The tag does not exist (5).</summary>
    NotExists = 5,
}

/// <summary>How several tag conditions combine (<c>evaltype</c>).</summary>
public enum ProblemTagEvaluation
{
    /// <summary>Conditions on the same tag name are or-ed, different names and-ed (0, the default).</summary>
    AndOr = 0,

    /// <summary>Any condition suffices (2).</summary>
    Or = 2,
}
