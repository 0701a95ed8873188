using System.Net.Sockets;

namespace IncidentSdk.Tests.Coc;

public class ErrorMappingTests
{
    public static readonly object[] CodeCases =
    [
        new object[] { 400, "GOM.00007256", typeof(InvalidParameterException) },
        new object[] { 200, "GOM.00007256", typeof(InvalidParameterException) },
        new object[] { 400, "APIG.0201", typeof(InvalidParameterException) },
        new object[] { 413, "APIGW.0201", typeof(InvalidParameterException) },
        new object[] { 401, "APIG.0301", typeof(AuthenticationFailedException) },
        new object[] { 403, "APIG.0303", typeof(AuthenticationFailedException) },
        new object[] { 401, "APIG.0307", typeof(AuthenticationFailedException) },
        new object[] { 403, "APIG.0302", typeof(PermissionDeniedException) },
        new object[] { 404, "APIG.0101", typeof(ResourceNotFoundException) },
        new object[] { 429, "APIG.0308", typeof(ThrottledException) },
        new object[] { 502, "APIG.0202", typeof(ServiceUnavailableException) },
        new object[] { 504, "APIG.0203", typeof(ServiceUnavailableException) },
        new object[] { 200, "GOM.00001234", typeof(ServiceException) },
        new object[] { 400, "GOM.00009999", typeof(ServiceException) },
        new object[] { 409, "APIG.9999", typeof(ServiceException) },
    ];

    public static readonly object[] StatusCases =
    [
        new object[] { 400, typeof(InvalidParameterException) },
        new object[] { 401, typeof(AuthenticationFailedException) },
        new object[] { 403, typeof(PermissionDeniedException) },
        new object[] { 404, typeof(ResourceNotFoundException) },
        new object[] { 429, typeof(ThrottledException) },
        new object[] { 500, typeof(ServiceUnavailableException) },
        new object[] { 503, typeof(ServiceUnavailableException) },
        new object[] { 418, typeof(InvalidResponseException) },
    ];

