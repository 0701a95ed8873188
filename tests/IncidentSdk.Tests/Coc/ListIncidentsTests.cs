using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Coc;
using IncidentSdk.Tests.Support;
using IncidentSdk.Validation;
using NUnit.Framework;
using RichardSzalay.MockHttp;

namespace IncidentSdk.Tests.Coc;

/// <summary>
/// <see cref="IncidentClient.ListIncidentsPageAsync"/> and <see cref="IncidentClient.ListIncidentsAsync"/>: the body on
/// the wire, the rows read from <c>data.tickets</c>, the paging loop and the documented limits.
/// </summary>
public class ListIncidentsTests
{
    private const string ListUrl = CocTest.Endpoint + "/v2/incidents/list";

    [Test]
    public async Task A_default_request_asks_for_page_1_of_100_incidents_with_the_total()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Expect(HttpMethod.Post, ListUrl).With(log.Capture).Respond("application/json", Page(0, 0));
        using var client = CocTest.Client(mock);

        var page = await client.ListIncidentsPageAsync(new ListIncidentsRequest());

        var sent = log.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(sent.Body), Is.EqualTo("""{"page":1,"per_page":100,"contain_total":true,"ticket_types":["incident"]}"""));
            Assert.That(sent.Header("Content-Type"), Is.EqualTo("application/json;charset=UTF-8"));
            Assert.That((page.Tickets.Count, page.Total, page.Page, page.PageSize, page.HasMore), Is.EqualTo((0, 0L, 1, 100, false)));
        });
        mock.VerifyNoOutstandingExpectation();
    }

    [Test]
    public async Task Filters_time_ranges_and_the_sort_go_out_as_ObjectFilterV2_with_the_direction_in_operator()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.When(HttpMethod.Post, ListUrl).With(log.Capture).Respond("application/json", Page(0, 0));
        using var client = CocTest.Client(mock);
        var request = new ListIncidentsRequest { Page = 3, PageSize = 200, Sort = new IncidentSort("create_time", descending: true) };
        request.StringFilters.Add(IncidentFilter.AtOrAfter("create_time", DateTimeOffset.FromUnixTimeMilliseconds(1742220680602)));
        request.StringFilters.Add(IncidentFilter.AtOrBefore("create_time", DateTimeOffset.FromUnixTimeMilliseconds(1742307080602)));
        request.StringFilters.Add(IncidentFilter.In("work_flow_status", [IncidentStatus.Triggered.Value!, IncidentStatus.Acknowledged.Value!]));
        request.StringFilters.Add(new IncidentFilter("title", FilterOperator.Like, ["数据库"]) { Name = "t" });
        request.IntFilters.Add(IncidentFilter.EqualTo("is_service_interrupt", "1"));
        request.TicketTypes.Clear();

        await client.ListIncidentsPageAsync(request);
        await client.ListIncidentsPageAsync(new ListIncidentsRequest { Sort = new IncidentSort("update_time", descending: false) });

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(log.Requests[0].Body), Is.EqualTo(
                """{"page":3,"per_page":200,"contain_total":true,"string_filters":[{"field":"create_time","operator":">=","values":["1742220680602"],"name":"create_time_start"},{"field":"create_time","operator":"<=","values":["1742307080602"],"name":"create_time_end"},{"field":"work_flow_status","operator":"in","values":["INCIDENT_STATUS_TRIGGERED","INCIDENT_STATUS_ACKNOWLEDGED"]},{"field":"title","operator":"like","values":["数据库"],"name":"t"}],"int_filters":[{"field":"is_service_interrupt","operator":"=","values":["1"]}],"sort_filter":{"field":"create_time","operator":"desc","values":["create_time"],"name":"create_time"}}"""));
            Assert.That(Encoding.UTF8.GetString(log.Requests[1].Body), Is.EqualTo(
                """{"page":1,"per_page":100,"contain_total":true,"ticket_types":["incident"],"sort_filter":{"field":"update_time","operator":"asc","values":["update_time"],"name":"update_time"}}"""));
        });
    }

    [Test]
    public async Task Rows_are_read_whether_COC_writes_numbers_and_booleans_as_JSON_or_as_strings()
    {
        // The APIDEF example row of §3: times and flags as JSON numbers and booleans, enterprise_project_id as 0.
        const string Body = """
            {"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{"total":"2","tickets":[
              {"ticket_id":"IM1","title":"a","description":"d","level_id":"level_10","work_flow_status":"INCIDENT_STATUS_TRIGGERED",
               "mtm_type":"inc_type_p_ohter_issues","source_id":"incident_source_alarm","is_service_interrupt":false,
               "enterprise_project_id":0,"mtm_region":"cn-north-4","current_cloud_service_id":"app1","assignee":"u1","creator":"c1",
               "operator":"o1","phase":"phase_incident_create","create_time":1742220680602,"update_time":"1742220690602",
               "start_time":"","handle_time":null,"incident_ownership":"incident_ownership_300","forward_rule_id":"r",
               "enum_data_list":[{"prop_id":"operator","biz_id":"o1","name_zh":"张三","name_en":"Zhang"}]},
              {"ticket_id":"IM2","is_service_interrupt":"true","assignee":["u1","u2"],"create_time":"1742220680603"}]}}
            """;
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond("application/json", Body);
        using var client = CocTest.Client(mock);

        var page = await client.ListIncidentsPageAsync(new ListIncidentsRequest { PageSize = 2 });

        var first = page.Tickets[0];
        var second = page.Tickets[1];
        Assert.Multiple(() =>
        {
            Assert.That(page.Total, Is.EqualTo(2));
            Assert.That(page.HasMore, Is.False);
            Assert.That((first.Number, first.Title, first.Description, first.Level, first.Status), Is.EqualTo(("IM1", "a", "d", (IncidentLevel?)IncidentLevel.P1, (IncidentStatus?)IncidentStatus.Triggered)));
            Assert.That((first.Category!.Value.Value, first.Source, first.IsServiceInterrupted), Is.EqualTo(("inc_type_p_ohter_issues", "incident_source_alarm", (bool?)false)));
            Assert.That(first.EnterpriseProjects, Is.EqualTo(new[] { "0" }));
            Assert.That((first.Regions.Single(), first.CloudServices.Single(), first.Assignees.Single()), Is.EqualTo(("cn-north-4", "app1", "u1")));
            Assert.That((first.Creator, first.LastOperator, first.Phase, first.Ownership), Is.EqualTo(("c1", "o1", "phase_incident_create", "incident_ownership_300")));
            Assert.That(first.CreateTime, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1742220680602)));
            Assert.That(first.UpdateTime, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1742220690602)));
            Assert.That((first.StartTime, first.HandleTime), Is.EqualTo(((DateTimeOffset?)null, (DateTimeOffset?)null)));
            Assert.That(first.EnumValues.Select(v => (v.Field, v.Key, v.NameZh, v.NameEn)), Is.EqualTo(new[] { ("operator", "o1", "张三", "Zhang") }));
            Assert.That(second.IsServiceInterrupted, Is.True);
            Assert.That(second.Assignees, Is.EqualTo(new[] { "u1", "u2" }));
            Assert.That(second.CreateTime, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1742220680603)));
        });
    }

    [TestCase("""{"total":1}""")]
    [TestCase("""{"tickets":{},"total":1}""")]
    [TestCase("""{"tickets":[null],"total":1}""")]
    [TestCase("""{"tickets":[],"total":"many"}""")]
    [TestCase("""{"tickets":[{"ticket_id":"IM1","create_time":"noon"}]}""")]
    [TestCase("""{"tickets":[{"ticket_id":"IM1","is_service_interrupt":"maybe"}]}""")]
    [TestCase("""{"tickets":[{"ticket_id":["IM1"]}]}""")]
    public void A_list_that_is_not_a_list_of_tickets_is_an_invalid_response(string data)
    {
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond("application/json", $$"""{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{{data}}}""");
        using var client = CocTest.Client(mock);

        var error = Assert.ThrowsAsync<InvalidResponseException>(() => client.ListIncidentsPageAsync(new ListIncidentsRequest()));

        Assert.That(error!.Error.Operation, Is.EqualTo("ListIncidents"));
    }

    [Test]
    public async Task Listing_reads_pages_until_the_reported_total()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Expect(HttpMethod.Post, ListUrl).With(log.Capture).Respond("application/json", Page(1, 5, 2));
        mock.Expect(HttpMethod.Post, ListUrl).With(log.Capture).Respond("application/json", Page(3, 5, 2));
        mock.Expect(HttpMethod.Post, ListUrl).With(log.Capture).Respond("application/json", Page(5, 5, 1));
        using var client = CocTest.Client(mock);

        var numbers = await Collect(client.ListIncidentsAsync(new ListIncidentsRequest { PageSize = 2 }));

        Assert.Multiple(() =>
        {
            Assert.That(numbers, Is.EqualTo(new[] { "IM1", "IM2", "IM3", "IM4", "IM5" }));
            Assert.That(log.Requests.Select(r => PageOf(r)), Is.EqualTo(new[] { 1, 2, 3 }));
        });
        mock.VerifyNoOutstandingExpectation();
    }

    [Test]
    public async Task Listing_stops_after_a_full_last_page_when_the_total_is_reached()
    {
        using var mock = new MockHttpMessageHandler();
        var pages = new[] { mock.Expect("*").Respond("application/json", Page(1, 4, 2)), mock.Expect("*").Respond("application/json", Page(3, 4, 2)) };
        var extra = mock.When("*").Respond("application/json", Page(0, 4, 0));
        using var client = CocTest.Client(mock);

        var numbers = await Collect(client.ListIncidentsAsync(new ListIncidentsRequest { PageSize = 2 }));

        Assert.Multiple(() =>
        {
            Assert.That(numbers, Has.Count.EqualTo(4));
            Assert.That(mock.GetMatchCount(extra), Is.Zero);
        });
    }

    [Test]
    public async Task Listing_without_a_total_stops_at_a_short_page_and_from_a_later_page_counts_what_it_skipped()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Expect("*").With(log.Capture).Respond("application/json", Page(1, null, 2));
        mock.Expect("*").With(log.Capture).Respond("application/json", Page(3, null, 1));
        mock.Expect("*").With(log.Capture).Respond("application/json", Page(3, 4, 2));
        using var client = CocTest.Client(mock);

        var withoutTotal = await Collect(client.ListIncidentsAsync(new ListIncidentsRequest { PageSize = 2 }));
        var fromPage2 = await Collect(client.ListIncidentsAsync(new ListIncidentsRequest { Page = 2, PageSize = 2 }));

        Assert.Multiple(() =>
        {
            Assert.That(withoutTotal, Is.EqualTo(new[] { "IM1", "IM2", "IM3" }));
            Assert.That(fromPage2, Is.EqualTo(new[] { "IM3", "IM4" }), "page 2 holds tickets 3 and 4 of 4, so it ends the listing");
            Assert.That(log.Requests.Select(r => PageOf(r)), Is.EqualTo(new[] { 1, 2, 2 }));
        });
    }

    [Test]
    public async Task An_empty_page_ends_the_listing_and_a_full_one_without_a_total_asks_for_the_next()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Expect("*").With(log.Capture).Respond("application/json", Page(1, null, 2));
        mock.Expect("*").With(log.Capture).Respond("application/json", Page(0, null, 0));
        using var client = CocTest.Client(mock);

        var numbers = await Collect(client.ListIncidentsAsync(new ListIncidentsRequest { PageSize = 2 }));

        Assert.Multiple(() =>
        {
            Assert.That(numbers, Is.EqualTo(new[] { "IM1", "IM2" }));
            Assert.That(log.Requests, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Changing_the_request_during_a_listing_does_not_change_the_pages_it_asks_for()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Expect("*").With(log.Capture).Respond("application/json", Page(1, 3, 2));
        mock.Expect("*").With(log.Capture).Respond("application/json", Page(3, 3, 1));
        using var client = CocTest.Client(mock);
        var request = new ListIncidentsRequest { PageSize = 2 };

        await foreach (var _ in client.ListIncidentsAsync(request))
        {
            request.PageSize = 7;
            request.StringFilters.Add(IncidentFilter.EqualTo("title", "x"));
        }

        Assert.That(log.Requests.Select(r => Encoding.UTF8.GetString(r.Body)), Is.EqualTo(new[]
        {
            """{"page":1,"per_page":2,"contain_total":true,"ticket_types":["incident"]}""",
            """{"page":2,"per_page":2,"contain_total":true,"ticket_types":["incident"]}""",
        }));
    }

    [Test]
    public async Task A_page_is_retried_after_a_502_because_listing_is_idempotent()
    {
        using var mock = new MockHttpMessageHandler();
        var failed = mock.Expect("*").Respond(HttpStatusCode.BadGateway);
        var answered = mock.Expect("*").Respond("application/json", Page(1, 1, 1));
        using var client = CocTest.Client(mock);

        var numbers = await Collect(client.ListIncidentsAsync());

        Assert.Multiple(() =>
        {
            Assert.That(numbers, Is.EqualTo(new[] { "IM1" }));
            Assert.That(mock.GetMatchCount(failed) + mock.GetMatchCount(answered), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Cancelling_between_pages_stops_the_listing_without_another_request()
    {
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond("application/json", Page(1, 10, 2));
        using var client = CocTest.Client(mock);
        using var cancellation = new CancellationTokenSource();
        var seen = new List<string>();

        Assert.ThrowsAsync<OperationCanceledException>(async () =>
        {
            await foreach (var ticket in client.ListIncidentsAsync(new ListIncidentsRequest { PageSize = 2 }).WithCancellation(cancellation.Token))
            {
                seen.Add(ticket.Number);
                await cancellation.CancelAsync();
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EqualTo(new[] { "IM1", "IM2" }));
            Assert.That(mock.GetMatchCount(any), Is.EqualTo(1));
        });
        await Task.CompletedTask;
    }

    /// <summary>Each case named by its path, rule and place in the list: stable from run to run, so runners find it again.</summary>
    private static IEnumerable<TestCaseData> Limits() =>
        LimitCases().Select((c, i) => new TestCaseData(c.Path, c.Rule, c.BreakIt).SetArgDisplayNames(c.Path + " " + c.Rule + " #" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static IEnumerable<(string Path, string Rule, Action<ListIncidentsRequest> BreakIt)> LimitCases()
    {
        yield return ("page", ValidationRules.Range, r => r.Page = 0);
        yield return ("page", ValidationRules.Range, r => r.Page = ListIncidentsRequest.MaxPage + 1);
        yield return ("per_page", ValidationRules.Range, r => r.PageSize = 0);
        yield return ("per_page", ValidationRules.Range, r => r.PageSize = 201);
        yield return ("ticket_types", ValidationRules.MaxItems, r => Add(r.TicketTypes, "t", 5));
        yield return ("ticket_types[1]", ValidationRules.Required, r => r.TicketTypes.Add(""));
        yield return ("ticket_types[1]", ValidationRules.MaxLength, r => r.TicketTypes.Add(new string('t', 101)));
        yield return ("string_filters", ValidationRules.MaxItems, r => Add(r.StringFilters, IncidentFilter.EqualTo("title", "x"), 21));
        yield return ("int_filters", ValidationRules.MaxItems, r => Add(r.IntFilters, IncidentFilter.EqualTo("n", "1"), 21));
        yield return ("string_filters[0].field", ValidationRules.Required, r => r.StringFilters.Add(IncidentFilter.EqualTo(" ", "x")));
        yield return ("string_filters[0].field", ValidationRules.MaxLength, r => r.StringFilters.Add(IncidentFilter.EqualTo(new string('f', 256), "x")));
        yield return ("string_filters[0].operator", ValidationRules.Required, r => r.StringFilters.Add(new IncidentFilter("title", default, ["x"])));
        yield return ("string_filters[0].operator", ValidationRules.MaxLength, r => r.StringFilters.Add(new IncidentFilter("title", new string('o', 21), ["x"])));
        yield return ("int_filters[0].values", ValidationRules.MaxItems, r => r.IntFilters.Add(new IncidentFilter("n", FilterOperator.In, [])));
        yield return ("int_filters[0].values", ValidationRules.MaxItems, r => r.IntFilters.Add(new IncidentFilter("n", FilterOperator.In, Enumerable.Repeat("1", 1025))));
        yield return ("string_filters[0].values[1]", ValidationRules.Required, r => r.StringFilters.Add(new IncidentFilter("title", FilterOperator.In, ["a", null!])));
        yield return ("string_filters[0]", ValidationRules.Required, r => r.StringFilters.Add(null!));
        yield return ("sort_filter.field", ValidationRules.Required, r => r.Sort = new IncidentSort("", descending: true));
    }

    [TestCaseSource(nameof(Limits))]
    public void A_request_past_a_documented_limit_is_refused_before_sending(string path, string rule, Action<ListIncidentsRequest> breakIt)
    {
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond("application/json", Page(0, 0));
        using var client = CocTest.Client(mock);
        var request = new ListIncidentsRequest();
        breakIt(request);

        var single = Assert.ThrowsAsync<RequestValidationException>(() => client.ListIncidentsPageAsync(request));
        var listing = Assert.ThrowsAsync<RequestValidationException>(async () => await Collect(client.ListIncidentsAsync(request)));

        Assert.Multiple(() =>
        {
            Assert.That(single!.Errors.Select(e => (e.Path, e.Rule)), Is.EqualTo(new[] { (path, rule) }));
            Assert.That(listing!.Errors.Select(e => (e.Path, e.Rule)), Is.EqualTo(new[] { (path, rule) }));
            Assert.That(mock.GetMatchCount(any), Is.Zero);
        });
    }

    [Test]
    public async Task The_largest_documented_values_are_sent()
    {
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond("application/json", Page(0, 0));
        using var client = CocTest.Client(mock);
        var request = new ListIncidentsRequest { Page = ListIncidentsRequest.MaxPage, PageSize = ListIncidentsRequest.MaxPageSize, Sort = new IncidentSort(new string('f', 255), false) };
        Add(request.TicketTypes, new string('t', 100), 4);
        Add(request.StringFilters, new IncidentFilter(new string('f', 255), new string('o', 20), Enumerable.Repeat("v", 1024)), 20);
        Add(request.IntFilters, IncidentFilter.EqualTo("n", "1"), 20);

        await client.ListIncidentsPageAsync(request);

        Assert.That(mock.GetMatchCount(any), Is.EqualTo(1));
    }

    private static void Add<T>(ICollection<T> list, T item, int times)
    {
        for (var i = 0; i < times; i++)
        {
            list.Add(item);
        }
    }

    private static async Task<List<string>> Collect(IAsyncEnumerable<IncidentTicket> tickets)
    {
        var numbers = new List<string>();
        await foreach (var ticket in tickets)
        {
            numbers.Add(ticket.Number);
        }

        return numbers;
    }

    private static int PageOf(CapturedRequest request) =>
        System.Text.Json.JsonDocument.Parse(request.Body).RootElement.GetProperty("page").GetInt32();

    /// <summary>A page of <paramref name="count"/> tickets numbered from <paramref name="first"/>, with a total when given.</summary>
    private static string Page(int first, long? total, int count = 0)
    {
        var rows = string.Join(",", Enumerable.Range(first, count).Select(n => $$"""{"ticket_id":"IM{{n}}","work_flow_status":"INCIDENT_STATUS_TRIGGERED"}"""));
        var totalMember = total is { } t ? $",\"total\":{t}" : string.Empty;
        return $$$"""{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{"tickets":[{{{rows}}}]{{{totalMember}}}}}""";
    }
}
