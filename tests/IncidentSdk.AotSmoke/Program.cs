// Drives both clients, directly and through dependency injection, against canned in-process answers, so that a
// native AOT publish compiles every path an app uses (signing, JSON source generation, options bound from
// configuration, resilience).
using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Authentication;
using IncidentSdk.Coc;
using IncidentSdk.JsonRpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

var coc = new IncidentClientOptions
{
    Endpoint = new Uri("https://coc.aot.invalid"),
    Credentials = new AkSkCredentials("AOTSMOKEACCESSKEY000", "aot-smoke-secret"),
};
using (var client = new IncidentClient(new HttpClient(new Canned(_ => """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null}""")), coc))
{
    var accepted = await client.AcceptAsync("IM202403221515060171753781", "7da46971b7e24eed90cf777cc2ff8b91");
    var solved = await client.CommitSolutionAsync("IM202403221515060171753781", "7da46971b7e24eed90cf777cc2ff8b91", new SolutionParameter(IncidentCategory.ConfigIssues, false, "cause", "solution"));
    Console.WriteLine($"COC accept {accepted.ErrorCode}, solve {solved.ErrorCode}");
}

// The Zabbix client is bound from configuration, so the publish also compiles the generated configuration binder.
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Zabbix:Url"] = "https://zabbix.aot.invalid/api_jsonrpc.php",
    ["Zabbix:ApiToken"] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    ["Zabbix:ServerVersion"] = "7.0.22",
    ["Zabbix:Resilience:TotalTimeout"] = "00:02:00",
    ["Zabbix:Resilience:CircuitBreaker:BreakDuration"] = "00:00:21",
}).Build();
var services = new ServiceCollection();
services.AddJsonRpcEventClient(configuration.GetSection("Zabbix")).ConfigurePrimaryHttpMessageHandler(() => new Canned(body => body.Contains("\"event.acknowledge\"", StringComparison.Ordinal)
    ? """{"jsonrpc":"2.0","result":{"eventids":["101","102"]},"id":1}"""
    : """{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found.","data":""},"id":1}"""));
await using (var provider = services.BuildServiceProvider())
{
    var bound = provider.GetRequiredService<IOptions<JsonRpcEventClientOptions>>().Value.Resilience;
    Console.WriteLine($"Zabbix options bound: total timeout {bound.TotalTimeout}, break duration {bound.CircuitBreaker.BreakDuration}");
    if (bound.TotalTimeout != TimeSpan.FromMinutes(2) || bound.CircuitBreaker.BreakDuration != TimeSpan.FromSeconds(21))
    {
        return 1;
    }

    var zabbix = provider.GetRequiredService<JsonRpcEventClient>();
    var result = await zabbix.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["101", "102"], "seen by the AOT smoke test"));
    Console.WriteLine($"Zabbix acknowledged {string.Join(",", result.EventIds)}");
    if (result.EventIds.Count != 2)
    {
        return 1;
    }
}

return 0;

/// <summary>Answers every request with the body <paramref name="answer"/> picks from the request body, echoing JSON-RPC id 1.</summary>
internal sealed class Canned(Func<string, string> answer) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var id = body.Contains("\"id\":", StringComparison.Ordinal) ? body[(body.IndexOf("\"id\":", StringComparison.Ordinal) + 5)..].Split(',', '}')[0] : "1";
        var text = answer(body).Replace("\"id\":1}", "\"id\":" + id + "}", StringComparison.Ordinal);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
    }
}