    [TestCaseSource(nameof(CodeCases))]
    public void A_code_decides_the_exception_type_and_is_kept_verbatim(int status, string code, Type expected)
    {
        var error = Fail(status, CocBodies.Gateway(code, "msg for " + code, "body-req-id"));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf(expected));
            Assert.That(error.ErrorCode, Is.EqualTo(code));
            Assert.That(error.ErrorMessage, Is.EqualTo("msg for " + code));
            Assert.That(error.StatusCode, Is.EqualTo(status));
            Assert.That(error.RequestId, Is.EqualTo("body-req-id"));
            Assert.That(error.Error.Operation, Is.EqualTo("acceptedIncident1"));
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.Message, Does.Contain(code).And.Contain("HTTP " + status).And.Contain("body-req-id"));
        });
    }

    [Test]
    public void The_documented_400_keeps_code_message_provider_and_the_header_request_id()
    {
        var error = Fail(400, CocBodies.InvalidParameter, ("X-Request-Id", "hdr-req-9"));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<InvalidParameterException>());
            Assert.That(error.ErrorCode, Is.EqualTo("GOM.00007256"));
            Assert.That(error.ErrorMessage, Is.EqualTo("参数错误"));
            Assert.That(error.Error.ProviderCode, Is.EqualTo("049"));
            Assert.That(error.RequestId, Is.EqualTo("hdr-req-9"));
            Assert.That(error.ResponseBodyExcerpt, Is.EqualTo(CocBodies.InvalidParameter));
        });
    }

    [Test]
    public void The_header_request_id_wins_over_the_body_one()
    {
        var error = Fail(401, CocBodies.Gateway("APIG.0301", "verify aksk signature fail", "body-id"), ("X-Request-Id", "header-id"));

        Assert.That(error.RequestId, Is.EqualTo("header-id"));
    }

    [TestCaseSource(nameof(StatusCases))]
    public void Without_a_code_the_status_decides_and_the_body_is_kept(int status, Type expected)
    {
        var error = Fail(status, "<html><body>upstream trouble</body></html>", mediaType: "text/html");

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf(expected));
            Assert.That(error.ErrorCode, Is.Null);
            Assert.That(error.StatusCode, Is.EqualTo(status));
            Assert.That(error.ResponseBodyExcerpt, Is.EqualTo("<html><body>upstream trouble</body></html>"));
            Assert.That(error.Message, Does.Contain($"HTTP {status}").And.Contain("not a COC JSON envelope (text/html, 42 bytes)"));
        });
    }

    [Test]
    public void A_proxy_502_html_page_is_a_service_unavailable_error_with_the_page_excerpt()
    {
        var error = Fail(502, "<html><head><title>502 Bad Gateway</title></head></html>", mediaType: "text/html");

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<ServiceUnavailableException>());
            Assert.That(error.ResponseBodyExcerpt, Does.Contain("502 Bad Gateway"));
        });
    }

    [TestCase("", "with an empty body")]
    [TestCase("{\"error_code\":\"GOM.000", "not a COC JSON envelope")]
    [TestCase("[1,2]", "not a COC JSON envelope")]
    [TestCase("{\"foo\":1}", "has no error_code")]
    [TestCase("{\"error_code\":123}", "not a COC JSON envelope")]
    [TestCase("null", "not a COC JSON envelope")]
    public void A_200_whose_body_is_not_a_success_envelope_is_an_invalid_response(string body, string expectedText)
    {
        var error = Fail(200, body);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<InvalidResponseException>());
            Assert.That(error.StatusCode, Is.EqualTo(200));
            Assert.That(error.Message, Does.Contain(expectedText));
            Assert.That(error.ResponseBodyExcerpt, Is.EqualTo(body));
        });
    }

    [Test]
    public void A_body_with_invalid_utf8_is_an_invalid_response_with_a_readable_excerpt()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(HttpStatusCode.OK, new ByteArrayContent([0x7B, 0xFF, 0xFE, 0x22]));
        using var client = CocTest.Client(mock);

        var error = Assert.ThrowsAsync<InvalidResponseException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.That(error!.ResponseBodyExcerpt, Is.EqualTo("{\uFFFD\uFFFD\""));
    }

    [Test]
    public void The_body_excerpt_is_bounded()
    {
        var error = Fail(500, new string('x', 5000), mediaType: "text/plain");

        Assert.That(error.ResponseBodyExcerpt, Is.EqualTo(new string('x', 1024) + "…"));
    }

    [Test]
    public void A_body_over_the_limit_stops_reading_and_says_so()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(HttpStatusCode.OK, new StreamContent(new System.IO.MemoryStream(new byte[3 * 1024 * 1024])));
        using var client = CocTest.Client(mock, o => o.MaxResponseBodyBytes = 64 * 1024);

        var error = Assert.ThrowsAsync<InvalidResponseException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.That(error!.Message, Does.Contain("65536-byte limit (MaxResponseBodyBytes)"));
    }

    [Test]
    public void An_expired_signature_reports_the_clock_skew_from_the_servers_date()
    {
        using var mock = new MockHttpMessageHandler();
        var serverTime = CocTest.SigningTime.AddMinutes(-17).AddSeconds(-3);
        mock.When("*").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Unauthorized)
            {
                Content = new StringContent(CocBodies.Gateway("APIG.0303", "Incorrect app authentication information: signature expired")),
            };
            response.Headers.Date = serverTime;
            return response;
        });
        using var client = CocTest.Client(mock, o => o.Resilience.MaxRetries = 0);

        var error = Assert.ThrowsAsync<AuthenticationFailedException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.That(error!.Message, Does.Contain("the signature expired because this machine's clock is 17 min 3 s ahead of the server's"));
    }

    [Test]
    public void Throttling_carries_the_retry_after_delay()
    {
        var error = Fail(429, CocBodies.Gateway("APIG.0308", "The throttling threshold has been reached"), ("Retry-After", "120"));

        Assert.That(((ThrottledException)error).RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(120)));
    }

    [Test]
    public void Connection_refused_is_a_transport_error_that_did_not_reach_the_server()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Throw(new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)));
        using var client = CocTest.Client(mock, o => o.Resilience.MaxRetries = 0);

        var error = Assert.ThrowsAsync<TransportException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<TransportException>());
            Assert.That(error!.RequestMayHaveReachedServer, Is.False);
            Assert.That(error.Operation, Is.EqualTo("acceptedIncident1"));
            Assert.That(error.Message, Does.Contain("did not reach COC"));
            Assert.That(error.InnerException, Is.TypeOf<HttpRequestException>());
        });
    }

    [Test]
    public void A_connection_reset_after_sending_is_a_transport_error_that_may_have_reached_the_server()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Throw(new HttpRequestException("The response ended prematurely.", new System.IO.IOException("reset")));
        using var client = CocTest.Client(mock, o => o.Resilience.MaxRetries = 0);

        var error = Assert.ThrowsAsync<TransportException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(error!.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.Message, Does.Contain("may have received"));
        });
    }

    [Test]
    public void Error_messages_never_contain_the_secret_key_or_token()
    {
        var signed = Fail(401, CocBodies.Gateway("APIG.0301", "verify aksk signature fail"));
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(HttpStatusCode.Unauthorized, "application/json", CocBodies.Gateway("APIG.0301", "token expires"));
        using var tokenClient = new IncidentClient(mock.ToHttpClient(), CocTest.Options(o =>
        {
            o.Credentials = null;
            o.AuthToken = "iam-token-secret-value";
        }));
        var token = Assert.ThrowsAsync<AuthenticationFailedException>(() => tokenClient.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(signed.ToString(), Does.Not.Contain(CocTest.SecretKey).And.Not.Contain(CocTest.AccessKey));
            Assert.That(token!.ToString(), Does.Not.Contain("iam-token-secret-value"));
        });
    }

    private static ServiceException Fail(int status, string body, params (string Name, string Value)[] headers) =>
        Fail(status, body, "application/json", headers);

    private static ServiceException Fail(int status, string body, string mediaType, params (string Name, string Value)[] headers)
    {
        using var mock = new MockHttpMessageHandler();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        var response = mock.When("*").Respond((HttpStatusCode)status, CocTest.Headers(headers), content);
        using var client = CocTest.Client(mock, o => o.Resilience.MaxRetries = 0);

        var error = Assert.CatchAsync<ServiceException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));
        Assert.That(mock.GetMatchCount(response), Is.EqualTo(1));
        return error!;
    }
}
