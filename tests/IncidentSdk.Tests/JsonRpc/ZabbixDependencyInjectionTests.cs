using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IncidentSdk.Tests.JsonRpc;

public class ZabbixDependencyInjectionTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Zabbix:Url"] = "https://zabbix.example.test/",
        ["Zabbix:Username"] = "Admin",
        ["Zabbix:Password"] = ZabbixTest.Password,
        ["Zabbix:ServerVersion"] = "6.0.14",
        ["Zabbix:Resilience:BaseDelay"] = "00:00:00",
        ["Zabbix:Resilience:MaxRetries"] = "1",
    };

    [Test]
    public void Options_bind_from_configuration()
    {
        using var provider = Build(new MockHttpMessageHandler());

        var options = provider.GetRequiredService<IOptions<JsonRpcEventClientOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(options.ResolveApiUrl().AbsoluteUri, Is.EqualTo(ZabbixTest.Url));
            Assert.That(options.Username, Is.EqualTo("Admin"));
            Assert.That(options.Password, Is.EqualTo(ZabbixTest.Password));
            Assert.That(options.ServerVersion, Is.EqualTo("6.0.14"));
            Assert.That(options.Resilience.MaxRetries, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Resolved_clients_share_one_session_and_retry_through_the_pipeline()
    {
        using var mock = new MockHttpMessageHandler();
        var login = mock.Rpc("user.login", expect: true).Result($"\"{ZabbixTest.Session}\"");
        mock.Rpc("event.acknowledge", expect: true).Respond(HttpStatusCode.ServiceUnavailable);
        mock.Rpc("event.acknowledge", expect: true).Result("""{"eventids":[1]}""");
        mock.Rpc("event.acknowledge", expect: true).Result("""{"eventids":[2]}""");
        using var provider = Build(mock);

        var first = await provider.GetRequiredService<JsonRpcEventClient>().AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"]));
        var second = await provider.GetRequiredService<JsonRpcEventClient>().AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["2"]));

        mock.VerifyNoOutstandingExpectation();
        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(login), Is.EqualTo(1));
            Assert.That(first.EventIds, Is.EqualTo(new[] { "1" }));
            Assert.That(second.EventIds, Is.EqualTo(new[] { "2" }));
        });
    }

    [Test]
    public void Invalid_options_fail_at_resolution_with_what_to_fix()
    {
        var services = new ServiceCollection();
        services.AddJsonRpcEventClient(o => o.Url = new Uri("https://z.example/"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<JsonRpcEventClient>());

        Assert.That(error!.Failures, Is.EqualTo(new[] { "Set ApiToken (Zabbix 5.4+), or Username and Password." }));
    }

    [Test]
    public void Invalid_settings_from_a_section_name_the_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Zabbix:Url"] = "https://z.example/",
            ["Zabbix:ServerVersion"] = "seven",
            ["Zabbix:Resilience:BaseDelay"] = "-00:00:01",
        }).Build();
        var services = new ServiceCollection();
        services.AddJsonRpcEventClient(configuration.GetSection("Zabbix"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<JsonRpcEventClient>());

        Assert.That(error!.Failures, Has.All.StartWith("Zabbix:"));
        Assert.That(error.Failures, Has.Member("Zabbix: Set ApiToken (Zabbix 5.4+), or Username and Password."));
        Assert.That(error.Failures, Has.Some.StartWith("Zabbix:ServerVersion 'seven' is not a version"));
        Assert.That(error.Failures, Has.Some.StartWith("Zabbix:Resilience:BaseDelay"));
    }

    private static ServiceProvider Build(MockHttpMessageHandler primary)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var services = new ServiceCollection();
        services.AddJsonRpcEventClient(configuration.GetSection("Zabbix")).ConfigurePrimaryHttpMessageHandler(() => primary);
        return services.BuildServiceProvider();
    }
}
