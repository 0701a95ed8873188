using System.IO;
using System.Net;
using System.Net.Http.Headers;
using IncidentSdk.Authentication;

namespace IncidentSdk.FaultTests.Security;

/// <summary>
/// <see cref="AkSkSigningHandler"/> inside an app's own <see cref="HttpClient"/>, against a real loopback server that
/// verifies each request as a gateway does: from the raw request target, the header lines and the body bytes that
/// arrived, with its own implementation of huawei-signing.md (<see cref="WireSignatureVerifier"/>).
/// </summary>
public class PublicSignerWireTests
{
    private const string AccessKey = "WIRETESTAKWIRETESTAK";
    private const string SecretKey = "wire-test-secret-key-0123456789";
    private static readonly AkSkCredentials Credentials = new(AccessKey, SecretKey) { ProjectId = "wire-project" };

    /// <summary>One request an app might send, and what the server must have received.</summary>
    public sealed record WireCase(string Name, Func<Uri, HttpRequestMessage> Build, string[] ExtraSignedHeaders, string RawTarget, string CanonicalUri, (string Header, string Line)[] Lines)
    {
        public override string ToString() => Name;
    }

    public static readonly WireCase[] Cases =
    [
        new("plain JSON POST (baseline)",
            b => Json(HttpMethod.Post, new Uri(b, "v1/external/incident/handle?b=2&a=1")),
            ["content-type"],
            "/v1/external/incident/handle?b=2&a=1",
            "/v1/external/incident/handle/",
            [("content-type", "application/json;charset=UTF-8")]),
        new("X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD on a streamed binary body",
            b =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, new Uri(b, "v1/files/report.bin"))
                {
                    Content = new StreamContent(new MemoryStream([0x00, 0x01, 0xFE, 0xFF, 0x7B])),
                };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                request.Headers.TryAddWithoutValidation("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD");
                return request;
            },
            [],
            "/v1/files/report.bin",
            "/v1/files/report.bin/",
            [("x-sdk-content-sha256", "UNSIGNED-PAYLOAD")]),
        new("User-Agent with two products",
            b =>
            {
                var request = Json(HttpMethod.Post, new Uri(b, "v1/external/incident/handle"));
                request.Headers.UserAgent.Add(new ProductInfoHeaderValue("OpsConsole", "4.2"));
                request.Headers.UserAgent.Add(new ProductInfoHeaderValue("IncidentSdk", "0.1.0"));
                return request;
            },
            ["user-agent"],
            "/v1/external/incident/handle",
            "/v1/external/incident/handle/",
            [("user-agent", "OpsConsole/4.2 IncidentSdk/0.1.0")]),
        new("custom header and Accept with two values each",
            b =>
            {
                var request = Json(HttpMethod.Post, new Uri(b, "v1/external/incident/handle"));
                request.Headers.TryAddWithoutValidation("X-Trace-Tag", "blue");
                request.Headers.TryAddWithoutValidation("X-Trace-Tag", "canary");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
                return request;
            },
            ["x-trace-tag", "accept"],
            "/v1/external/incident/handle",
            "/v1/external/incident/handle/",
            [("x-trace-tag", "blue, canary"), ("accept", "application/json, text/plain")]),
        new("Cookie with two values",
            b =>
            {
                var request = Json(HttpMethod.Get, new Uri(b, "v1/incident-tickets?offset=1&limit=50"));
                request.Headers.TryAddWithoutValidation("Cookie", "region=cn-north-4");
                request.Headers.TryAddWithoutValidation("Cookie", "lang=en");
                return request;
            },
            ["cookie"],
            "/v1/incident-tickets?offset=1&limit=50",
            "/v1/incident-tickets/",
            [("cookie", "region=cn-north-4; lang=en")]),
        new("%2F inside a path segment",
            b => new HttpRequestMessage(HttpMethod.Get, new Uri(b, "v2/incidents/IM%2F2024%2F001/tasks?q=a%2Fb")),
            [],
            "/v2/incidents/IM%2F2024%2F001/tasks?q=a%2Fb",
            "/v2/incidents/IM/2024/001/tasks/",
            []),
    ];

    [TestCaseSource(nameof(Cases))]
    public async Task The_server_verifies_the_signature_of_exactly_what_arrived(WireCase @case)
    {
        var seen = new ConcurrentQueue<WireVerification>();
        await using var server = await FaultServer.StartAsync(async context =>
        {
            var body = await FaultServer.ReadBodyAsync(context);
            var verification = WireSignatureVerifier.Verify(context, body, AccessKey, SecretKey);
            seen.Enqueue(verification);
            await Faults.RespondAsync(context, verification.Matches ? 200 : 401, verification.Matches ? "{}" : """{"error_code":"APIG.0301","error_msg":"verify aksk signature fail"}""");
        });
        var options = new HuaweiSigningOptions();
        foreach (var name in @case.ExtraSignedHeaders)
        {
            options.AdditionalSignedHeaders.Add(name);
        }

        using var client = new HttpClient(new AkSkSigningHandler(Credentials, TimeProvider.System, options) { InnerHandler = new SocketsHttpHandler() });
        using var request = @case.Build(server.BaseAddress);
        using var response = await client.SendAsync(request);

        var arrived = seen.Single();
        Assert.Multiple(() =>
        {
            Assert.That(arrived.Reason, Is.EqualTo("match"), () => "canonical request recomputed by the server:\n" + arrived.CanonicalRequest);
            Assert.That(arrived.Matches, Is.True);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(arrived.RawTarget, Is.EqualTo(@case.RawTarget), "the request target reached the server as given");
            Assert.That(arrived.CanonicalRequest.Split('\n')[1], Is.EqualTo(@case.CanonicalUri));
            foreach (var (header, line) in @case.Lines)
            {
                Assert.That(arrived.SignedHeaderLines.TryGetValue(header, out var received) ? received : null, Is.EqualTo(line), header + " was signed and arrived as this one line");
            }

            Assert.That(server.Requests, Is.EqualTo(1));
        });
    }

    [Test]
    public void The_servers_verifier_reproduces_the_specs_test_vector()
    {
        const string target = "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0";
        var values = new System.Collections.Generic.Dictionary<string, string>
        {
            ["content-type"] = "application/json",
            ["host"] = "service.region.example.com",
            ["x-sdk-date"] = "20191115T033655Z",
        };
        const string emptyBody = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        var withContentType = WireSignatureVerifier.CanonicalRequest("GET", target, ["content-type", "host", "x-sdk-date"], values, emptyBody);
        var hostAndDate = WireSignatureVerifier.CanonicalRequest("GET", target, ["host", "x-sdk-date"], values, emptyBody);

        Assert.Multiple(() =>
        {
            Assert.That(withContentType, Is.EqualTo(
                "GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\nlimit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n"
                + "content-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n\n"
                + "content-type;host;x-sdk-date\n" + emptyBody));
            Assert.That(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(withContentType))),
                Is.EqualTo("b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"));
            Assert.That(WireSignatureVerifier.Signature(withContentType, "20191115T033655Z", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"),
                Is.EqualTo("7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"));
            Assert.That(WireSignatureVerifier.Signature(hostAndDate, "20191115T033655Z", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"),
                Is.EqualTo("faafba090046ef84c81ca330e77576d8746733ddfcf0317aaeb59cff50da39a7"));
            Assert.That(WireSignatureVerifier.CanonicalUri("/v1/a%2Fb/c"), Is.EqualTo("/v1/a/b/c/"));
        });
    }

    private static HttpRequestMessage Json(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        if (method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent("""{"incident_num":"IM202403221515060171753781"}"""u8.ToArray());
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json;charset=UTF-8");
        }

        return request;
    }
}
