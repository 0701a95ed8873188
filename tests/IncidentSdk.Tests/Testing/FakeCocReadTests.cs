using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using IncidentSdk.Authentication;
using IncidentSdk.Coc;
using IncidentSdk.Testing;
using IncidentSdk.Tests.Support;
using NUnit.Framework;

namespace IncidentSdk.Tests.Testing;

/// <summary>The ticket reads of <see cref="FakeCocService"/>, through the real <see cref="IncidentClient"/> and on the raw wire.</summary>
public class FakeCocReadTests
{
    private static readonly AkSkCredentials Credentials = new(CocTest.AccessKey, CocTest.SecretKey);
    private static readonly DateTimeOffset Created = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task The_detail_reports_the_tickets_fields_and_its_state_as_a_status_key()
    {
        var (fake, client) = Create();
        fake.AddTicket(new FakeTicket("IM1")
        {
            Title = "数据库连接失败",
            Description = "pool exhausted",
            Level = "level_20",
            Category = "inc_type_p_config_issues",
            Source = "incident_source_alarm",
            IsServiceInterrupted = true,
            Creator = "c1",
            Assignees = ["u1"],
            CreateTime = Created,
            StartTime = Created.AddMinutes(-5),
        });

        var ticket = await client.GetIncidentAsync("IM1");

        Assert.Multiple(() =>
        {
            Assert.That((ticket.Number, ticket.Title, ticket.Description), Is.EqualTo(("IM1", "数据库连接失败", "pool exhausted")));
            Assert.That((ticket.Level, ticket.Status, ticket.Category), Is.EqualTo(((IncidentLevel?)IncidentLevel.P2, (IncidentStatus?)IncidentStatus.Triggered, (IncidentCategory?)IncidentCategory.ConfigIssues)));
            Assert.That((ticket.Source, ticket.IsServiceInterrupted, ticket.Creator), Is.EqualTo(("incident_source_alarm", (bool?)true, "c1")));
            Assert.That(ticket.Assignees, Is.EqualTo(new[] { "u1" }));
            Assert.That((ticket.CreateTime, ticket.StartTime, ticket.HandleTime), Is.EqualTo(((DateTimeOffset?)Created, (DateTimeOffset?)Created.AddMinutes(-5), (DateTimeOffset?)null)));
            Assert.That(fake.Requests.Single().Method, Is.EqualTo("GET"));
            Assert.That(fake.Requests.Single().Path, Is.EqualTo("/v1/external/incident/IM1"));
            Assert.That(fake.Requests.Single().IncidentNumber, Is.EqualTo("IM1"));
        });
    }

    [Test]
    public async Task Actions_show_in_the_detail_status_and_the_handle_time_comes_from_the_fakes_clock()
    {
        var clock = new ManualTimeProvider(CocTest.SigningTime);
        var (fake, client) = Create(clock);
        fake.AddTicket("IM1");
        await client.AcceptAsync("IM1", CocTest.Operator);
        var accepted = await client.GetIncidentAsync("IM1");
        await client.CommitSolutionAsync("IM1", CocTest.Operator, new SolutionParameter(IncidentCategory.ConfigIssues, false, "c", "s"));
        var solved = await client.GetIncidentAsync("IM1");
        await client.ConfirmAsync("IM1", CocTest.Operator, new VerificationParameter(true, "ok"));
        var confirmed = await client.GetIncidentAsync("IM1");

        Assert.Multiple(() =>
        {
            Assert.That(new[] { accepted.Status, solved.Status, confirmed.Status }, Is.EqualTo(new IncidentStatus?[] { IncidentStatus.Acknowledged, IncidentStatus.Resolved, IncidentStatus.Completed }));
            Assert.That((accepted.HandleTime, solved.HandleTime), Is.EqualTo(((DateTimeOffset?)null, (DateTimeOffset?)CocTest.SigningTime)));
            Assert.That(confirmed.Title, Is.EqualTo("Incident IM1"));
            Assert.That(confirmed.CreateTime, Is.EqualTo(CocTest.SigningTime));
            Assert.That(fake.GetTicket("IM1")!.UpdateTime, Is.EqualTo(CocTest.SigningTime));
            Assert.That(fake.GetTicket("IM1")!.State, Is.EqualTo(FakeTicketState.Confirmed));
        });
    }

