using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace IncidentSdk.Coc;

/// <summary>
/// The body of <c>POST /v2/incidents/list</c> (<c>ListTicketParamsWithPageV2</c>, coc-incident-lifecycle.md §3). Empty
/// lists are left out, as Huawei's Terraform provider leaves them out. <c>contain_total</c> is always sent as
/// <see langword="true"/> so that a listing knows when to stop; <c>contain_all</c> is never sent, because it asks for
/// every row at once.
/// </summary>
internal sealed class ListIncidentsBody
{
    [JsonPropertyName("page")]
    public int Page { get; init; }

    [JsonPropertyName("per_page")]
    public int PerPage { get; init; }

    [JsonPropertyName("contain_total")]
    public bool ContainTotal { get; } = true;

    [JsonPropertyName("ticket_types")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? TicketTypes { get; init; }

    [JsonPropertyName("string_filters")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ObjectFilterBody>? StringFilters { get; init; }

    [JsonPropertyName("int_filters")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ObjectFilterBody>? IntFilters { get; init; }

    [JsonPropertyName("sort_filter")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ObjectFilterBody? SortFilter { get; init; }

    public static ListIncidentsBody From(ListIncidentsRequest request) => new()
    {
        Page = request.Page,
        PerPage = request.PageSize,
        TicketTypes = request.TicketTypes.Count == 0 ? null : request.TicketTypes.ToArray(),
        StringFilters = Filters(request.StringFilters),
        IntFilters = Filters(request.IntFilters),
        // The direction goes in operator and values repeats the field, as in the Terraform provider's live test (§3).
        SortFilter = request.Sort is { } sort
            ? new ObjectFilterBody { Field = sort.Field, Operator = sort.Descending ? "desc" : "asc", Values = [sort.Field], Name = sort.Field }
            : null,
    };

    private static ObjectFilterBody[]? Filters(ICollection<IncidentFilter> filters) =>
        filters.Count == 0
            ? null
            : filters.Select(f => new ObjectFilterBody { Field = f.Field, Operator = f.Operator.Value ?? string.Empty, Values = f.Values, Name = f.Name }).ToArray();
}

/// <summary><c>ObjectFilterV2</c>: <c>field</c>, <c>operator</c>, <c>values</c> and an optional <c>name</c>.</summary>
internal sealed class ObjectFilterBody
{
    [JsonPropertyName("field")]
    public required string Field { get; init; }

    [JsonPropertyName("operator")]
    public required string Operator { get; init; }

    [JsonPropertyName("values")]
    public required IReadOnlyList<string> Values { get; init; }

    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }
}
