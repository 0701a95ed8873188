using IncidentSdk.DependencyInjection;
using IncidentSdk.Http;
using Microsoft.Extensions.Configuration;

namespace IncidentSdk.Tests.Configuration;

/// <summary>Every key the README and the <c>Add...Client(IConfiguration)</c> docs list binds to its option.</summary>
public class ConfigurationKeysTests
{
    private static readonly Dictionary<string, string?> ResilienceKeys = new()
    {
        ["Resilience:MaxRetries"] = "5",
        ["Resilience:BaseDelay"] = "00:00:00.250",
        ["Resilience:MaxDelay"] = "00:00:04",
        ["Resilience:UseJitter"] = "false",
        ["Resilience:MaxRetryAfter"] = "00:00:07",
        ["Resilience:AttemptTimeout"] = "00:00:09",
        ["Resilience:TotalTimeout"] = "00:01:10",
        ["Resilience:CircuitBreaker:Enabled"] = "false",
        ["Resilience:CircuitBreaker:FailureRatio"] = "0.25",
        ["Resilience:CircuitBreaker:MinimumThroughput"] = "20",
        ["Resilience:CircuitBreaker:SamplingDuration"] = "00:01:00",
        ["Resilience:CircuitBreaker:BreakDuration"] = "00:00:45",
    };

    [Test]
    public void Every_coc_key_binds()
    {
        var options = new IncidentClientOptions();

        IncidentClientOptionsBinder.Bind(Section(new()
        {
            ["Endpoint"] = "https://coc.example.test/",
            ["Region"] = "eu-west-101",
            ["AccessKey"] = "AK1",
            ["SecretKey"] = "SK1",
            ["ProjectId"] = "project-1",
            ["DomainId"] = "domain-1",
            ["SecurityToken"] = "security-token",
            ["AuthToken"] = "iam-token",
            ["MaxResponseBodyBytes"] = "4096",
            ["AllowInsecureHttp"] = "true",
        }), options);

        Assert.Multiple(() =>
        {
            Assert.That(options.Endpoint, Is.EqualTo(new Uri("https://coc.example.test/")));
            Assert.That(options.Region, Is.EqualTo("eu-west-101"));
            Assert.That(options.Credentials!.AccessKey, Is.EqualTo("AK1"));
            Assert.That(options.Credentials.SecretKey, Is.EqualTo("SK1"));
            Assert.That(options.Credentials.ProjectId, Is.EqualTo("project-1"));
            Assert.That(options.Credentials.DomainId, Is.EqualTo("domain-1"));
            Assert.That(options.Credentials.SecurityToken, Is.EqualTo("security-token"));
            Assert.That(options.AuthToken, Is.EqualTo("iam-token"));
            Assert.That(options.MaxResponseBodyBytes, Is.EqualTo(4096));
            Assert.That(options.AllowInsecureHttp, Is.True);
        });
    }

    [Test]
    public void Every_zabbix_key_binds()
    {
        var options = new JsonRpcEventClientOptions();

        JsonRpcEventClientOptionsBinder.Bind(Section(new()
        {
            ["Url"] = "https://zabbix.example.test/zabbix/",
            ["ApiToken"] = "api-token",
            ["Username"] = "Admin",
            ["Password"] = "zabbix",
            ["ServerVersion"] = "7.0.22",
            ["LogoutOnDispose"] = "false",
            ["MaxResponseBodyBytes"] = "4096",
            ["AllowInsecureHttp"] = "true",
        }), options);

        Assert.Multiple(() =>
        {
            Assert.That(options.Url, Is.EqualTo(new Uri("https://zabbix.example.test/zabbix/")));
            Assert.That(options.ApiToken, Is.EqualTo("api-token"));
            Assert.That(options.Username, Is.EqualTo("Admin"));
            Assert.That(options.Password, Is.EqualTo("zabbix"));
            Assert.That(options.ServerVersion, Is.EqualTo("7.0.22"));
            Assert.That(options.LogoutOnDispose, Is.False);
            Assert.That(options.MaxResponseBodyBytes, Is.EqualTo(4096));
            Assert.That(options.AllowInsecureHttp, Is.True);
        });
    }

    [TestCase("Coc")]
    [TestCase("Zabbix")]
    public void Every_resilience_and_circuit_breaker_key_binds(string service)
    {
        var resilience = Bind(service, ResilienceKeys);

        Assert.Multiple(() =>
        {
            Assert.That(resilience.MaxRetries, Is.EqualTo(5));
            Assert.That(resilience.BaseDelay, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
            Assert.That(resilience.MaxDelay, Is.EqualTo(TimeSpan.FromSeconds(4)));
            Assert.That(resilience.UseJitter, Is.False);
            Assert.That(resilience.MaxRetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(resilience.AttemptTimeout, Is.EqualTo(TimeSpan.FromSeconds(9)));
            Assert.That(resilience.TotalTimeout, Is.EqualTo(TimeSpan.FromSeconds(70)));
            Assert.That(resilience.CircuitBreaker.Enabled, Is.False);
            Assert.That(resilience.CircuitBreaker.FailureRatio, Is.EqualTo(0.25));
            Assert.That(resilience.CircuitBreaker.MinimumThroughput, Is.EqualTo(20));
            Assert.That(resilience.CircuitBreaker.SamplingDuration, Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(resilience.CircuitBreaker.BreakDuration, Is.EqualTo(TimeSpan.FromSeconds(45)));
        });
    }

    [TestCase("Coc")]
    [TestCase("Zabbix")]
    public void Empty_keys_keep_the_options_values(string service)
    {
        var empty = ResilienceKeys.ToDictionary(pair => pair.Key, _ => (string?)string.Empty);
        var defaults = new ResilienceOptions();

        var resilience = Bind(service, empty);

        Assert.Multiple(() =>
        {
            Assert.That(resilience.MaxRetries, Is.EqualTo(defaults.MaxRetries));
            Assert.That(resilience.TotalTimeout, Is.EqualTo(defaults.TotalTimeout));
            Assert.That(resilience.UseJitter, Is.EqualTo(defaults.UseJitter));
            Assert.That(resilience.CircuitBreaker.FailureRatio, Is.EqualTo(defaults.CircuitBreaker.FailureRatio));
            Assert.That(resilience.CircuitBreaker.BreakDuration, Is.EqualTo(defaults.CircuitBreaker.BreakDuration));
        });
    }

    [TestCase("Coc")]
    [TestCase("Zabbix")]
    public void A_number_of_only_spaces_is_refused_naming_its_key(string service)
    {
        // Only empty values are skipped (as the 9.0+ binders do); the hand-written reader of before also skipped blank ones.
        var error = Assert.Throws<InvalidOperationException>(() => Bind(service, new() { ["Resilience:MaxRetries"] = "  " }));

        Assert.That(error!.Message, Does.Contain("at 'Resilience:MaxRetries'"));
    }

    private static ResilienceOptions Bind(string service, Dictionary<string, string?> values)
    {
        if (service == "Coc")
        {
            var coc = new IncidentClientOptions();
            IncidentClientOptionsBinder.Bind(Section(values), coc);
            return coc.Resilience;
        }

        var zabbix = new JsonRpcEventClientOptions();
        JsonRpcEventClientOptionsBinder.Bind(Section(values), zabbix);
        return zabbix.Resilience;
    }

    private static IConfiguration Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
