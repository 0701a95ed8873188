using IncidentSdk.Authentication;

namespace IncidentSdk.Tests.Support;

/// <summary>Builds clients over MockHttp with fast, deterministic settings.</summary>
internal static class CocTest
{
    public const string Endpoint = "https://coc.example.test";
    public const string HandleUrl = Endpoint + "/v1/external/incident/handle";
    public const string AccessKey = "TESTAKTESTAKTESTAK01";
    public const string SecretKey = "test-secret-key-do-not-log-0123456789";
    public const string IncidentNumber = "IM202403221515060171753781";
    public const string Operator = "7da46971b7e24eed90cf777cc2ff8b91";

    public static readonly DateTimeOffset SigningTime = new(2024, 3, 22, 7, 15, 6, TimeSpan.Zero);

    public static IncidentClientOptions Options(Action<IncidentClientOptions>? configure = null)
    {
        var options = new IncidentClientOptions
        {
            Endpoint = new Uri(Endpoint),
            Credentials = new AkSkCredentials(AccessKey, SecretKey),
            TimeProvider = new ManualTimeProvider(SigningTime),
        };
        options.Resilience.BaseDelay = TimeSpan.Zero;
        options.Resilience.UseJitter = false;
        configure?.Invoke(options);
        return options;
    }

    public static IncidentClient Client(MockHttpMessageHandler mock, Action<IncidentClientOptions>? configure = null) =>
        new(mock.ToHttpClient(), Options(configure));

    public static IncidentClient Client(HttpMessageHandler transport, Action<IncidentClientOptions>? configure = null) =>
        new(new HttpClient(transport), Options(configure));

    public static KeyValuePair<string, string>[] Headers(params (string Name, string Value)[] headers)
    {
        var result = new KeyValuePair<string, string>[headers.Length];
        for (var i = 0; i < headers.Length; i++)
        {
            result[i] = new KeyValuePair<string, string>(headers[i].Name, headers[i].Value);
        }

        return result;
    }
}
