using IncidentSdk.Authentication;

namespace IncidentSdk.Tests.Coc;

public class IncidentClientOptionsTests
{
    [TestCase("cn-north-4", "https://coc.myhuaweicloud.com/")]
    [TestCase("ap-southeast-3", "https://coc-intl.myhuaweicloud.com/")]
    [TestCase("eu-west-101", "https://coc-eu-west-101-open-api.myhuaweicloud.eu/")]
    public void Known_regions_resolve_to_their_endpoint(string region, string endpoint)
    {
        var options = new IncidentClientOptions { Region = region, AuthToken = "t" };

        Assert.That(options.ResolveEndpoint().AbsoluteUri, Is.EqualTo(endpoint));
    }

    [Test]
    public void The_endpoint_overrides_the_region()
    {
        var options = new IncidentClientOptions { Region = CocRegions.CnNorth4, Endpoint = new Uri("http://127.0.0.1:8080"), AuthToken = "t" };

        Assert.That(options.ResolveEndpoint(), Is.EqualTo(new Uri("http://127.0.0.1:8080")));
    }

    [TestCase("http://coc.internal.example/", false, false)]
    [TestCase("http://coc.internal.example/", true, true)]
    [TestCase("http://127.0.0.1:8080/", false, true)]
    [TestCase("http://[::1]:8080/", false, true)]
    [TestCase("https://coc.internal.example/", false, true)]
    public void Plain_http_is_refused_unless_loopback_or_explicitly_allowed(string endpoint, bool allow, bool usable)
    {
        var options = new IncidentClientOptions { Endpoint = new Uri(endpoint), AuthToken = "t", AllowInsecureHttp = allow };

        Assert.That(options.Validate(), usable ? Is.Empty : Is.EqualTo(new[]
        {
            $"Endpoint '{endpoint}' is plain HTTP, so credentials would cross the network unencrypted; use https, or set AllowInsecureHttp on a network you trust.",
        }));
    }

    [Test]
    public void Every_problem_is_listed()
    {
        var options = new IncidentClientOptions
        {
            Endpoint = new Uri("ftp://x.example/"),
            Credentials = new AkSkCredentials("ak", "sk"),
            AuthToken = "token",
            MaxResponseBodyBytes = 10,
        };
        options.Resilience.MaxRetries = -1;
        options.Resilience.AttemptTimeout = TimeSpan.Zero;
        options.Resilience.TotalTimeout = TimeSpan.FromSeconds(1);
        options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(2);

        Assert.That(options.Validate(), Is.EqualTo(new[]
        {
            "Endpoint 'ftp://x.example/' is not an absolute http(s) URI; use one such as https://coc.myhuaweicloud.com.",
            "Set only one of Credentials, AuthToken and AuthTokenProvider.",
            "MaxResponseBodyBytes is 10; use at least 1024.",
            "Resilience:MaxRetries is -1; use 0 (no retries) to 100.",
            "Resilience:TotalTimeout (00:00:01) is shorter than Resilience:AttemptTimeout (00:00:02); make it at least as long.",
        }));
    }

    [Test]
    public void The_plain_constructor_refuses_unusable_options_with_the_reasons()
    {
        var error = Assert.Throws<ArgumentException>(() => new IncidentClient(new IncidentClientOptions()));

        Assert.That(error!.Message, Does.Contain("Set Endpoint (such as https://coc.myhuaweicloud.com) or Region (one of ap-southeast-3, cn-north-4, eu-west-101)."));
    }

    [Test]
    public void A_disposed_client_refuses_calls()
    {
        var client = new IncidentClient(CocTest.Options());
        client.Dispose();

        Assert.ThrowsAsync<ObjectDisposedException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
    }

    [Test]
    public void Credentials_require_both_keys()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentException>(() => _ = new AkSkCredentials("", "sk"))!.ParamName, Is.EqualTo("accessKey"));
            Assert.That(Assert.Throws<ArgumentException>(() => _ = new AkSkCredentials("ak", ""))!.ParamName, Is.EqualTo("secretKey"));
        });
    }
}
