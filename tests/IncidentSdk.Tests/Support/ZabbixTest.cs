using System.Text.Json.Nodes;

namespace IncidentSdk.Tests.Support;

/// <summary>Builds Zabbix clients over MockHttp and answers JSON-RPC calls by method, echoing the request id.</summary>
internal static class ZabbixTest
{
    public const string Url = "https://zabbix.example.test/api_jsonrpc.php";
    public const string Token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    public const string Password = "zabbix-password-secret";
    public const string Session = "5c1d3c1ab8d5e1f2a3b4c5d6e7f80910";

    public static JsonRpcEventClientOptions Options(string? version = "7.0.0", Action<JsonRpcEventClientOptions>? configure = null)
    {
        var options = new JsonRpcEventClientOptions { Url = new Uri(Url), ApiToken = Token, ServerVersion = version };
        options.Resilience.BaseDelay = TimeSpan.Zero;
        options.Resilience.UseJitter = false;
        configure?.Invoke(options);
        return options;
    }

    public static JsonRpcEventClient Client(MockHttpMessageHandler mock, string? version = "7.0.0", Action<JsonRpcEventClientOptions>? configure = null) =>
        new(mock.ToHttpClient(), Options(version, configure));

    /// <summary>Matches requests whose JSON-RPC method is <paramref name="method"/>.</summary>
    public static MockedRequest Rpc(this MockHttpMessageHandler mock, string method, bool expect = false)
    {
        var request = expect ? mock.Expect(HttpMethod.Post, Url) : mock.When(HttpMethod.Post, Url);
        return request.With(r => Body(r)["method"]?.GetValue<string>() == method);
    }

    /// <summary>Answers with <c>{"jsonrpc":"2.0","result":…,"id":&lt;the request's id&gt;}</c>.</summary>
    public static MockedRequest Result(this MockedRequest request, string resultJson) =>
        request.Respond(r => Json($$"""{"jsonrpc":"2.0","result":{{resultJson}},"id":{{Body(r)["id"]!.ToJsonString()}}}"""));

    /// <summary>Answers with a JSON-RPC error object (HTTP 200), echoing the id.</summary>
    public static MockedRequest Error(this MockedRequest request, int code, string message, string data) =>
        request.Respond(r => Json($$"""{"jsonrpc":"2.0","error":{"code":{{code}},"message":"{{message}}","data":"{{data}}"},"id":{{Body(r)["id"]!.ToJsonString()}}}"""));

    public static JsonObject Body(HttpRequestMessage request) =>
        JsonNode.Parse(request.Content!.ReadAsStringAsync().GetAwaiter().GetResult())!.AsObject();

    public static HttpResponseMessage Json(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
