using IncidentSdk.Testing;

namespace IncidentSdk.Tests.Testing;

/// <summary>Clients of a <see cref="FakeZabbixService"/>, for the tests of the fakes.</summary>
internal static class FakeZabbixClients
{
    /// <summary>Options for the fake's endpoint with retries that do not wait, then set further by <paramref name="configure"/>.</summary>
    public static JsonRpcEventClientOptions Options(Action<JsonRpcEventClientOptions> configure)
    {
        var options = new JsonRpcEventClientOptions { Url = FakeZabbixService.Endpoint };
        options.Resilience.BaseDelay = TimeSpan.Zero;
        options.Resilience.UseJitter = false;
        configure(options);
        return options;
    }

    /// <summary>A client of <paramref name="fake"/> that logs in as Admin with <paramref name="password"/>.</summary>
    public static JsonRpcEventClient AdminClient(FakeZabbixService fake, string password) =>
        new(new HttpClient(fake), Options(o =>
        {
            o.Username = "Admin";
            o.Password = password;
        }));
}
