using IncidentSdk.FaultTests.Coc;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentSdk.FaultTests.Support;

/// <summary>How a test builds a client: from options (the SDK's own pool), through DI, or over an app's HttpClient that follows redirects.</summary>
public enum ClientPath
{
    Constructor,
    DependencyInjection,
    AppHttpClient,
}

/// <summary>Clients of both kinds with the fault suite's settings (2 retries, 50-200 ms backoff, no jitter, 1 s attempts, 2 s budget).</summary>
internal static class EdgeClients
{
    public const string IamToken = "fault-test-iam-token-0123456789abcdef";

    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(2);

    public static void Coc(IncidentClientOptions options, Uri endpoint, bool akSk)
    {
        options.Endpoint = endpoint;
        if (akSk)
        {
            options.Credentials = new Authentication.AkSkCredentials(CocFaultTests.Credentials.AccessKey, CocFaultTests.SecretKey)
            {
                SecurityToken = CocFaultTests.Credentials.SecurityToken,
                ProjectId = "fault-test-project-id",
            };
        }
        else
        {
            options.AuthToken = IamToken;
        }

        Common(options.Resilience);
        options.Logging.LoggerFactory = SecretAudit.Factory;
    }

    public static void Zabbix(JsonRpcEventClientOptions options, Uri baseAddress, string version, bool password)
    {
        options.Url = new Uri(baseAddress, "api_jsonrpc.php");
        options.ServerVersion = version;
        if (password)
        {
            options.Username = FakeZabbix.Username;
            options.Password = FakeZabbix.Password;
        }
        else
        {
            options.ApiToken = FakeZabbix.ApiToken;
        }

        Common(options.Resilience);
        options.Logging.LoggerFactory = SecretAudit.Factory;
    }

    /// <summary>An app's client that follows redirects, as HttpClient does by default.</summary>
    public static HttpClient FollowingHttpClient() => new(new SocketsHttpHandler { AllowAutoRedirect = true }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    /// <summary>Builds a COC client on <paramref name="path"/>; the returned disposable releases whatever it built.</summary>
    public static (IncidentClient Client, IDisposable Owner) CocClient(ClientPath path, Action<IncidentClientOptions> configure) =>
        Build(path, configure, o => new IncidentClient(o), (http, o) => new IncidentClient(http, o), services => services.AddIncidentClient(configure));

    /// <summary>Builds a Zabbix client on <paramref name="path"/>; the returned disposable releases whatever it built.</summary>
    public static (JsonRpcEventClient Client, IDisposable Owner) ZabbixClient(ClientPath path, Action<JsonRpcEventClientOptions> configure) =>
        Build(path, configure, o => new JsonRpcEventClient(o), (http, o) => new JsonRpcEventClient(http, o), services => services.AddJsonRpcEventClient(configure));

    private static (TClient Client, IDisposable Owner) Build<TOptions, TClient>(
        ClientPath path,
        Action<TOptions> configure,
        Func<TOptions, TClient> fromOptions,
        Func<HttpClient, TOptions, TClient> overHttpClient,
        Action<IServiceCollection> register)
        where TOptions : new()
        where TClient : class, IDisposable
    {
        if (path == ClientPath.DependencyInjection)
        {
            var services = new ServiceCollection();
            register(services);
            var provider = services.BuildServiceProvider();
            return (provider.GetRequiredService<TClient>(), provider);
        }

        var options = new TOptions();
        configure(options);
        if (path == ClientPath.Constructor)
        {
            var client = fromOptions(options);
            return (client, client);
        }

        var http = FollowingHttpClient();
        return (overHttpClient(http, options), http);
    }

    /// <summary>The fault suite's resilience settings: 2 retries, 50-200 ms backoff, no jitter, <see cref="AttemptTimeout"/>, <see cref="TotalTimeout"/>.</summary>
    public static void Common(Http.ResilienceOptions resilience)
    {
        resilience.MaxRetries = 2;
        resilience.BaseDelay = TimeSpan.FromMilliseconds(50);
        resilience.MaxDelay = TimeSpan.FromMilliseconds(200);
        resilience.UseJitter = false;
        resilience.AttemptTimeout = AttemptTimeout;
        resilience.TotalTimeout = TotalTimeout;
    }
}
