using IncidentSdk.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IncidentSdk.Tests.Security;

/// <summary>
/// Every credential that reaches an HTTP header is refused when it holds a character a header value cannot carry,
/// with a message that names the field and never shows the value.
/// </summary>
public sealed class HeaderValueTests
{
    private const string Secret = "s3cr3t-4711-value";

    /// <summary>Values that would split, end or corrupt a header line, each around <see cref="Secret"/>.</summary>
    public static IEnumerable<TestCaseData> BadValues()
    {
        yield return new TestCaseData(Secret + "\r\nX-Injected: yes").SetName("{m}(CRLF)");
        yield return new TestCaseData(Secret + "\nX-Injected: yes").SetName("{m}(LF)");
        yield return new TestCaseData(Secret + "\rX-Injected: yes").SetName("{m}(CR)");
        yield return new TestCaseData(Secret + "\0X-Injected").SetName("{m}(NUL)");
        yield return new TestCaseData(Secret + "\tmore").SetName("{m}(tab)");
        yield return new TestCaseData(Secret + "\u007f").SetName("{m}(DEL)");
        yield return new TestCaseData(Secret + "\u00e9").SetName("{m}(non-ASCII)");
        yield return new TestCaseData(Secret + "\u2028more").SetName("{m}(line separator)");
        yield return new TestCaseData(" " + Secret).SetName("{m}(leading space)");
        yield return new TestCaseData(Secret + " ").SetName("{m}(trailing space)");
    }

