using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace IncidentSdk.Coc;

/// <summary>
/// The filters, order and page of an incident list (<c>POST /v2/incidents/list</c>). All filters must match (COC ANDs
/// <c>string_filters</c> when no <c>condition</c> is given, coc-incident-lifecycle.md §3).
/// </summary>
public sealed class ListIncidentsRequest
{
    /// <summary>The largest page size COC accepts (<c>per_page</c> 1–200).</summary>
    public const int MaxPageSize = 200;

    /// <summary>The page size used unless one is set.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The largest page number COC accepts (<c>page</c> 1–1,000,000).</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>The most filters of each kind (<c>string_filters</c>, <c>int_filters</c>).</summary>
    public const int MaxFilters = 20;

    /// <summary>The most ticket types (<c>ticket_types</c>).</summary>
    public const int MaxTicketTypes = 5;

    /// <summary>The 1-based page number (<c>page</c>); the first page a listing reads. 1 unless set.</summary>
    public int Page { get; set; } = 1;

    /// <summary>The tickets per page (<c>per_page</c>), 1 to <see cref="MaxPageSize"/>; <see cref="DefaultPageSize"/> unless set.</summary>
    public int PageSize { get; set; } = DefaultPageSize;

    /// <summary>Filters on text and time fields (<c>string_filters</c>), at most <see cref="MaxFilters"/>.</summary>
    public IList<IncidentFilter> StringFilters { get; } = new List<IncidentFilter>();

    /// <summary>Filters on integer fields (<c>int_filters</c>), at most <see cref="MaxFilters"/>.</summary>
    public IList<IncidentFilter> IntFilters { get; } = new List<IncidentFilter>();

    /// <summary>The order (<c>sort_filter</c>); COC's own order when <see langword="null"/>.</summary>
    public IncidentSort? Sort { get; set; }

    /// <summary>
    /// The ticket types (<c>ticket_types</c>), at most <see cref="MaxTicketTypes"/>; <c>incident</c> unless changed, as
    /// COC's documentation asks for an incident list. An empty list sends none.
    /// </summary>
    public IList<string> TicketTypes { get; } = new List<string> { "incident" };

    /// <summary>A copy, so that a listing under way does not see later changes.</summary>
    internal ListIncidentsRequest Snapshot(int page)
    {
        var copy = new ListIncidentsRequest { Page = page, PageSize = PageSize, Sort = Sort };
        copy.TicketTypes.Clear();
        foreach (var type in TicketTypes)
        {
            copy.TicketTypes.Add(type);
        }

        foreach (var filter in StringFilters)
        {
            copy.StringFilters.Add(filter);
        }

        foreach (var filter in IntFilters)
        {
            copy.IntFilters.Add(filter);
        }

        return copy;
    }
}

/// <summary>One filter of an incident list (<c>ObjectFilterV2</c>): a field, an operator and the values it compares with.</summary>
public sealed class IncidentFilter
{
    /// <summary>The most values of one filter (<c>values</c> 1–1024).</summary>
    public const int MaxValues = 1024;

    /// <summary>Creates a filter.</summary>
    /// <param name="field">The field (<c>field</c>), a key of the list's tickets such as <c>title</c>, <c>level_id</c> or <c>create_time</c>.</param>
    /// <param name="operator">The comparison (<c>operator</c>).</param>
    /// <param name="values">The values (<c>values</c>), sent as strings as COC asks, 1 to <see cref="MaxValues"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public IncidentFilter(string field, FilterOperator @operator, IEnumerable<string> values)
    {
        Field = field ?? throw new ArgumentNullException(nameof(field));
        Operator = @operator;
        Values = (values ?? throw new ArgumentNullException(nameof(values))).ToArray();
    }

    /// <summary>The field (<c>field</c>).</summary>
    public string Field { get; }

    /// <summary>The comparison (<c>operator</c>).</summary>
    public FilterOperator Operator { get; }

    /// <summary>The values (<c>values</c>).</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>The filter's name (<c>name</c>), which COC uses to refer to it; optional.</summary>
    public string? Name { get; init; }

    /// <summary>A filter for a field that equals a value (<c>=</c>).</summary>
    /// <param name="field">The field.</param>
    /// <param name="value">The value.</param>
    /// <returns>The filter.</returns>
    public static IncidentFilter EqualTo(string field, string value) => new(field, FilterOperator.EqualTo, [value]);

    /// <summary>A filter for a field that equals one of several values (<c>in</c>).</summary>
    /// <param name="field">The field.</param>
    /// <param name="values">The values.</param>
    /// <returns>The filter.</returns>
    public static IncidentFilter In(string field, IEnumerable<string> values) => new(field, FilterOperator.In, values);

    /// <summary>
    /// A filter for a time field at or after <paramref name="time"/> (<c>&gt;=</c>, epoch milliseconds as a string, named
    /// <c>{field}_start</c>, as Huawei's Terraform provider sends it; coc-incident-lifecycle.md §3).
    /// </summary>
    /// <param name="field">The time field, such as <c>create_time</c>.</param>
    /// <param name="time">The earliest time.</param>
    /// <returns>The filter.</returns>
    public static IncidentFilter AtOrAfter(string field, DateTimeOffset time) =>
        new(field, FilterOperator.AtLeast, [Milliseconds(time)]) { Name = field + "_start" };

    /// <summary>A filter for a time field at or before <paramref name="time"/> (<c>&lt;=</c>, named <c>{field}_end</c>).</summary>
    /// <param name="field">The time field, such as <c>create_time</c>.</param>
    /// <param name="time">The latest time.</param>
    /// <returns>The filter.</returns>
    public static IncidentFilter AtOrBefore(string field, DateTimeOffset time) =>
        new(field, FilterOperator.AtMost, [Milliseconds(time)]) { Name = field + "_end" };

    private static string Milliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}

/// <summary>The order of an incident list (<c>sort_filter</c>).</summary>
public sealed class IncidentSort
{
    /// <summary>Creates an order.</summary>
    /// <param name="field">The field to sort by, such as <c>create_time</c>.</param>
    /// <param name="descending">Whether the largest (newest) come first.</param>
    /// <exception cref="ArgumentNullException"><paramref name="field"/> is <see langword="null"/>.</exception>
    public IncidentSort(string field, bool descending)
    {
        Field = field ?? throw new ArgumentNullException(nameof(field));
        Descending = descending;
    }

    /// <summary>The field (<c>field</c>).</summary>
    public string Field { get; }

    /// <summary>
    /// Whether the order is descending. COC takes the direction in <c>operator</c> (<c>desc</c>, or <c>asc</c>, which no
    /// source shows; coc-incident-lifecycle.md §3 [INFERRED]).
    /// </summary>
    public bool Descending { get; }
}
