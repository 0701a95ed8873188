using System.Collections.Generic;
using System.Globalization;
using IncidentSdk.Validation;

namespace IncidentSdk.Coc;

/// <summary>The checks of the ticket reads: the ticket number of the detail path and the list's filters and page.</summary>
internal static class IncidentReadValidator
{
    /// <summary>The longest ticket number the detail path takes (<c>incident_num</c> 0–255, coc-incident-lifecycle.md §2).</summary>
    public const int MaxIncidentNumberLength = 255;

    private const int MaxFieldLength = 255;
    private const int MaxOperatorLength = 20;
    private const int MaxTicketTypeLength = 100;

    /// <summary>
    /// A ticket number goes into the path, so besides its length (§2: 0–255, and an empty one would name another
    /// path) it must not hold what would change the path once a server or proxy decodes it: <c>/</c>, <c>\</c>,
    /// <c>%</c> (an already escaped sequence), <c>?</c>, <c>#</c>, control characters, or be <c>.</c> or <c>..</c>.
    /// Everything else is escaped with <see cref="System.Uri.EscapeDataString(string)"/>.
    /// </summary>
    public static ValidationResult IncidentNumber(string? incidentNumber, int maxLength = MaxIncidentNumberLength)
    {
        var errors = new ValidationErrorList();
        errors.RequiredString("incident_num", incidentNumber, maxLength);
        if (errors.HasError("incident_num"))
        {
            return errors.ToResult();
        }

        if (incidentNumber is "." or "..")
        {
            errors.Add("incident_num", ValidationRules.Format, "is a dot segment, which would change the request path.");
            return errors.ToResult();
        }

        for (var i = 0; i < incidentNumber!.Length; i++)
        {
            var c = incidentNumber[i];
            if (c is '/' or '\\' or '%' or '?' or '#' || char.IsControl(c))
            {
                errors.Add(
                    "incident_num",
                    ValidationRules.Format,
                    string.Format(CultureInfo.InvariantCulture, "has U+{0:X4} at index {1}; '/', '\\', '%', '?', '#' and control characters would change the request path.", (int)c, i));
                break;
            }
        }

        return errors.ToResult();
    }

    /// <summary>The documented limits of <c>ListTicketParamsWithPageV2</c> (§3).</summary>
    public static ValidationResult List(ListIncidentsRequest request)
    {
        var errors = new ValidationErrorList();
        if (request.Page is < 1 or > ListIncidentsRequest.MaxPage)
        {
            errors.Add("page", ValidationRules.Range, Format("is {0}; it must be from 1 to {1}.", request.Page, ListIncidentsRequest.MaxPage));
        }

        if (request.PageSize is < 1 or > ListIncidentsRequest.MaxPageSize)
        {
            errors.Add("per_page", ValidationRules.Range, Format("is {0}; it must be from 1 to {1}.", request.PageSize, ListIncidentsRequest.MaxPageSize));
        }

        if (request.TicketTypes.Count > ListIncidentsRequest.MaxTicketTypes)
        {
            errors.Add("ticket_types", ValidationRules.MaxItems, Format("has {0} items; at most {1} are allowed.", request.TicketTypes.Count, ListIncidentsRequest.MaxTicketTypes));
        }

        var index = 0;
        foreach (var type in request.TicketTypes)
        {
            errors.RequiredString(Format("ticket_types[{0}]", index++), type, MaxTicketTypeLength);
        }

        Filters("string_filters", request.StringFilters, ref errors);
        Filters("int_filters", request.IntFilters, ref errors);
        if (request.Sort is { } sort)
        {
            errors.RequiredString("sort_filter.field", sort.Field, MaxFieldLength);
        }

        return errors.ToResult();
    }

    private static void Filters(string path, ICollection<IncidentFilter> filters, ref ValidationErrorList errors)
    {
        if (filters.Count > ListIncidentsRequest.MaxFilters)
        {
            errors.Add(path, ValidationRules.MaxItems, Format("has {0} filters; at most {1} are allowed.", filters.Count, ListIncidentsRequest.MaxFilters));
        }

        var index = 0;
        foreach (var filter in filters)
        {
            var at = Format("{0}[{1}]", path, index++);
            if (filter is null)
            {
                errors.Required(at);
                continue;
            }

            errors.RequiredString(at + ".field", filter.Field, MaxFieldLength);
            errors.RequiredString(at + ".operator", filter.Operator.Value, MaxOperatorLength);
            errors.EncodableText(at + ".name", filter.Name);
            if (filter.Values.Count is 0 or > IncidentFilter.MaxValues)
            {
                errors.Add(at + ".values", ValidationRules.MaxItems, Format("has {0} values; 1 to {1} are allowed.", filter.Values.Count, IncidentFilter.MaxValues));
            }

            for (var i = 0; i < filter.Values.Count; i++)
            {
                if (filter.Values[i] is null)
                {
                    errors.Required(Format("{0}.values[{1}]", at, i));
                }
                else
                {
                    errors.EncodableText(Format("{0}.values[{1}]", at, i), filter.Values[i]);
                }
            }
        }
    }

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
