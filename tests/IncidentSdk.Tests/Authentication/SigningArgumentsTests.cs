using IncidentSdk.Authentication;

namespace IncidentSdk.Tests.Authentication;

/// <summary>What the signer refuses, and the headers it signs when a caller names them.</summary>
public class SigningArgumentsTests
{
    private const string Ak = "QTWAOYTTINDUT2QVKYUC";
    private const string Sk = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";
    private const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static readonly DateTimeOffset Time = new(2019, 11, 15, 3, 36, 55, TimeSpan.Zero);
    private static readonly AkSkCredentials Credentials = new(Ak, Sk);

    [Test]
    public void A_null_request_or_credentials_is_refused_by_name()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/");

        var noRequest = Assert.ThrowsAsync<ArgumentNullException>(() => HuaweiRequestSigner.SignAsync(null!, Credentials, Time));
        var noCredentials = Assert.ThrowsAsync<ArgumentNullException>(() => HuaweiRequestSigner.SignAsync(request, null!, Time));

        Assert.Multiple(() =>
        {
            Assert.That(noRequest!.ParamName, Is.EqualTo("request"));
            Assert.That(noCredentials!.ParamName, Is.EqualTo("credentials"));
            Assert.That(request.Headers.Contains("Authorization"), Is.False);
        });
    }

    [Test]
    public void A_relative_uri_is_refused_before_any_header_is_set()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/p?a=1", UriKind.Relative));

        var error = Assert.ThrowsAsync<ArgumentException>(() => HuaweiRequestSigner.SignAsync(request, Credentials, Time));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ParamName, Is.EqualTo("request"));
            Assert.That(error.Message, Does.StartWith("The request to sign needs an absolute RequestUri."));
            Assert.That(request.Headers.Contains("X-Sdk-Date"), Is.False);
            Assert.That(request.Headers.Contains("Authorization"), Is.False);
        });
    }

    [Test]
    public void A_request_without_uri_is_refused()
    {
        using var request = new HttpRequestMessage { Method = HttpMethod.Get };

        var error = Assert.ThrowsAsync<ArgumentException>(() => HuaweiRequestSigner.SignAsync(request, Credentials, Time));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ParamName, Is.EqualTo("request"));
            Assert.That(error.Message, Does.StartWith("The request to sign needs an absolute RequestUri."));
        });
    }

    [Test]
    public async Task An_internationalised_host_is_signed_and_sent_in_its_ascii_form()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://bücher.example:8443/v1/p");

        var result = await HuaweiRequestSigner.SignAsync(request, Credentials, Time);

        Assert.Multiple(() =>
        {
            Assert.That(result.CanonicalRequest, Is.EqualTo(
                $"GET\n/v1/p/\n\nhost:xn--bcher-kva.example:8443\nx-sdk-date:20191115T033655Z\n\nhost;x-sdk-date\n{EmptyBodyHash}"));
            Assert.That(request.Headers.Host, Is.EqualTo("xn--bcher-kva.example:8443"));
        });
    }

    [Test]
    public async Task A_signing_time_with_an_offset_is_written_in_utc()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/");

        var result = await HuaweiRequestSigner.SignAsync(request, Credentials, new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(9)));

        Assert.Multiple(() =>
        {
            Assert.That(result.SdkDate, Is.EqualTo("20240101T180405Z"));
            Assert.That(request.Headers.GetValues("X-Sdk-Date"), Is.EqualTo(new[] { "20240101T180405Z" }));
            Assert.That(result.StringToSign, Does.StartWith("SDK-HMAC-SHA256\n20240101T180405Z\n"));
        });
    }

    [Test]
    public async Task A_named_header_is_signed_lower_case_trimmed_and_with_its_value_trimmed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/v1/p");
        request.Headers.TryAddWithoutValidation("X-Custom", "  some value  ");
        var options = new HuaweiSigningOptions();
        options.AdditionalSignedHeaders.Add(" X-Custom ");

        var result = await HuaweiRequestSigner.SignAsync(request, Credentials, Time, options);

        Assert.Multiple(() =>
        {
            Assert.That(result.CanonicalRequest, Is.EqualTo(
                $"GET\n/v1/p/\n\nhost:h.example.com\nx-custom:some value\nx-sdk-date:20191115T033655Z\n\nhost;x-custom;x-sdk-date\n{EmptyBodyHash}"));
            Assert.That(result.SignedHeaders, Is.EqualTo(new[] { "host", "x-custom", "x-sdk-date" }));
            Assert.That(result.Authorization, Does.Contain(", SignedHeaders=host;x-custom;x-sdk-date, "));
        });
    }

    [Test]
    public async Task An_empty_options_object_signs_the_default_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/v1/p");

        var result = await HuaweiRequestSigner.SignAsync(request, Credentials, Time, new HuaweiSigningOptions());

        Assert.That(result.Authorization, Does.Contain(", SignedHeaders=host;x-sdk-date, "));
    }

    // The credentials decide the scoping headers: without a value there, the header is removed from the request,
    // so asking to sign it is asking to sign a header that is not sent.
    [TestCase("x-project-id", "X-Project-Id")]
    [TestCase("x-domain-id", "X-Domain-Id")]
    [TestCase("x-security-token", "X-Security-Token")]
    public void Signing_a_scoping_header_the_credentials_do_not_set_is_refused(string name, string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/v1/p");
        request.Headers.TryAddWithoutValidation(header, "from-the-caller");
        var options = new HuaweiSigningOptions();
        options.AdditionalSignedHeaders.Add(name);

        var error = Assert.ThrowsAsync<ArgumentException>(() => HuaweiRequestSigner.SignAsync(request, Credentials, Time, options));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.StartWith($"The header '{name}' is to be signed but the request does not carry it."));
            Assert.That(error.ParamName, Is.EqualTo("request"));
            Assert.That(request.Headers.Contains(header), Is.False);
        });
    }

    [Test]
    public async Task Scoping_headers_set_by_the_credentials_replace_the_callers_and_are_signed_once()
    {
        var credentials = new AkSkCredentials(Ak, Sk) { ProjectId = "proj-1", DomainId = "dom-1", SecurityToken = "sts" };
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/v1/p");
        request.Headers.TryAddWithoutValidation("X-Project-Id", "other");
        request.Headers.TryAddWithoutValidation("X-Domain-Id", "other");
        request.Headers.TryAddWithoutValidation("X-Security-Token", "other");

        var result = await HuaweiRequestSigner.SignAsync(request, credentials, Time);

        Assert.Multiple(() =>
        {
            Assert.That(result.CanonicalRequest, Is.EqualTo(
                "GET\n/v1/p/\n\nhost:h.example.com\nx-domain-id:dom-1\nx-project-id:proj-1\nx-sdk-date:20191115T033655Z\nx-security-token:sts\n\n"
                + $"host;x-domain-id;x-project-id;x-sdk-date;x-security-token\n{EmptyBodyHash}"));
            Assert.That(request.Headers.GetValues("X-Project-Id"), Is.EqualTo(new[] { "proj-1" }));
            Assert.That(request.Headers.GetValues("X-Domain-Id"), Is.EqualTo(new[] { "dom-1" }));
            Assert.That(request.Headers.GetValues("X-Security-Token"), Is.EqualTo(new[] { "sts" }));
        });
    }

    [Test]
    public async Task Unsigned_payload_on_a_request_without_content_is_signed_with_the_literal()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/v1/p");
        request.Headers.TryAddWithoutValidation("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD");
        var options = new HuaweiSigningOptions();
        options.AdditionalSignedHeaders.Add("x-sdk-content-sha256");

        var result = await HuaweiRequestSigner.SignAsync(request, Credentials, Time, options);

        Assert.That(result.CanonicalRequest, Is.EqualTo(
            "GET\n/v1/p/\n\nhost:h.example.com\nx-sdk-content-sha256:UNSIGNED-PAYLOAD\nx-sdk-date:20191115T033655Z\n\n"
            + "host;x-sdk-content-sha256;x-sdk-date\nUNSIGNED-PAYLOAD"));
    }
}
