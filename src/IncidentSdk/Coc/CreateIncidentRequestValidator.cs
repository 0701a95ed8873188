using System;
using System.Globalization;
using IncidentSdk.Validation;

namespace IncidentSdk.Coc;

/// <summary>
/// Checks a <see cref="CreateIncidentRequest"/> against every limit COC documents for
/// <c>CreateExternalIncidentRequest</c> (coc-incident-lifecycle.md §1), without any I/O. <see cref="IncidentClient"/>
/// runs it before sending; paths are the JSON names.
/// </summary>
public static class CreateIncidentRequestValidator
{
    /// <summary>Validates a request and reports every broken rule at once.</summary>
    /// <param name="request">The request to check.</param>
    /// <returns>The result; <see cref="ValidationResult.IsValid"/> is <see langword="true"/> when nothing is wrong.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public static ValidationResult Validate(CreateIncidentRequest request)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var errors = new ValidationErrorList();
        errors.RequiredString("incident_level", request.Level.Value, CreateIncidentRequest.MaxFieldLength);
        errors.RequiredString("incident_type", request.Category.Value, CreateIncidentRequest.MaxFieldLength);
        errors.RequiredString("incident_title", request.Title, CreateIncidentRequest.MaxTitleLength);
        errors.RequiredString("incident_source", request.Source, CreateIncidentRequest.MaxFieldLength);
        errors.RequiredString("creator", request.Creator, CreateIncidentRequest.MaxFieldLength);
        Optional("incident_assignee", request.Assignee, CreateIncidentRequest.MaxFieldLength, ref errors);
        Optional("assignee_scene", request.AssigneeScene, CreateIncidentRequest.MaxFieldLength, ref errors);
        Optional("assignee_role", request.AssigneeRole, CreateIncidentRequest.MaxFieldLength, ref errors);
        Optional("region", request.Region, CreateIncidentRequest.MaxFieldLength, ref errors);
        Optional("enterprise_project", request.EnterpriseProject, CreateIncidentRequest.MaxFieldLength, ref errors);
        Optional("current_cloud_service", request.Application, CreateIncidentRequest.MaxFieldLength, ref errors);
        Optional("incident_ownership", request.Ownership, CreateIncidentRequest.MaxOwnershipLength, ref errors);
        Owner(request, ref errors);
        MarkerRules(request.Marker, ref errors);
        if (!errors.HasError("marker"))
        {
            // The reference line counts against the description's 600 (§1); a random marker is as long as the longest.
            var description = IncidentMarker.Describe(request.Description, request.Marker ?? new string('x', IncidentMarker.GeneratedLength));
            if (description.Length > CreateIncidentRequest.MaxDescriptionLength)
            {
                errors.Add(
                    "incident_description",
                    ValidationRules.MaxLength,
                    string.Format(
                        CultureInfo.InvariantCulture,
                        "is {0} UTF-16 code units long with the reference line the client appends ({1} of them); at most {2} are allowed.",
                        description.Length,
                        description.Length - (request.Description?.Length ?? 0),
                        CreateIncidentRequest.MaxDescriptionLength));
            }

            errors.EncodableText("incident_description", request.Description);
        }

        if (request.StartTime is { } start && start.ToUnixTimeMilliseconds() is var ms && ms is < 0 or > CreateIncidentRequest.MaxStartTimeMilliseconds)
        {
            errors.Add("start_time", ValidationRules.Range, string.Format(CultureInfo.InvariantCulture, "is {0} ms after 1970-01-01T00:00:00Z; it must be from 0 to {1}.", ms, CreateIncidentRequest.MaxStartTimeMilliseconds));
        }

        return errors.ToResult();
    }

    // §1 and Terraform's resource docs: the owner is one user, or a scheduling scene with its role; never both, never neither.
    private static void Owner(CreateIncidentRequest request, ref ValidationErrorList errors)
    {
        var user = request.Assignee is not null;
        var scene = request.AssigneeScene is not null;
        var role = request.AssigneeRole is not null;
        if (user && (scene || role))
        {
            errors.Add("incident_assignee", ValidationRules.Exclusive, "cannot be given with assignee_scene or assignee_role; give the owner or the scene and role.");
        }
        else if (!user && !scene && !role)
        {
            errors.Add("incident_assignee", ValidationRules.Required, "or assignee_scene with assignee_role is required: COC needs an owner.");
        }
        else if (scene != role)
        {
            errors.Add(scene ? "assignee_role" : "assignee_scene", ValidationRules.Required, "is required with " + (scene ? "assignee_scene" : "assignee_role") + "; the two are given together.");
        }
    }

    private static void Optional(string path, string? value, int maxLength, ref ValidationErrorList errors)
    {
        if (value is not null)
        {
            errors.RequiredString(path, value, maxLength);
        }
    }

    internal static void MarkerRules(string? marker, ref ValidationErrorList errors)
    {
        if (marker is null)
        {
            return;
        }

        if (marker.Length is < CreateIncidentRequest.MinMarkerLength or > CreateIncidentRequest.MaxMarkerLength)
        {
            errors.Add("marker", ValidationRules.MaxLength, string.Format(CultureInfo.InvariantCulture, "is {0} characters long; it must be {1} to {2}.", marker.Length, CreateIncidentRequest.MinMarkerLength, CreateIncidentRequest.MaxMarkerLength));
            return;
        }

        for (var i = 0; i < marker.Length; i++)
        {
            var c = marker[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c is '.' or '_' or ':' or '-'))
            {
                errors.Add("marker", ValidationRules.Format, string.Format(CultureInfo.InvariantCulture, "has U+{0:X4} at index {1}; only ASCII letters, digits, '.', '_', ':' and '-' are allowed.", (int)c, i));
                return;
            }
        }
    }
}
