using IncidentSdk.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace IncidentSdk.Tests.Diagnostics;

/// <summary>What the clients log at each level, and that no secret reaches a log line even at Trace.</summary>
public sealed class LoggingTests
{
    private const string SecurityToken = "security-token-secret-0123456789";
    private const string IamToken = "MIIE-iam-token-secret-0123456789abcdef";

    private static readonly string[] Secrets = [CocTest.AccessKey, CocTest.SecretKey, SecurityToken, IamToken, ZabbixTest.Token, ZabbixTest.Password, ZabbixTest.Session];

    [Test]
    public async Task Coc_calls_log_summaries_at_debug_retries_at_information_and_failures_at_warning()
    {
        using var provider = new FakeLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        using var mock = new MockHttpMessageHandler();
        mock.Expect("*").Respond(HttpStatusCode.ServiceUnavailable);
        mock.Expect("*").Respond(_ => CocAnswer(HttpStatusCode.OK, CocBodies.Success, "req-ok"));
        mock.Expect("*").Respond(_ => CocAnswer(HttpStatusCode.BadRequest, CocBodies.InvalidParameter, "req-bad"));
        using var client = CocTest.Client(mock, o =>
        {
            o.Credentials = new AkSkCredentials(CocTest.AccessKey, CocTest.SecretKey) { SecurityToken = SecurityToken };
            o.Logging.LoggerFactory = factory;
        });

        await client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);
        Assert.ThrowsAsync<InvalidParameterException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        var records = provider.Collector.GetSnapshot();
        var sending = records.Where(r => r.Id.Id == 1).ToList();
        var retry = records.Single(r => r.Level == LogLevel.Information);
        var failure = records.Single(r => r.Level == LogLevel.Warning);
        Assert.Multiple(() =>
        {
            Assert.That(sending, Has.Count.EqualTo(3), "one Debug summary per attempt");
            Assert.That(sending.All(r => r.Level == LogLevel.Debug), Is.True);
            Assert.That(sending[0].Message, Does.StartWith("Sending POST " + CocTest.HandleUrl + " ("));
            Assert.That(sending[0].Message, Does.Contain("Authorization: [redacted]"));
            Assert.That(sending[0].Message, Does.Contain("X-Security-Token: [redacted]"));
            Assert.That(sending[0].Message, Does.Contain("X-Sdk-Date: 20240322T071506Z"), "allow-listed headers keep their value");
            Assert.That(records.Count(r => r.Id.Id == 2), Is.EqualTo(3), "one Debug summary per response");
            Assert.That(retry.Message, Is.EqualTo("Retrying acceptedIncident1 (attempt 2) in 0 ms after HTTP 503"));
            Assert.That(retry.Category, Is.EqualTo("IncidentSdk.Http"));
            Assert.That(failure.Category, Is.EqualTo("IncidentSdk.Coc.IncidentClient"));
            Assert.That(failure.Message, Is.EqualTo($"coc acceptedIncident1 for {CocTest.IncidentNumber} failed after 1 attempt(s): InvalidParameterException GOM.00007256 (request id req-bad)"));
            Assert.That(failure.Exception, Is.TypeOf<InvalidParameterException>());
        });
        AssertNoSecrets(records);
    }

    [Test]
    public async Task Zabbix_login_sessions_and_passwords_never_reach_a_log_line()
    {
        using var provider = new FakeLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("user.login").Result($"\"{ZabbixTest.Session}\"");
        mock.Rpc("event.acknowledge").Error(-32500, "Application error.", "No permissions to referred object or it does not exist!");
        await using var client = ZabbixTest.Client(mock, "7.0.0", o =>
        {
            o.ApiToken = null;
            o.Username = "Admin";
            o.Password = ZabbixTest.Password;
            o.Logging.LoggerFactory = factory;
        });

        var error = Assert.ThrowsAsync<ResourceNotFoundException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["101"], "seen")));

        var records = provider.Collector.GetSnapshot();
        Assert.Multiple(() =>
        {
            Assert.That(records.Any(r => r.Message.Contains("Authorization: [redacted]", StringComparison.Ordinal)), Is.True, "the Bearer session header is logged redacted");
            Assert.That(records.Single(r => r.Level == LogLevel.Warning).Message, Does.StartWith("zabbix event.acknowledge for 101 failed after 1 attempt(s): ResourceNotFoundException -32500"));
            Assert.That(error!.ToString(), Does.Not.Contain(ZabbixTest.Session));
        });
        AssertNoSecrets(records);
    }

    [Test]
    public async Task Through_dependency_injection_the_containers_loggers_are_used_and_the_factorys_raw_header_loggers_are_not()
    {
        using var provider = new FakeLoggerProvider();
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(_ => CocAnswer(HttpStatusCode.OK, CocBodies.Success, "req-ok"));
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        services.AddIncidentClient(o =>
        {
            o.Endpoint = new Uri(CocTest.Endpoint);
            o.Credentials = new AkSkCredentials(CocTest.AccessKey, CocTest.SecretKey) { SecurityToken = SecurityToken };
        }).ConfigurePrimaryHttpMessageHandler(() => mock);
        await using var container = services.BuildServiceProvider();

        await container.GetRequiredService<IncidentSdk.Coc.IncidentClient>().AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        var records = provider.Collector.GetSnapshot();
        Assert.Multiple(() =>
        {
            Assert.That(records.Count(r => r.Category == "IncidentSdk.Http" && r.Id.Id == 1), Is.EqualTo(1), "the SDK's own summary");
            // The factory's loggers pass raw headers as log state (a structured sink would record the signature).
            Assert.That(records.Where(r => r.Category!.StartsWith("System.Net.Http.HttpClient.", StringComparison.Ordinal)), Is.Empty, "IHttpClientFactory's loggers are removed");
        });
        AssertNoSecrets(records);
    }

    [Test]
    public void An_iam_token_that_is_refused_never_reaches_a_log_line_or_the_exception()
    {
        using var provider = new FakeLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(_ => CocAnswer(HttpStatusCode.Unauthorized, CocBodies.Gateway("APIG.0301", "Incorrect IAM authentication information: decrypt token fail"), "req-401"));
        using var client = CocTest.Client(mock, o =>
        {
            o.Credentials = null;
            o.AuthToken = IamToken;
            o.Logging.LoggerFactory = factory;
        });

        var error = Assert.ThrowsAsync<AuthenticationFailedException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        var records = provider.Collector.GetSnapshot();
        Assert.Multiple(() =>
        {
            Assert.That(records.Any(r => r.Message.Contains("X-Auth-Token: [redacted]", StringComparison.Ordinal)), Is.True);
            Assert.That(error!.ToString(), Does.Not.Contain(IamToken));
            Assert.That(string.Join(" ", error.Data.Values.Cast<object?>()), Does.Not.Contain(IamToken));
        });
        AssertNoSecrets(records);
    }

    [Test]
    public void The_allow_list_is_case_insensitive_and_can_be_extended()
    {
        var options = new IncidentSdk.Diagnostics.LoggingOptions();
        options.LoggedHeaders.Add("X-Project-Id");

        Assert.Multiple(() =>
        {
            Assert.That(options.MayLog("x-request-id"), Is.True);
            Assert.That(options.MayLog("X-Project-Id"), Is.True);
            Assert.That(options.MayLog("Authorization"), Is.False);
            Assert.That(options.MayLog("X-Auth-Token"), Is.False);
        });
    }

    private static void AssertNoSecrets(IReadOnlyList<FakeLogRecord> records)
    {
        Assert.That(records, Is.Not.Empty);
        foreach (var record in records)
        {
            var text = record.Message + " " + record.Exception + " " + string.Join(" ", record.StructuredState?.Select(p => p.Value) ?? []);
            foreach (var secret in Secrets)
            {
                Assert.That(text, Does.Not.Contain(secret), $"a secret in a {record.Level} line of {record.Category}: {record.Message}");
            }
        }
    }

    private static HttpResponseMessage CocAnswer(HttpStatusCode status, string body, string requestId)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        response.Headers.Add("X-Request-Id", requestId);
        return response;
    }
}
