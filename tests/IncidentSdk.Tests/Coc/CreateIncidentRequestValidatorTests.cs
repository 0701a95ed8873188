using IncidentSdk.Validation;

namespace IncidentSdk.Tests.Coc;

/// <summary><see cref="CreateIncidentRequestValidator"/> at every documented limit of <c>CreateExternalIncidentRequest</c> (§1).</summary>
public class CreateIncidentRequestValidatorTests
{
    private const string User = "25819b46251b46218bf6ad238ddd860c";

    private static CreateIncidentRequest Valid() => new("DB down", IncidentLevel.P3, IncidentCategory.ConfigIssues, "incident_source_alarm", User) { Assignee = User, Marker = "marker01" };

    private static IEnumerable<(string Path, string Rule)> Errors(CreateIncidentRequest request) =>
        CreateIncidentRequestValidator.Validate(request).Errors.Select(e => (e.Path, e.Rule));

    [Test]
    public void A_request_with_every_field_at_its_limit_is_valid()
    {
        var request = new CreateIncidentRequest(new string('t', 200), new IncidentLevel(new string('l', 255)), new IncidentCategory(new string('c', 255)), new string('s', 255), new string('u', 255))
        {
            AssigneeScene = new string('a', 255),
            AssigneeRole = new string('r', 255),
            Region = new string('g', 255),
            EnterpriseProject = new string('e', 255),
            Application = new string('p', 255),
            Ownership = new string('o', 50),
            StartTime = DateTimeOffset.FromUnixTimeMilliseconds(CreateIncidentRequest.MaxStartTimeMilliseconds),
            Marker = new string('m', 64),
            Description = new string('d', 600 - 64 - "\n[ref:]".Length),
        };

        Assert.That(CreateIncidentRequestValidator.Validate(request).Errors, Is.Empty);
    }

    [TestCase("incident_title", 201)]
    [TestCase("incident_source", 256)]
    [TestCase("creator", 256)]
    [TestCase("incident_level", 256)]
    [TestCase("incident_type", 256)]
    [TestCase("incident_assignee", 256)]
    [TestCase("region", 256)]
    [TestCase("enterprise_project", 256)]
    [TestCase("current_cloud_service", 256)]
    [TestCase("incident_ownership", 51)]
    public void One_unit_past_a_length_limit_is_refused_naming_the_field(string field, int length)
    {
        var request = Valid();
        var value = new string('x', length);
        switch (field)
        {
            case "incident_title": request.Title = value; break;
            case "incident_source": request.Source = value; break;
            case "creator": request.Creator = value; break;
            case "incident_level": request.Level = new IncidentLevel(value); break;
            case "incident_type": request.Category = new IncidentCategory(value); break;
            case "incident_assignee": request.Assignee = value; break;
            case "region": request.Region = value; break;
            case "enterprise_project": request.EnterpriseProject = value; break;
            case "current_cloud_service": request.Application = value; break;
            default: request.Ownership = value; break;
        }

        Assert.That(Errors(request), Is.EqualTo(new[] { (field, ValidationRules.MaxLength) }));
    }

    [Test]
    public void The_description_counts_the_reference_line_and_a_made_marker_counts_as_37()
    {
        var atLimit = Valid();
        atLimit.Marker = null;
        atLimit.Description = new string('d', 600 - 37 - "\n[ref:]".Length);
        var over = Valid();
        over.Marker = null;
        over.Description = atLimit.Description + "d";

        Assert.Multiple(() =>
        {
            Assert.That(Errors(atLimit), Is.Empty);
            Assert.That(Errors(over), Is.EqualTo(new[] { ("incident_description", ValidationRules.MaxLength) }));
            Assert.That(CreateIncidentRequestValidator.Validate(over).Errors[0].Message, Does.Contain("601 UTF-16 code units long with the reference line the client appends (44 of them)"));
        });
    }

    [TestCase(null, null, null, "incident_assignee", "required")]
    [TestCase("u", "s", null, "incident_assignee", "exclusive")]
    [TestCase("u", null, "r", "incident_assignee", "exclusive")]
    [TestCase(null, "s", null, "assignee_role", "required")]
    [TestCase(null, null, "r", "assignee_scene", "required")]
    public void The_owner_is_one_user_or_a_scene_with_its_role(string? assignee, string? scene, string? role, string path, string rule)
    {
        var request = Valid();
        request.Assignee = assignee;
        request.AssigneeScene = scene;
        request.AssigneeRole = role;

        Assert.That(Errors(request), Is.EqualTo(new[] { (path, rule) }));
    }

    [Test]
    public void A_scene_with_its_role_and_no_user_is_valid()
    {
        var request = Valid();
        request.Assignee = null;
        request.AssigneeScene = "scene";
        request.AssigneeRole = "role";

        Assert.That(Errors(request), Is.Empty);
    }

    [TestCase("", "required")]
    [TestCase("   ", "required")]
    public void Required_text_cannot_be_empty_or_blank(string value, string rule)
    {
        var request = new CreateIncidentRequest(value, new IncidentLevel(value), new IncidentCategory(value), value, value) { Assignee = User };

        Assert.That(Errors(request), Is.EquivalentTo(new[] { ("incident_level", rule), ("incident_type", rule), ("incident_title", rule), ("incident_source", rule), ("creator", rule) }));
    }

    [Test]
    public void Default_level_and_category_are_required()
    {
        var request = new CreateIncidentRequest("t", default, default, "s", "c") { Assignee = User };

        Assert.That(Errors(request), Is.EqualTo(new[] { ("incident_level", "required"), ("incident_type", "required") }));
    }

    [TestCase("short7x", "max-length")]
    [TestCase("12345678", null)]
    [TestCase("a.b_c:d-e", null)]
    [TestCase("has space", "format")]
    [TestCase("zabbix/event", "format")]
    [TestCase("évènement", "format")]
    [TestCase("marker]x[", "format")]
    public void Markers_are_8_to_64_plain_characters(string marker, string? rule)
    {
        var request = Valid();
        request.Marker = marker;

        Assert.That(Errors(request), rule is null ? Is.Empty : Is.EqualTo(new[] { ("marker", rule) }));
    }

    [Test]
    public void A_65_character_marker_is_refused()
    {
        var request = Valid();
        request.Marker = new string('m', 65);

        Assert.That(Errors(request), Is.EqualTo(new[] { ("marker", "max-length") }));
    }

    [TestCase(-1L, "range")]
    [TestCase(0L, null)]
    [TestCase(9_999_999_999_999L, null)]
    [TestCase(10_000_000_000_000L, "range")]
    public void The_start_time_is_0_to_9999999999999_milliseconds(long milliseconds, string? rule)
    {
        var request = Valid();
        request.StartTime = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

        Assert.That(Errors(request), rule is null ? Is.Empty : Is.EqualTo(new[] { ("start_time", rule) }));
    }

    [Test]
    public void An_unpaired_surrogate_in_the_description_is_refused()
    {
        var request = Valid();
        request.Description = "a\uD800b";

        Assert.That(Errors(request), Is.EqualTo(new[] { ("incident_description", "format") }));
    }

    [Test]
    public void The_client_refuses_an_invalid_request_before_sending()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.When("*").With(log.Capture).Respond(HttpStatusCode.OK);
        using var client = CocTest.Client(mock);
        var request = Valid();
        request.Title = new string('t', 201);

        var error = Assert.ThrowsAsync<RequestValidationException>(() => client.CreateIncidentAsync(request));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Errors.Select(e => e.Path), Is.EqualTo(new[] { "incident_title" }));
            Assert.That(log.Requests, Is.Empty);
        });
    }
}
