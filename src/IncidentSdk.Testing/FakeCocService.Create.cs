using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.Text.Json;

namespace IncidentSdk.Testing;

// The create API (POST /v1/external/incident/create): COC's checks of the body (coc-incident-lifecycle.md §1), then a new ticket.
public sealed partial class FakeCocService
{
    private const int MaxTitleLength = 200;
    private const int MaxDescriptionLength = 600;
    private const int MaxOwnershipLength = 50;
    private const long MaxStartTime = 9_999_999_999_999;
    private const int TicketSequenceModulus = 10_000_000;

    private int _createSequence;

    /// <summary>
    /// Checks the body as COC documents it (lengths in UTF-16 code units, as COC's Java service counts them); the
    /// required strings must not be empty (the fake's choice: the schema allows length 0, the docs call them required).
    /// </summary>
    private Answer CreateTicket(JsonElement root)
    {
        string? level = null, category = null, title = null, source = null, creator = null;
        string? description = null, scene = null, role = null, ownership = null;
        IReadOnlyList<string> regions = [], projects = [], services = [], assignees = [];
        var interrupted = false;
        long? startTime = null;
        var bad = Text(root, "incident_level", 1, MaxFieldLength, required: true, ref level)
            ?? Interruption(root, ref interrupted)
            ?? Text(root, "incident_type", 1, MaxFieldLength, required: true, ref category)
            ?? Text(root, "incident_title", 1, MaxTitleLength, required: true, ref title)
            ?? Text(root, "incident_source", 1, MaxFieldLength, required: true, ref source)
            ?? Text(root, "creator", 1, MaxFieldLength, required: true, ref creator)
            ?? TextList(root, "region", ref regions)
            ?? TextList(root, "enterprise_project", ref projects)
            ?? TextList(root, "current_cloud_service", ref services)
            ?? TextList(root, "incident_assignee", ref assignees)
            ?? Text(root, "incident_description", 0, MaxDescriptionLength, required: false, ref description)
            ?? Text(root, "assignee_scene", 0, MaxFieldLength, required: false, ref scene)
            ?? Text(root, "assignee_role", 0, MaxFieldLength, required: false, ref role)
            ?? Text(root, "incident_ownership", 1, MaxOwnershipLength, required: false, ref ownership)
            ?? StartTime(root, ref startTime)
            ?? Assignment(assignees, scene, role);
        if (bad is not null)
        {
            return bad;
        }

        string number;
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            var stamp = now.UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
            do
            {
                // "IM" + 24 digits like COC's numbers: the fake's clock to the millisecond, then a 7-digit sequence.
                _createSequence = (_createSequence + 1) % TicketSequenceModulus;
                number = "IM" + stamp + _createSequence.ToString("D7", CultureInfo.InvariantCulture);
            }
            while (_tickets.ContainsKey(number));

            _tickets[number] = new FakeTicket(number)
            {
                State = FakeTicketState.Triggered,
                Title = title,
                Description = description,
                Level = level!,
                Category = category!,
                Source = source!,
                IsServiceInterrupted = interrupted,
                Creator = creator,
                Assignees = [.. NonEmpty(assignees)],
                AssigneeScene = string.IsNullOrEmpty(scene) ? null : scene,
                AssigneeRole = string.IsNullOrEmpty(role) ? null : role,
                Regions = regions,
                EnterpriseProjects = projects,
                CloudServices = services,
                Ownership = ownership,
                CreateTime = now,
                UpdateTime = now,
                StartTime = startTime is { } ms ? System.DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            };
            NewNode(number, FakeTicketState.Triggered, now);
            Record(number, "create_incident", creator!, FakeTicketState.Triggered, null, now);
        }

        return Success(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("incident_num", number);
            writer.WriteEndObject();
        });
    }

    private static Answer? Text(JsonElement root, string name, int minLength, int maxLength, bool required, ref string? value)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return required ? InvalidField(name, null) : null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return InvalidField(name, element.GetRawText());
        }

        var text = element.GetString()!;
        if (text.Length < minLength || text.Length > maxLength)
        {
            return InvalidField(name, text);
        }

        value = text;
        return null;
    }

    /// <summary>
    /// <c>is_service_interrupt</c>: a JSON boolean as the docs and Terraform send it; the strings <c>"true"</c> and
    /// <c>"false"</c> are accepted too, since the schema types it as a string (§1, [UNCERTAIN] there).
    /// </summary>
    private static Answer? Interruption(JsonElement root, ref bool value)
    {
        const string Name = "is_service_interrupt";
        if (!root.TryGetProperty(Name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return InvalidField(Name, null);
        }

        if (BooleanValue(element) is not { } flag)
        {
            return InvalidField(Name, element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText());
        }

        value = flag;
        return null;
    }

    /// <summary>A JSON boolean, or the string <c>"true"</c> or <c>"false"</c>; anything else is <see langword="null"/>.</summary>
    private static bool? BooleanValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when element.GetString() == "true" => true,
        JsonValueKind.String when element.GetString() == "false" => false,
        _ => null,
    };

    /// <summary>An optional array of at most one string of at most 255 characters (COC supports only one item, §1).</summary>
    private static Answer? TextList(JsonElement root, string name, ref IReadOnlyList<string> value)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() > 1)
        {
            return InvalidField(name, element.GetRawText());
        }

        var items = new List<string>();
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString()!.Length > MaxFieldLength)
            {
                return InvalidField(name, item.ValueKind == JsonValueKind.String ? item.GetString() : item.GetRawText());
            }

            items.Add(item.GetString()!);
        }

        value = items;
        return null;
    }

    private static Answer? StartTime(JsonElement root, ref long? value)
    {
        const string Name = "start_time";
        if (!root.TryGetProperty(Name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var ms) || ms < 0 || ms > MaxStartTime)
        {
            return InvalidField(Name, element.GetRawText());
        }

        value = ms;
        return null;
    }

    /// <summary>
    /// Exactly one owner: <c>incident_assignee</c> (one non-empty id) or <c>assignee_scene</c> with <c>assignee_role</c>
    /// (both non-empty); the refusal names the field that is missing or too many (Huawei's Terraform docs for
    /// <c>huaweicloud_coc_incident</c>, §1).
    /// </summary>
    private static Answer? Assignment(IReadOnlyList<string> assignees, string? scene, string? role)
    {
        var hasAssignee = NonEmpty(assignees).Count > 0;
        var hasScene = !string.IsNullOrEmpty(scene);
        var hasRole = !string.IsNullOrEmpty(role);
        if (hasAssignee)
        {
            return hasScene ? InvalidField("assignee_scene", scene) : hasRole ? InvalidField("assignee_role", role) : null;
        }

        return (hasScene, hasRole) switch
        {
            (true, true) => null,
            (true, false) => InvalidField("assignee_role", role),
            (false, true) => InvalidField("assignee_scene", scene),
            _ => InvalidField("incident_assignee", null),
        };
    }

    private static List<string> NonEmpty(IReadOnlyList<string> items) => items.Where(i => i.Length > 0).ToList();
}
