using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using IncidentSdk.Authentication;

namespace IncidentSdk.Tests.Authentication;

public class HuaweiRequestSignerTests
{
    // Huawei's public signing-guide vector.
    private const string VectorAk = "QTWAOYTTINDUT2QVKYUC";
    private const string VectorSk = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";
    private const string VectorUrl = "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0";
    private static readonly DateTimeOffset VectorTime = new(2019, 11, 15, 3, 36, 55, TimeSpan.Zero);
    private static readonly AkSkCredentials VectorCredentials = new(VectorAk, VectorSk);

    [Test]
    public async Task Guide_vector_signing_content_type_host_and_date()
    {
        using var request = VectorRequest();
        var options = new HuaweiSigningOptions();
        options.AdditionalSignedHeaders.Add("content-type");

        var result = await HuaweiRequestSigner.SignAsync(request, VectorCredentials, VectorTime, options);

        const string expectedCanonical =
            "GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\nlimit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n"
            + "content-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n\n"
            + "content-type;host;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        Assert.Multiple(() =>
        {
            Assert.That(result.CanonicalRequest, Is.EqualTo(expectedCanonical));
            Assert.That(Sha256Hex(result.CanonicalRequest), Is.EqualTo("b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"));
            Assert.That(result.Authorization, Is.EqualTo(
                "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"));
            Assert.That(string.Join(",", request.Headers.GetValues("Authorization")), Is.EqualTo(result.Authorization));
            Assert.That(string.Join(",", request.Headers.GetValues("X-Sdk-Date")), Is.EqualTo("20191115T033655Z"));
        });
    }

    [Test]
    public async Task Guide_vector_signing_host_and_date_only()
    {
        using var request = VectorRequest();

        var result = await HuaweiRequestSigner.SignAsync(request, VectorCredentials, VectorTime);

        Assert.Multiple(() =>
        {
            Assert.That(result.StringToSign, Is.EqualTo("SDK-HMAC-SHA256\n20191115T033655Z\n0e84e7853cf87931d965c80e83bffb15aa865326db3a6f57aa2560a7601dfe18"));
            Assert.That(result.Signature, Is.EqualTo("faafba090046ef84c81ca330e77576d8746733ddfcf0317aaeb59cff50da39a7"));
            Assert.That(result.SignedHeaders, Is.EqualTo(new[] { "host", "x-sdk-date" }));
        });
    }

    [Test]
    public async Task Query_values_with_reserved_characters_spaces_and_non_ascii_are_decoded_sorted_and_re_encoded()
    {
        var url = "https://h.example.com/v1/p?b=" + Uri.EscapeDataString("x&y") + "&a=" + Uri.EscapeDataString("1+2") + "&a=0"
            + "&c=" + Uri.EscapeDataString("a=b") + "&d=" + Uri.EscapeDataString("hello world") + "&e=" + Uri.EscapeDataString("中") + "&f&g=";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);

        var result = await HuaweiRequestSigner.SignAsync(request, VectorCredentials, VectorTime);

        Assert.That(result.CanonicalRequest.Split('\n')[2], Is.EqualTo("a=0&a=1%2B2&b=x%26y&c=a%3Db&d=hello%20world&e=%E4%B8%AD&f=&g="));
    }

    [Test]
    public async Task A_literal_plus_in_the_query_is_a_plus_not_a_space()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/v1/p?q=a+b");

        var result = await HuaweiRequestSigner.SignAsync(request, VectorCredentials, VectorTime);

        Assert.That(result.CanonicalRequest.Split('\n')[2], Is.EqualTo("q=a%2Bb"));
    }

    [Test]
    public async Task Path_segments_are_decoded_and_re_encoded_with_upper_case_hex()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/v1/a%20b/%e4%b8%ad/x~y");

        var result = await HuaweiRequestSigner.SignAsync(request, VectorCredentials, VectorTime);

        Assert.That(result.CanonicalRequest.Split('\n')[1], Is.EqualTo("/v1/a%20b/%E4%B8%AD/x~y/"));
    }

    [TestCase("https://coc.example.test:8443/v1/x", "coc.example.test:8443")]
    [TestCase("https://coc.example.test:443/v1/x", "coc.example.test")]
    [TestCase("http://127.0.0.1:5080/v1/x", "127.0.0.1:5080")]
    [TestCase("http://[::1]:5080/v1/x", "[::1]:5080")]
    public async Task Host_is_signed_and_sent_exactly_as_on_the_wire(string url, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent("{}"u8.ToArray()) };

        var result = await HuaweiRequestSigner.SignAsync(request, VectorCredentials, VectorTime);

        Assert.Multiple(() =>
        {
            Assert.That(result.CanonicalRequest, Does.Contain("\nhost:" + host + "\n"));
            Assert.That(request.Headers.Host, Is.EqualTo(host));
        });
    }

    [Test]
    public async Task Credential_headers_are_added_before_signing_and_signed()
    {
        var credentials = new AkSkCredentials(VectorAk, VectorSk) { ProjectId = "proj-1", DomainId = "dom-1", SecurityToken = "sts-token-value" };
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://coc.example.test/v1/external/incident/handle") { Content = new ByteArrayContent("{}"u8.ToArray()) };

        var result = await HuaweiRequestSigner.SignAsync(request, credentials, VectorTime);

        Assert.Multiple(() =>
        {
            Assert.That(string.Join(";", result.SignedHeaders), Is.EqualTo("host;x-domain-id;x-project-id;x-sdk-date;x-security-token"));
            Assert.That(result.CanonicalRequest, Does.Contain("x-domain-id:dom-1\nx-project-id:proj-1\nx-sdk-date:20191115T033655Z\nx-security-token:sts-token-value\n"));
            Assert.That(request.Headers.GetValues("X-Project-Id"), Is.EqualTo(new[] { "proj-1" }));
            Assert.That(request.Headers.GetValues("X-Domain-Id"), Is.EqualTo(new[] { "dom-1" }));
            Assert.That(request.Headers.GetValues("X-Security-Token"), Is.EqualTo(new[] { "sts-token-value" }));
            Assert.That(result.Signature, Is.EqualTo(HmacHex(VectorSk, result.StringToSign)));
            Assert.That(result.StringToSign, Is.EqualTo("SDK-HMAC-SHA256\n20191115T033655Z\n" + Sha256Hex(result.CanonicalRequest)));
        });
    }

    [Test]
    public async Task The_payload_line_is_the_hash_of_the_exact_body_bytes()
    {
        var body = Encoding.UTF8.GetBytes("""{"cause":"中文"}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://coc.example.test/x") { Content = new ByteArrayContent(body) };

        var result = await HuaweiRequestSigner.SignAsync(request, VectorCredentials, VectorTime);

        Assert.That(result.CanonicalRequest.Split('\n')[^1], Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(body))));
    }

    [Test]
    public async Task Signing_again_replaces_the_previous_signature_and_date()
    {
        using var request = VectorRequest();
        await HuaweiRequestSigner.SignAsync(request, VectorCredentials, VectorTime);

        var second = await HuaweiRequestSigner.SignAsync(request, VectorCredentials, VectorTime.AddMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(request.Headers.GetValues("X-Sdk-Date"), Is.EqualTo(new[] { "20191115T033755Z" }));
            Assert.That(request.Headers.GetValues("Authorization"), Is.EqualTo(new[] { second.Authorization }));
        });
    }

    [Test]
    public async Task A_header_to_sign_that_is_missing_is_reported_by_name()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/");
        var options = new HuaweiSigningOptions();
        options.AdditionalSignedHeaders.Add("X-Custom");

        var error = Assert.ThrowsAsync<ArgumentException>(() => HuaweiRequestSigner.SignAsync(request, VectorCredentials, VectorTime, options));

        Assert.That(error!.Message, Does.Contain("'x-custom'"));
    }

    [Test]
    public async Task The_result_and_the_credentials_never_print_the_secret_key_or_access_key()
    {
        var credentials = new AkSkCredentials(VectorAk, VectorSk) { SecurityToken = "sts-secret" };
        using var request = VectorRequest();

        var result = await HuaweiRequestSigner.SignAsync(request, credentials, VectorTime);

        Assert.Multiple(() =>
        {
            Assert.That(result.ToString(), Does.Not.Contain(VectorSk).And.Not.Contain(VectorAk).And.Not.Contain("sts-secret"));
            Assert.That(credentials.ToString(), Does.Not.Contain(VectorSk).And.Not.Contain(VectorAk).And.Not.Contain("sts-secret"));
        });
    }

    [Test]
    public async Task Unsigned_payload_replaces_the_body_hash_with_the_literal_signs_the_header_and_leaves_the_body_unread()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "https://h.example.com/v1/files/report.bin") { Content = new UnreadableContent() };
        request.Headers.TryAddWithoutValidation("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD");

        var result = await HuaweiRequestSigner.SignAsync(request, VectorCredentials, VectorTime);

        const string expectedCanonical =
            "PUT\n/v1/files/report.bin/\n\n"
            + "host:h.example.com\nx-sdk-content-sha256:UNSIGNED-PAYLOAD\nx-sdk-date:20191115T033655Z\n\n"
            + "host;x-sdk-content-sha256;x-sdk-date\nUNSIGNED-PAYLOAD";
        Assert.Multiple(() =>
        {
            Assert.That(result.CanonicalRequest, Is.EqualTo(expectedCanonical));
            Assert.That(result.StringToSign, Is.EqualTo("SDK-HMAC-SHA256\n20191115T033655Z\n" + Sha256Hex(expectedCanonical)));
            Assert.That(result.Signature, Is.EqualTo(HmacHex(VectorSk, result.StringToSign)));
            Assert.That(result.Authorization, Does.Contain("SignedHeaders=host;x-sdk-content-sha256;x-sdk-date,"));
            Assert.That(request.Headers.GetValues("X-Sdk-Content-Sha256"), Is.EqualTo(new[] { "UNSIGNED-PAYLOAD" }));
        });
    }

    [Test]
    public async Task Unsigned_payload_set_on_the_content_headers_counts_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://h.example.com/v1/upload") { Content = new UnreadableContent() };
        request.Content.Headers.TryAddWithoutValidation("X-Sdk-Content-Sha256", " UNSIGNED-PAYLOAD ");

        var result = await HuaweiRequestSigner.SignAsync(request, VectorCredentials, VectorTime);

        Assert.That(result.CanonicalRequest, Is.EqualTo(
            "POST\n/v1/upload/\n\nhost:h.example.com\nx-sdk-content-sha256:UNSIGNED-PAYLOAD\nx-sdk-date:20191115T033655Z\n\n"
            + "host;x-sdk-content-sha256;x-sdk-date\nUNSIGNED-PAYLOAD"));
    }

    [Test]
    public async Task Headers_with_several_values_are_signed_joined_as_the_wire_joins_them()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/v1/p");
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("app", "1.0"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("(linux)"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("lib", "2.0"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        request.Headers.TryAddWithoutValidation("X-Trace", "first");
        request.Headers.TryAddWithoutValidation("X-Trace", "second");
        var options = new HuaweiSigningOptions();
        options.AdditionalSignedHeaders.Add("User-Agent");
        options.AdditionalSignedHeaders.Add("accept");
        options.AdditionalSignedHeaders.Add("x-trace");

        var result = await HuaweiRequestSigner.SignAsync(request, VectorCredentials, VectorTime, options);

        Assert.That(result.CanonicalRequest, Is.EqualTo(
            "GET\n/v1/p/\n\n"
            + "accept:application/json, text/plain\nhost:h.example.com\nuser-agent:app/1.0 (linux) lib/2.0\n"
            + "x-sdk-date:20191115T033655Z\nx-trace:first, second\n\n"
            + "accept;host;user-agent;x-sdk-date;x-trace\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

    [TestCase("https://h.example.com/v1/a%2Fb/c", "/v1/a/b/c/")]
    [TestCase("https://h.example.com/v1/a%2fb", "/v1/a/b/")]
    [TestCase("https://h.example.com/v1/a%2F", "/v1/a/")]
    [TestCase("https://h.example.com/v1/x%2F%20y/z", "/v1/x/%20y/z/")]
    [TestCase("https://h.example.com/v1/a%252Fb", "/v1/a%252Fb/")]
    public async Task An_encoded_slash_is_decoded_before_the_path_is_split(string url, string canonicalUri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);

        var result = await HuaweiRequestSigner.SignAsync(request, VectorCredentials, VectorTime);

        Assert.Multiple(() =>
        {
            Assert.That(result.CanonicalRequest, Is.EqualTo(
                "GET\n" + canonicalUri + "\n\nhost:h.example.com\nx-sdk-date:20191115T033655Z\n\nhost;x-sdk-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
            Assert.That(request.RequestUri!.PathAndQuery, Does.StartWith(new Uri(url).PathAndQuery), "the URI sent is not changed");
        });
    }

    [Test]
    public async Task Every_signed_header_value_is_the_value_on_the_wire()
    {
        // A raw socket shows the header lines exactly as the handler wrote them, on whichever build of the library runs.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var received = ReadOneRequestAsync(listener);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/v1/a%2Fb/c?k=v") { Content = new ByteArrayContent("{}"u8.ToArray()) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("app", "1.0"));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("lib", "2.0"));
            request.Headers.TryAddWithoutValidation("User-Agent", "raw/3");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
            request.Headers.TryAddWithoutValidation("X-Trace", "first");
            request.Headers.TryAddWithoutValidation("X-Trace", "second");
            request.Headers.TryAddWithoutValidation("Cookie", "a=1");
            request.Headers.TryAddWithoutValidation("Cookie", "b=2");
            request.Headers.TryAddWithoutValidation("Accept-Language", "en,fr");
            request.Headers.TryAddWithoutValidation("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD");
            var options = new HuaweiSigningOptions();
            foreach (var name in new[] { "user-agent", "accept", "x-trace", "cookie", "content-type", "accept-language" })
            {
                options.AdditionalSignedHeaders.Add(name);
            }

            var result = await HuaweiRequestSigner.SignAsync(request, VectorCredentials, VectorTime, options);
            using var client = new HttpClient();
            using var response = await client.SendAsync(request);
            var wire = await received;

            var lines = wire.Split("\r\n");
            var onWire = lines.Skip(1).TakeWhile(l => l.Length > 0).Select(l => l.Split(':', 2))
                .ToLookup(p => p[0].ToLowerInvariant(), p => p[1].Trim());
            var canonicalLines = result.CanonicalRequest.Split('\n');
            var signed = canonicalLines.Skip(3).TakeWhile(l => l.Length > 0).Select(l => l.Split(':', 2)).ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(lines[0], Is.EqualTo("POST /v1/a%2Fb/c?k=v HTTP/1.1"));
                Assert.That(signed.Select(p => p[0]), Is.EqualTo(new[] { "accept", "accept-language", "content-type", "cookie", "host", "user-agent", "x-sdk-content-sha256", "x-sdk-date", "x-trace" }));
                foreach (var pair in signed)
                {
                    Assert.That(onWire[pair[0]].ToArray(), Is.EqualTo(new[] { pair[1] }), pair[0] + " is sent on one line with the signed value");
                }

                Assert.That(onWire["user-agent"].Single(), Is.EqualTo("app/1.0 lib/2.0 raw/3"));
                Assert.That(canonicalLines[1], Is.EqualTo("/v1/a/b/c/"));
                Assert.That(canonicalLines[^1], Is.EqualTo("UNSIGNED-PAYLOAD"));
            });
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task<string> ReadOneRequestAsync(TcpListener listener)
    {
        using var connection = await listener.AcceptTcpClientAsync();
        var stream = connection.GetStream();
        var buffer = new byte[16384];
        var text = new StringBuilder();
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }

        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
        return text.ToString();
    }

    /// <summary>Content that fails if anything reads it.</summary>
    private sealed class UnreadableContent : HttpContent
    {
        protected override Task SerializeToStreamAsync(System.IO.Stream stream, TransportContext? context) =>
            throw new InvalidOperationException("The body was read.");

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private static HttpRequestMessage VectorRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, VectorUrl) { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string HmacHex(string key, string data) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(data)));
}
