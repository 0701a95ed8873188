using IncidentSdk.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IncidentSdk.Tests.Coc;

/// <summary>The real DI pipeline with MockHttp as its primary handler: binding, auth, resilience and mapping together.</summary>
public class DependencyInjectionTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Coc:Endpoint"] = CocTest.Endpoint,
        ["Coc:AccessKey"] = CocTest.AccessKey,
        ["Coc:SecretKey"] = CocTest.SecretKey,
        ["Coc:DomainId"] = "domain-123",
        ["Coc:MaxResponseBodyBytes"] = "65536",
        ["Coc:Resilience:MaxRetries"] = "2",
        ["Coc:Resilience:BaseDelay"] = "00:00:00",
        ["Coc:Resilience:AttemptTimeout"] = "00:00:00.300",
        ["Coc:Resilience:TotalTimeout"] = "00:00:05",
    };

    [Test]
    public void Options_bind_from_a_configuration_section()
    {
        using var provider = Build(new MockHttpMessageHandler(), Settings);

        var options = provider.GetRequiredService<IOptions<IncidentClientOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(options.Endpoint, Is.EqualTo(new Uri(CocTest.Endpoint)));
            Assert.That(options.Credentials!.AccessKey, Is.EqualTo(CocTest.AccessKey));
            Assert.That(options.Credentials.SecretKey, Is.EqualTo(CocTest.SecretKey));
            Assert.That(options.Credentials.DomainId, Is.EqualTo("domain-123"));
            Assert.That(options.MaxResponseBodyBytes, Is.EqualTo(65536));
            Assert.That(options.Resilience.MaxRetries, Is.EqualTo(2));
            Assert.That(options.Resilience.AttemptTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(300)));
        });
    }

    [Test]
    public async Task The_registered_client_signs_retries_a_503_and_maps_the_answer()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        var unavailable = mock.Expect(HttpMethod.Post, CocTest.HandleUrl).With(log.Capture).Respond(HttpStatusCode.ServiceUnavailable);
        var ok = mock.Expect(HttpMethod.Post, CocTest.HandleUrl).With(log.Capture)
            .Respond(HttpStatusCode.OK, CocTest.Headers(("X-Request-Id", "di-req")), "application/json", CocBodies.Success);
        using var provider = Build(mock, Settings);
        var client = provider.GetRequiredService<IncidentClient>();

        var result = await client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        mock.VerifyNoOutstandingExpectation();
        var credentials = new AkSkCredentials(CocTest.AccessKey, CocTest.SecretKey) { DomainId = "domain-123" };
        Assert.Multiple(async () =>
        {
            Assert.That(result.RequestId, Is.EqualTo("di-req"));
            Assert.That(mock.GetMatchCount(unavailable), Is.EqualTo(1));
            Assert.That(mock.GetMatchCount(ok), Is.EqualTo(1));
            Assert.That(log.Requests[1].Header("Authorization"), Does.StartWith("SDK-HMAC-SHA256 Access=" + CocTest.AccessKey + ", SignedHeaders=host;x-domain-id;x-sdk-date, Signature="));
            Assert.That(log.Requests[1].Header("X-Domain-Id"), Is.EqualTo("domain-123"));
            Assert.That(await SignatureVerifier.VerifyAsync(log.Requests[0], credentials), Is.True);
            Assert.That(await SignatureVerifier.VerifyAsync(log.Requests[1], credentials), Is.True);
        });
    }

    [Test]
    public void The_registered_client_does_not_resend_an_accept_that_timed_out_after_sending()
    {
        using var provider = Build(new DelayingHandler(TimeSpan.FromSeconds(30)), Settings, out var slow);
        var client = provider.GetRequiredService<IncidentClient>();

        var error = Assert.ThrowsAsync<RequestTimeoutException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(slow.Calls, Is.EqualTo(1));
            Assert.That(error!.RequestMayHaveReachedServer, Is.True);
        });
    }

    [Test]
    public async Task Token_auth_sends_the_token_header_and_no_signature()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Expect("*").With(log.Capture).Respond("application/json", CocBodies.Success);
        var services = new ServiceCollection();
        services.AddIncidentClient(o =>
        {
            o.Region = CocRegions.ApSoutheast3;
            o.AuthToken = "iam-token";
        }).ConfigurePrimaryHttpMessageHandler(() => mock);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IncidentClient>().AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        Assert.Multiple(() =>
        {
            Assert.That(log.Requests[0].Uri, Is.EqualTo("https://coc-intl.myhuaweicloud.com/v1/external/incident/handle"));
            Assert.That(log.Requests[0].Header("X-Auth-Token"), Is.EqualTo("iam-token"));
            Assert.That(log.Requests[0].Headers.ContainsKey("x-sdk-date"), Is.False);
        });
    }

    [Test]
    public void Invalid_settings_from_a_section_are_named_by_their_full_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Apps:Coc:Region"] = "mars-1",
            ["Apps:Coc:Resilience:MaxRetries"] = "500",
            ["Apps:Coc:MaxResponseBodyBytes"] = "10",
            ["Apps:Coc:CreateReadBack:Attempts"] = "0",
        }).Build();
        var services = new ServiceCollection();
        services.AddIncidentClient(configuration.GetSection("Apps:Coc"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IncidentClient>());

        Assert.That(error!.Failures, Is.EqualTo(new[]
        {
            "Apps:Coc:Region 'mars-1' has no known COC endpoint; use one of ap-southeast-3, cn-north-4, eu-west-101, or set Endpoint.",
            "Apps:Coc: Set Credentials (AK/SK) or AuthToken / AuthTokenProvider (IAM token).",
            "Apps:Coc:MaxResponseBodyBytes is 10; use at least 1024.",
            "Apps:Coc:Resilience:MaxRetries is 500; use 0 (no retries) to 100.",
            "Apps:Coc:CreateReadBack:Attempts is 0; it must be from 1 to 10.",
        }));
    }

    [Test]
    public void Invalid_options_fail_when_the_client_is_resolved_with_messages_that_say_what_to_fix()
    {
        var services = new ServiceCollection();
        services.AddIncidentClient(o => o.Region = "mars-1");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IncidentClient>());

        Assert.That(error!.Failures, Is.EqualTo(new[]
        {
            "Region 'mars-1' has no known COC endpoint; use one of ap-southeast-3, cn-north-4, eu-west-101, or set Endpoint.",
            "Set Credentials (AK/SK) or AuthToken / AuthTokenProvider (IAM token).",
        }));
    }

    [Test]
    public void A_configuration_value_that_does_not_parse_names_its_key()
    {
        var settings = new Dictionary<string, string?>(Settings) { ["Coc:Resilience:AttemptTimeout"] = "soon" };
        using var provider = Build(new MockHttpMessageHandler(), settings);

        var error = Assert.Throws<InvalidOperationException>(() => _ = provider.GetRequiredService<IOptions<IncidentClientOptions>>().Value);

        // The configuration binding source generator's own message, with the full key, the value and the type.
        Assert.That(error!.Message, Is.EqualTo("Failed to convert configuration value 'soon' at 'Coc:Resilience:AttemptTimeout' to type 'System.TimeSpan'."));
    }

    [TestCase("Coc:Resilience:AttemptTimeout", "soon")]
    [TestCase("Coc:Resilience:CircuitBreaker:FailureRatio", "half")]
    [TestCase("Coc:MaxResponseBodyBytes", "1MB")]
    [TestCase("Coc:AllowInsecureHttp", "yes")]
    public void Configuration_is_parsed_by_the_library_not_by_reflection_nor_by_the_binder_version(string key, string value)
    {
        var settings = new Dictionary<string, string?>(Settings) { [key] = value };
        using var provider = Build(new MockHttpMessageHandler(), settings);

        var error = Assert.Throws<InvalidOperationException>(() => _ = provider.GetRequiredService<IOptions<IncidentClientOptions>>().Value);

        // On every target framework the library is built for (this project also runs against netstandard2.0 and
        // net8.0, built with the 8.0 binder generator): the sections are bound as text by generated code and the
        // values parsed by the library's own code, so the message is the same whichever binder the app has.
        Assert.That(error!.TargetSite?.DeclaringType?.FullName, Is.EqualTo("IncidentSdk.DependencyInjection.ConfigurationValue"));
        Assert.That(error.Message, Does.Contain($"'{value}' at '{key}'"));
    }

    [Test]
    public void Only_one_half_of_a_key_pair_is_reported()
    {
        var settings = new Dictionary<string, string?>(Settings) { ["Coc:SecretKey"] = null };
        using var provider = Build(new MockHttpMessageHandler(), settings);

        var error = Assert.Throws<InvalidOperationException>(() => _ = provider.GetRequiredService<IOptions<IncidentClientOptions>>().Value);

        Assert.That(error!.Message, Does.Contain("'Coc' sets only one of AccessKey and SecretKey"));
    }

    [Test]
    public void The_registration_returns_the_builder_so_apps_can_add_handlers()
    {
        var services = new ServiceCollection();

        var builder = services.AddIncidentClient(o => o.Region = CocRegions.CnNorth4);

        Assert.That(builder.Name, Is.EqualTo(IncidentClientServiceCollectionExtensions.HttpClientName));
    }

    private static ServiceProvider Build(HttpMessageHandler primary, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddIncidentClient(configuration.GetSection("Coc"), o => o.Resilience.UseJitter = false)
            .ConfigurePrimaryHttpMessageHandler(() => primary);
        return services.BuildServiceProvider();
    }

    private static ServiceProvider Build(DelayingHandler primary, Dictionary<string, string?> settings, out DelayingHandler handler)
    {
        handler = primary;
        return Build((HttpMessageHandler)primary, settings);
    }
}