    [TestCaseSource(nameof(BadValues))]
    public void Coc_AuthToken_is_refused_by_name(string value)
    {
        var options = CocTest.Options(o =>
        {
            o.Credentials = null;
            o.AuthToken = value;
        });

        var problems = options.Validate();
        var error = Assert.Throws<ArgumentException>(() => new IncidentClient(options));

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Count.EqualTo(1));
            Assert.That(problems[0], Does.StartWith("AuthToken "));
            Assert.That(error!.GetType(), Is.EqualTo(typeof(ArgumentException)));
            Assert.That(error.Message, Does.Contain("AuthToken"));
        });
        AssertHidden(value, problems[0], error!.ToString());
    }

    [TestCaseSource(nameof(BadValues))]
    public void Coc_AccessKey_is_refused_by_name(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new AkSkCredentials(value, CocTest.SecretKey));

        AssertArgument(error!, "accessKey", "AccessKey", value);
    }

    [TestCaseSource(nameof(BadValues))]
    public void Coc_SecretKey_is_refused_by_name(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new AkSkCredentials(CocTest.AccessKey, value));

        AssertArgument(error!, "secretKey", "SecretKey", value);
    }

    [TestCaseSource(nameof(BadValues))]
    public void Coc_ProjectId_is_refused_by_name(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new AkSkCredentials(CocTest.AccessKey, CocTest.SecretKey) { ProjectId = value });

        AssertArgument(error!, "ProjectId", "ProjectId", value);
    }

    [TestCaseSource(nameof(BadValues))]
    public void Coc_DomainId_is_refused_by_name(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new AkSkCredentials(CocTest.AccessKey, CocTest.SecretKey) { DomainId = value });

        AssertArgument(error!, "DomainId", "DomainId", value);
    }

    [TestCaseSource(nameof(BadValues))]
    public void Coc_SecurityToken_is_refused_by_name(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new AkSkCredentials(CocTest.AccessKey, CocTest.SecretKey) { SecurityToken = value });

        AssertArgument(error!, "SecurityToken", "SecurityToken", value);
    }

    [TestCaseSource(nameof(BadValues))]
    public void A_static_token_provider_refuses_the_token_by_name(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new StaticAuthTokenProvider(value));

        AssertArgument(error!, "token", "token", value);
    }

    [TestCaseSource(nameof(BadValues))]
    public void Zabbix_ApiToken_is_refused_by_name(string value)
    {
        var options = ZabbixTest.Options(configure: o => o.ApiToken = value);

        var problems = options.Validate();
        var error = Assert.Throws<ArgumentException>(() => new JsonRpcEventClient(options));

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Count.EqualTo(1));
            Assert.That(problems[0], Does.StartWith("ApiToken "));
            Assert.That(error!.GetType(), Is.EqualTo(typeof(ArgumentException)));
            Assert.That(error.Message, Does.Contain("ApiToken"));
        });
        AssertHidden(value, problems[0], error!.ToString());
    }

    [TestCaseSource(nameof(BadValues))]
    public void A_token_from_a_provider_is_refused_before_anything_is_sent(string value)
    {
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond(HttpStatusCode.OK, "application/json", CocBodies.Success);
        using var client = CocTest.Client(mock, o =>
        {
            o.Credentials = null;
            o.AuthTokenProvider = new FixedTokenProvider(value);
        });

        var error = Assert.ThrowsAsync<RequestValidationException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(error!.GetType(), Is.EqualTo(typeof(RequestValidationException)));
            Assert.That(error.RequestMayHaveReachedServer, Is.False);
            Assert.That(error.Message, Does.Contain(nameof(FixedTokenProvider)).And.Contain("X-Auth-Token"));
            Assert.That(error.Errors.Single().Path, Is.EqualTo("X-Auth-Token"));
            Assert.That(mock.GetMatchCount(any), Is.Zero, "nothing was sent");
        });
        AssertHidden(value, error!.ToString());
    }

    [Test]
    public void An_empty_token_from_a_provider_is_refused_before_anything_is_sent()
    {
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond(HttpStatusCode.OK, "application/json", CocBodies.Success);
        using var client = CocTest.Client(mock, o =>
        {
            o.Credentials = null;
            o.AuthTokenProvider = new FixedTokenProvider(string.Empty);
        });

        Assert.ThrowsAsync<RequestValidationException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.That(mock.GetMatchCount(any), Is.Zero);
    }

    [Test]
    public async Task Refused_provider_tokens_do_not_open_the_circuit()
    {
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond(HttpStatusCode.OK, "application/json", CocBodies.Success);
        var provider = new FixedTokenProvider("bad\r\ntoken");
        using var client = CocTest.Client(mock, o =>
        {
            o.Credentials = null;
            o.AuthTokenProvider = provider;
            o.Resilience.CircuitBreaker.MinimumThroughput = 2;
            o.Resilience.CircuitBreaker.FailureRatio = 0.1;
        });

        for (var i = 0; i < 5; i++)
        {
            Assert.ThrowsAsync<RequestValidationException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        }

        provider.Token = "good-token";
        await client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        Assert.That(mock.GetMatchCount(any), Is.EqualTo(1), "the circuit stayed closed: a refused token says nothing about COC's health");
    }

    [Test]
    public async Task A_usable_token_from_a_provider_is_sent()
    {
        const string token = "MIIEhQYJKoZIhvcNAQcCoIIEdjCCBHICAQExDTALBglghkgBZQMEAgEwggLXBgkq+/=";
        using var mock = new MockHttpMessageHandler();
        var withToken = mock.When("*").WithHeaders("X-Auth-Token", token).Respond(HttpStatusCode.OK, "application/json", CocBodies.Success);
        using var client = CocTest.Client(mock, o =>
        {
            o.Credentials = null;
            o.AuthTokenProvider = new FixedTokenProvider(token);
        });

        await client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        Assert.That(mock.GetMatchCount(withToken), Is.EqualTo(1));
    }

    [Test]
    public void Inner_spaces_and_every_printable_ascii_character_are_accepted()
    {
        var printable = new string(Enumerable.Range(0x21, 0x7E - 0x21 + 1).Select(c => (char)c).ToArray());
        var value = printable + " " + printable;

        Assert.Multiple(() =>
        {
            Assert.That(CocTest.Options(o => { o.Credentials = null; o.AuthToken = value; }).Validate(), Is.Empty);
            Assert.That(ZabbixTest.Options(configure: o => o.ApiToken = value).Validate(), Is.Empty);
            Assert.DoesNotThrow(() => _ = new AkSkCredentials(value, value) { ProjectId = value, DomainId = value, SecurityToken = value });
        });
    }

    [Test]
    public void The_Zabbix_username_and_password_travel_in_the_body_so_no_header_rule_applies()
    {
        var options = ZabbixTest.Options(configure: o =>
        {
            o.ApiToken = null;
            o.Username = "Admin";
            o.Password = " pass\r\nword\u00e9 ";
        });

        Assert.That(options.Validate(), Is.Empty);
    }

    [Test]
    public void Dependency_injection_reports_a_refused_token_by_name_at_start()
    {
        var services = new ServiceCollection();
        services.AddIncidentClient(o =>
        {
            o.Endpoint = new Uri(CocTest.Endpoint);
            o.AuthToken = Secret + "\r\nX-Injected: yes";
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IncidentClient>());

        Assert.That(error!.Failures.Single(), Does.StartWith("AuthToken "));
        AssertHidden(Secret, error.Message);
    }

    [TestCaseSource(nameof(BadValues))]
    public void A_login_session_that_cannot_go_in_a_header_is_refused_and_not_used(string value)
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("user.login").Result(System.Text.Json.JsonSerializer.Serialize(value));
        var acknowledge = mock.Rpc("event.acknowledge").Result("""{"eventids":[1]}""");
        using var client = ZabbixTest.Client(mock, configure: o =>
        {
            o.ApiToken = null;
            o.Username = "Admin";
            o.Password = ZabbixTest.Password;
        });

        var error = Assert.ThrowsAsync<InvalidResponseException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"])));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("user.login"));
            Assert.That(mock.GetMatchCount(acknowledge), Is.Zero, "the session was never used");
            Assert.That(client.CurrentSessionId, Is.Null);
        });
        AssertHidden(value, error!.Message);
    }

    private static void AssertArgument(ArgumentException error, string parameter, string field, string value)
    {
        Assert.Multiple(() =>
        {
            Assert.That(error.GetType(), Is.EqualTo(typeof(ArgumentException)));
            Assert.That(error.ParamName, Is.EqualTo(parameter));
            Assert.That(error.Message, Does.Contain(field));
        });
        AssertHidden(value, error.ToString());
    }

    private static void AssertHidden(string value, params string[] texts)
    {
        foreach (var text in texts)
        {
            Assert.That(text, Does.Not.Contain(value.Trim()).And.Not.Contain(Secret).And.Not.Contain("X-Injected"));
        }
    }

    private sealed class FixedTokenProvider(string token) : IAuthTokenProvider
    {
        public string Token { get; set; } = token;

        public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => new(Token);
    }
}
