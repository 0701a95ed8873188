using System.Text.Json.Nodes;
using IncidentSdk.Testing;

namespace IncidentSdk.Tests.Testing;

/// <summary>Raw HTTP to <see cref="FakeCocService"/> (no SDK client): exact bodies in and out, with any IAM token.</summary>
internal sealed class FakeCocWire(FakeCocService fake) : IDisposable
{
    /// <summary>A create body that COC accepts: the required fields and one owner.</summary>
    public const string CreateBody = """{"incident_level":"level_50","is_service_interrupt":false,"incident_type":"inc_type_p_security_issues","incident_title":"t","incident_source":"incident_source_manual","creator":"c1","incident_assignee":["u1"]}""";

    private readonly HttpClient _http = new(fake);

    public async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(FakeCocService.Endpoint, path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.Remove("Content-Type");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json;charset=UTF-8");
        }

        request.Headers.TryAddWithoutValidation("X-Auth-Token", "any");
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<(HttpStatusCode Status, string Body)> CreateAsync(string body) => SendAsync(HttpMethod.Post, FakeCocService.CreatePath, body);

    /// <summary>Creates a ticket from <see cref="CreateBody"/> with <paramref name="overrides"/> merged in and returns its number.</summary>
    public async Task<string> CreateTicketAsync(string overrides = "{}")
    {
        var (status, body) = await CreateAsync(Merge(CreateBody, overrides));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonNode.Parse(body)!["data"]!["incident_num"]!.GetValue<string>();
    }

    public Task<(HttpStatusCode Status, string Body)> TasksAsync(string number) => SendAsync(HttpMethod.Get, FakeCocService.TicketPathPrefix + number + "/tasks", null);

    public Task<(HttpStatusCode Status, string Body)> ActAsync(string number, string body) => SendAsync(HttpMethod.Post, FakeCocService.TicketPathPrefix + number + "/actions", body);

    public Task<(HttpStatusCode Status, string Body)> HistoriesAsync(string number, string? body) => SendAsync(HttpMethod.Post, FakeCocService.TicketPathPrefix + number + "/histories", body);

    /// <summary>The task id the ticket's task offers now, or <see langword="null"/> when <c>data</c> is empty.</summary>
    public async Task<string?> TaskIdAsync(string number)
    {
        var (_, body) = await TasksAsync(number);
        var nodes = JsonNode.Parse(body)!["data"]!.AsArray();
        return nodes.Count == 0 ? null : nodes[0]!["operations"]![0]!["task_id"]!.GetValue<string>();
    }

    /// <summary>Takes <paramref name="action"/> on the ticket's current task.</summary>
    public async Task<(HttpStatusCode Status, string Body)> StepAsync(string number, string action, string? parameters = null)
    {
        var taskId = await TaskIdAsync(number);
        var body = "{\"task_id\":\"" + taskId + "\",\"action\":\"" + action + "\"" + (parameters is null ? string.Empty : ",\"params\":" + parameters) + "}";
        return await ActAsync(number, body);
    }

    /// <summary>The JSON object <paramref name="json"/> with the properties of <paramref name="overrides"/> set (a null removes the value).</summary>
    public static string Merge(string json, string overrides)
    {
        var target = JsonNode.Parse(json)!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(overrides)!.AsObject())
        {
            target[name] = value?.DeepClone();
        }

        return target.ToJsonString();
    }

    public void Dispose() => _http.Dispose();
}