    [Test]
    public async Task An_unknown_ticket_is_HTTP_400_with_COC_00067003_and_the_client_maps_it_to_not_found()
    {
        var (fake, client) = Create();

        var error = Assert.ThrowsAsync<ResourceNotFoundException>(() => client.GetIncidentAsync("IM404"));
        using var raw = new HttpClient(new FakeCocService(), disposeHandler: true);
        using var message = new HttpRequestMessage(HttpMethod.Get, FakeCocService.Endpoint + "v1/external/incident/IM404");
        message.Headers.TryAddWithoutValidation("X-Auth-Token", "any");
        using var response = await raw.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(FakeCocService.NotFoundCode));
            Assert.That(error.StatusCode, Is.EqualTo(400));
            Assert.That(fake.Requests.Single().ErrorCode, Is.EqualTo("COC.00067003"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body, Is.EqualTo("""{"error_code":"COC.00067003","error_msg":"The incident IM404 does not exist","provider_code":"049","data":null}"""));
        });
    }

    [Test]
    public async Task Escaped_numbers_are_found_and_the_signature_over_the_escaped_path_is_accepted()
    {
        var (fake, client) = Create();
        fake.AddTicket("IM 1+é");

        var ticket = await client.GetIncidentAsync("IM 1+é");

        Assert.Multiple(() =>
        {
            Assert.That(ticket.Number, Is.EqualTo("IM 1+é"));
            Assert.That(fake.Requests.Single().Path, Is.EqualTo("/v1/external/incident/IM%201%2B%C3%A9"));
        });
    }

    [Test]
    public async Task Other_methods_and_deeper_paths_are_the_gateways_404()
    {
        var fake = new FakeCocService();
        using var raw = new HttpClient(fake);
        var codes = new List<HttpStatusCode>();
        foreach (var (method, path) in new[] { (HttpMethod.Post, "v1/external/incident/IM1"), (HttpMethod.Get, "v1/external/incident/IM1/x"), (HttpMethod.Get, "v2/incidents/list"), (HttpMethod.Get, "v1/external/incident/") })
        {
            using var message = new HttpRequestMessage(method, FakeCocService.Endpoint + path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            message.Headers.TryAddWithoutValidation("X-Auth-Token", "any");
            using var response = await raw.SendAsync(message);
            codes.Add(response.StatusCode);
        }

        Assert.Multiple(() =>
        {
            Assert.That(codes, Is.All.EqualTo(HttpStatusCode.NotFound));
            Assert.That(fake.Requests.Select(r => r.ErrorCode), Is.All.EqualTo("APIG.0101"));
        });
    }

    [Test]
    public async Task The_list_filters_sorts_pages_and_counts_the_total()
    {
        var (fake, client) = Create();
        for (var i = 1; i <= 7; i++)
        {
            fake.AddTicket(new FakeTicket("IM" + i) { Title = i % 2 == 0 ? "db " + i : "net " + i, Level = i <= 3 ? "level_10" : "level_30", CreateTime = Created.AddHours(i) });
        }

        var request = new ListIncidentsRequest { PageSize = 2, Sort = new IncidentSort("create_time", descending: true) };
        request.StringFilters.Add(IncidentFilter.AtOrAfter("create_time", Created.AddHours(2)));
        request.StringFilters.Add(IncidentFilter.AtOrBefore("create_time", Created.AddHours(7)));
        request.StringFilters.Add(new IncidentFilter("level_id", FilterOperator.NotEqualTo, ["level_50"]));
        var page2 = await client.ListIncidentsPageAsync(new ListIncidentsRequest { Page = 2, PageSize = 2, Sort = request.Sort });
        var all = new List<string>();
        await foreach (var ticket in client.ListIncidentsAsync(request))
        {
            all.Add(ticket.Number);
        }

        var likeDb = new ListIncidentsRequest();
        likeDb.StringFilters.Add(new IncidentFilter("title", FilterOperator.StartWith, ["db"]));
        likeDb.StringFilters.Add(IncidentFilter.In("level_id", ["level_10"]));
        var dbPage = await client.ListIncidentsPageAsync(likeDb);

        Assert.Multiple(() =>
        {
            Assert.That(page2.Tickets.Select(t => t.Number), Is.EqualTo(new[] { "IM5", "IM4" }));
            Assert.That((page2.Total, page2.HasMore), Is.EqualTo(((long?)7, true)));
            Assert.That(all, Is.EqualTo(new[] { "IM7", "IM6", "IM5", "IM4", "IM3", "IM2" }));
            Assert.That(fake.Requests.Count(r => r.Path == FakeCocService.ListPath), Is.EqualTo(5), "one page, then three pages of 2 for 6 matches, then one");
            Assert.That(dbPage.Tickets.Select(t => t.Number), Is.EqualTo(new[] { "IM2" }));
            Assert.That(dbPage.Tickets.Single().Status, Is.EqualTo(IncidentStatus.Triggered));
            Assert.That(dbPage.Tickets.Single().CreateTime, Is.EqualTo(Created.AddHours(2)));
        });
    }

    [TestCase("""{"per_page":201}""", "per_page")]
    [TestCase("""{"page":0}""", "page")]
    [TestCase("""{"string_filters":[{"field":"nope","operator":"=","values":["1"]}]}""", "string_filters.field")]
    [TestCase("""{"string_filters":[{"field":"title","operator":"~","values":["1"]}]}""", "string_filters.operator")]
    [TestCase("""{"int_filters":[{"field":"create_time","operator":"=","values":[]}]}""", "int_filters.values")]
    [TestCase("""{"sort_filter":{"field":"title","operator":"up","values":["title"]}}""", "sort_filter.operator")]
    [TestCase("""{"condition":"a & b"}""", "condition")]
    public async Task The_list_refuses_what_COC_documents_as_invalid_with_GOM_00007256(string body, string field)
    {
        var fake = new FakeCocService();
        using var raw = new HttpClient(fake);
        using var message = new HttpRequestMessage(HttpMethod.Post, FakeCocService.Endpoint + "v2/incidents/list") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        message.Headers.TryAddWithoutValidation("X-Auth-Token", "any");

        using var response = await raw.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(text, Does.Contain("\"error_code\":\"GOM.00007256\"").And.Contain(field));
        });
    }

    [Test]
    public async Task A_list_without_a_body_is_the_first_10_with_the_total_and_contain_all_returns_every_ticket()
    {
        var fake = new FakeCocService();
        for (var i = 1; i <= 12; i++)
        {
            fake.AddTicket("IM" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture));
        }

        using var raw = new HttpClient(fake);
        var empty = await PostAsync(raw, null);
        var all = await PostAsync(raw, """{"contain_all":true,"contain_total":false}""");
        var other = await PostAsync(raw, """{"ticket_types":["issues_mgmt"]}""");

        Assert.Multiple(() =>
        {
            Assert.That(System.Text.Json.JsonDocument.Parse(empty).RootElement.GetProperty("data").GetProperty("tickets").GetArrayLength(), Is.EqualTo(10));
            Assert.That(System.Text.Json.JsonDocument.Parse(empty).RootElement.GetProperty("data").GetProperty("total").GetInt32(), Is.EqualTo(12));
            Assert.That(System.Text.Json.JsonDocument.Parse(all).RootElement.GetProperty("data").GetProperty("tickets").GetArrayLength(), Is.EqualTo(12));
            Assert.That(System.Text.Json.JsonDocument.Parse(all).RootElement.GetProperty("data").TryGetProperty("total", out _), Is.False);
            Assert.That(System.Text.Json.JsonDocument.Parse(other).RootElement.GetProperty("data").GetProperty("total").GetInt32(), Is.Zero);
            Assert.That(empty, Does.StartWith("""{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{"tickets":[{"ticket_id":"IM01","title":"Incident IM01","level_id":"level_50","mtm_type":"inc_type_p_function_issues","source_id":"incident_source_manual","is_service_interrupt":false,"work_flow_status":"INCIDENT_STATUS_TRIGGERED","create_time":"""));
        });
    }

    [Test]
    public async Task An_injected_failure_on_a_read_is_retried_by_the_client()
    {
        var (fake, client) = Create();
        fake.AddTicket("IM1");
        fake.Failures.RespondNext(HttpStatusCode.BadGateway, "bad gateway", contentType: "text/plain");

        var ticket = await client.GetIncidentAsync("IM1");

        Assert.Multiple(() =>
        {
            Assert.That(ticket.Number, Is.EqualTo("IM1"));
            Assert.That(fake.Requests.Select(r => r.StatusCode), Is.EqualTo(new[] { 502, 200 }));
        });
    }

    private static async Task<string> PostAsync(HttpClient raw, string? body)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, FakeCocService.Endpoint + "v2/incidents/list");
        if (body is not null)
        {
            message.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        message.Headers.TryAddWithoutValidation("X-Auth-Token", "any");
        using var response = await raw.SendAsync(message);
        return await response.Content.ReadAsStringAsync();
    }

    private static (FakeCocService Fake, IncidentClient Client) Create(TimeProvider? clock = null)
    {
        clock ??= new ManualTimeProvider(CocTest.SigningTime);
        var fake = new FakeCocService(Credentials, clock);
        return (fake, new IncidentClient(new HttpClient(fake), CocTest.Options(o => o.Endpoint = FakeCocService.Endpoint)));
    }
}
