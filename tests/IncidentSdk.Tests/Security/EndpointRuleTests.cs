using IncidentSdk.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace IncidentSdk.Tests.Security;

/// <summary>
/// The same endpoint rules for both clients: no user info, no query, no fragment, and no plain HTTP off this machine
/// unless <c>AllowInsecureHttp</c> is set. No message, and no property of a client, shows the user info.
/// </summary>
[TestFixture("Coc")]
[TestFixture("Zabbix")]
public sealed class EndpointRuleTests(string service)
{
    private const string UserInfoSecret = "hunter2-in-the-url";

    /// <summary>The options property that holds the endpoint.</summary>
    private string Field => service == "Coc" ? "Endpoint" : "Url";

    [TestCase("https://admin:" + UserInfoSecret + "@api.example.test/zabbix/")]
    [TestCase("https://" + UserInfoSecret + "@api.example.test/zabbix/")]
    [TestCase("https://admin:" + UserInfoSecret + "@127.0.0.1:8443/")]
    public void User_info_is_refused_and_never_shown(string endpoint)
    {
        var problems = Validate(new Uri(endpoint));
        var error = Assert.Throws<ArgumentException>(() => Build(new Uri(endpoint)));

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Count.EqualTo(1));
            Assert.That(problems[0], Does.StartWith(Field + " '").And.Contain("user name or password"));
            Assert.That(error!.Message, Does.Contain("user name or password"));
        });
        Hidden(problems[0], error!.ToString());
    }

    [TestCase("https://api.example.test/zabbix/?token=" + UserInfoSecret, "query")]
    [TestCase("https://api.example.test/zabbix/api_jsonrpc.php?" + UserInfoSecret, "query")]
    [TestCase("https://api.example.test/zabbix/?", "query")]
    [TestCase("https://api.example.test/zabbix/#" + UserInfoSecret, "fragment")]
    [TestCase("https://api.example.test/zabbix/#", "fragment")]
    public void A_query_or_fragment_is_refused(string endpoint, string part)
    {
        var problems = Validate(new Uri(endpoint));

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Count.EqualTo(1));
            Assert.That(problems[0], Does.StartWith($"{Field} 'https://api.example.test/zabbix/").And.Contain("query or fragment"), part);
            Assert.Throws<ArgumentException>(() => Build(new Uri(endpoint)));
        });
        Hidden(problems[0]);
    }

    [TestCase("http://api.example.test/zabbix/", false, false)]
    [TestCase("http://api.example.test/zabbix/", true, true)]
    [TestCase("http://10.0.0.5/zabbix/", false, false)]
    [TestCase("http://127.0.0.1:8080/zabbix/", false, true)]
    [TestCase("http://[::1]:8080/zabbix/", false, true)]
    [TestCase("http://localhost:8080/zabbix/", false, true)]
    [TestCase("https://api.example.test/zabbix/", false, true)]
    public void Plain_http_is_refused_off_this_machine_unless_allowed(string endpoint, bool allow, bool usable)
    {
        var problems = Validate(new Uri(endpoint), allow);

        Assert.That(problems, usable ? Is.Empty : Is.EqualTo(new[]
        {
            $"{Field} '{endpoint}' is plain HTTP, so credentials would cross the network unencrypted; use https, or set AllowInsecureHttp on a network you trust.",
        }));
        if (usable)
        {
            Assert.DoesNotThrow(() => Build(new Uri(endpoint), allow));
        }
        else
        {
            Assert.Throws<ArgumentException>(() => Build(new Uri(endpoint), allow));
        }
    }

    [Test]
    public void Every_broken_rule_is_listed_without_the_user_info()
    {
        var problems = Validate(new Uri($"http://admin:{UserInfoSecret}@api.example.test/zabbix/?a=1#b"));

        Assert.That(problems, Is.EqualTo(new[]
        {
            $"{Field} 'http://api.example.test/zabbix/' carries a user name or password; remove them from the URI and set the client's credentials instead.",
            $"{Field} 'http://api.example.test/zabbix/' has a query or fragment; give only scheme, host, port and an optional base path.",
            $"{Field} 'http://api.example.test/zabbix/' is plain HTTP, so credentials would cross the network unencrypted; use https, or set AllowInsecureHttp on a network you trust.",
        }));
    }

    [Test]
    public void AllowInsecureHttp_is_bound_from_configuration()
    {
        var section = Section(new Dictionary<string, string?>
        {
            ["Url"] = "http://api.example.test/zabbix/",
            ["Endpoint"] = "http://api.example.test/zabbix/",
            ["AllowInsecureHttp"] = "true",
        });

        var problems = service == "Coc" ? BindCoc(section).Validate() : BindZabbix(section).Validate();

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void A_configured_endpoint_that_does_not_parse_is_reported_without_its_value()
    {
        var key = service == "Coc" ? "Endpoint" : "Url";
        var section = Section(new Dictionary<string, string?> { [key] = $"https://admin:{UserInfoSecret}@api.example.test:notaport/" });

        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            if (service == "Coc")
            {
                BindCoc(section);
            }
            else
            {
                BindZabbix(section);
            }
        });

        Assert.That(error!.Message, Does.Contain($"'{key}'").And.Contain("absolute URI"));
        Hidden(error.Message);
    }

    private static void Hidden(params string[] texts)
    {
        foreach (var text in texts)
        {
            Assert.That(text, Does.Not.Contain(UserInfoSecret).And.Not.Contain("admin"));
        }
    }

    private static IConfiguration Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static IncidentClientOptions BindCoc(IConfiguration section)
    {
        var options = new IncidentClientOptions { AuthToken = "token" };
        IncidentClientOptionsBinder.Bind(section, options);
        return options;
    }

    private static JsonRpcEventClientOptions BindZabbix(IConfiguration section)
    {
        var options = new JsonRpcEventClientOptions { ApiToken = ZabbixTest.Token };
        JsonRpcEventClientOptionsBinder.Bind(section, options);
        return options;
    }

    private IReadOnlyList<string> Validate(Uri endpoint, bool allowInsecureHttp = false) => service == "Coc"
        ? CocTest.Options(o => { o.Endpoint = endpoint; o.AllowInsecureHttp = allowInsecureHttp; }).Validate()
        : ZabbixTest.Options(configure: o => { o.Url = endpoint; o.AllowInsecureHttp = allowInsecureHttp; }).Validate();

    /// <summary>Builds a client; for Zabbix also resolves the API URL on its own, which must apply the same rules.</summary>
    private void Build(Uri endpoint, bool allowInsecureHttp = false)
    {
        if (service == "Coc")
        {
            using var client = new IncidentClient(CocTest.Options(o => { o.Endpoint = endpoint; o.AllowInsecureHttp = allowInsecureHttp; }));
            Assert.That(client.HandleUri.UserInfo, Is.Empty);
        }
        else
        {
            var options = ZabbixTest.Options(configure: o => { o.Url = endpoint; o.AllowInsecureHttp = allowInsecureHttp; });
            using var client = new JsonRpcEventClient(options);
            Assert.That(client.ApiUrl.UserInfo, Is.Empty);
        }
    }
}

/// <summary><see cref="JsonRpcEventClientOptions.ResolveApiUrl"/> is public, so it applies the endpoint rules on its own.</summary>
public sealed class ZabbixApiUrlRuleTests
{
    [TestCase("https://admin:hunter2-in-the-url@api.example.test/zabbix/")]
    [TestCase("https://api.example.test/zabbix/?hunter2-in-the-url")]
    [TestCase("http://api.example.test/zabbix/#hunter2-in-the-url")]
    public void Resolving_the_api_url_refuses_what_the_client_would_refuse(string url)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new JsonRpcEventClientOptions { Url = new Uri(url) }.ResolveApiUrl());

        Assert.That(error!.Message, Does.StartWith("Url 'http").And.Not.Contain("hunter2-in-the-url").And.Not.Contain("admin"));
    }

    [Test]
    public void An_allowed_plain_http_url_resolves()
    {
        var options = new JsonRpcEventClientOptions { Url = new Uri("http://api.example.test/zabbix/"), AllowInsecureHttp = true };

        Assert.That(options.ResolveApiUrl().AbsoluteUri, Is.EqualTo("http://api.example.test/zabbix/api_jsonrpc.php"));
    }
}
