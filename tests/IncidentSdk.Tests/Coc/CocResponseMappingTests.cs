namespace IncidentSdk.Tests.Coc;

/// <summary>
/// The decisions of the COC mapper one by one: which statuses are a success, which member of which body shape
/// gives the code and the message, when the status decides the type, and the exact message of each failure.
/// </summary>
public class CocResponseMappingTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 22, 7, 15, 6, TimeSpan.Zero);

    [TestCase(200)]
    [TestCase(201)]
    [TestCase(299)]
    public void A_success_envelope_on_any_2xx_status_is_the_result(int status)
    {
        const string body = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":{"k":1},"request_id":"body-id"}""";
        using var response = Response(status, body);

        var result = CocResponseMapper.Map(response, Bytes(body), TimeProvider.System);

        Assert.Multiple(() =>
        {
            Assert.That(result.ErrorCode, Is.EqualTo("GOM.00000000"));
            Assert.That(result.ProviderCode, Is.EqualTo("049"));
            Assert.That(result.Data?.GetRawText(), Is.EqualTo("""{"k":1}"""));
            Assert.That(result.RequestId, Is.EqualTo("body-id"));
        });
    }

    [Test]
    public void A_success_keeps_the_header_request_id_over_the_body_one()
    {
        const string body = """{"error_code":"GOM.00000000","provider_code":"049","request_id":"body-id"}""";
        using var response = Response(200, body);
        response.Headers.TryAddWithoutValidation("X-Request-Id", "header-id");

        var result = CocResponseMapper.Map(response, Bytes(body), TimeProvider.System);

        Assert.That(result.RequestId, Is.EqualTo("header-id"));
    }

    [Test]
    public void A_success_without_any_request_id_has_none()
    {
        using var response = Response(200, CocBodies.Success);

        var result = CocResponseMapper.Map(response, Bytes(CocBodies.Success), TimeProvider.System);

        Assert.That(result.RequestId, Is.Null);
    }

    // Outside 2xx the success code is not a success: the status is not one COC answers a success with.
    [TestCase(199)]
    [TestCase(300)]
    [TestCase(302)]
    public void A_success_envelope_outside_2xx_is_a_failure(int status)
    {
        using var response = Response(status, CocBodies.Success);

        var error = Fail(response, CocBodies.Success);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<ServiceException>());
            Assert.That(error.StatusCode, Is.EqualTo(status));
            Assert.That(error.ErrorCode, Is.EqualTo("GOM.00000000"));
            Assert.That(error.Message, Is.EqualTo($"COC returned error code GOM.00000000 (HTTP {status}, code GOM.00000000)"));
        });
    }

    [Test]
    public void A_code_failure_has_the_exact_message_and_nothing_more()
    {
        using var response = Response(400, CocBodies.InvalidParameter);
        response.Headers.Date = Now.AddHours(-3);

        var error = Fail(response, CocBodies.InvalidParameter);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<InvalidParameterException>());
            Assert.That(error.Message, Is.EqualTo("COC returned error code GOM.00007256 (HTTP 400, code GOM.00007256, message: 参数错误)"));
        });
    }

    [TestCase(200, "{\"foo\":1}", typeof(InvalidResponseException), "COC answered HTTP 200 with a JSON body that has no error_code (9 bytes) (HTTP 200)")]
    [TestCase(201, "{\"error_code\":\"\"}", typeof(InvalidResponseException), "COC answered HTTP 201 with a JSON body that has no error_code (17 bytes) (HTTP 201)")]
    [TestCase(503, "{\"foo\":1}", typeof(ServiceUnavailableException), "COC answered HTTP 503 with a JSON body that has no error_code (9 bytes) (HTTP 503)")]
    [TestCase(409, "{\"foo\":1}", typeof(InvalidResponseException), "COC answered HTTP 409 with a JSON body that has no error_code (9 bytes) (HTTP 409)")]
    [TestCase(418, "<p>x</p>", typeof(InvalidResponseException), "COC answered HTTP 418 with a body that is not a COC JSON envelope (application/json, 8 bytes); see ResponseBodyExcerpt (HTTP 418)")]
    [TestCase(200, "<p>x</p>", typeof(InvalidResponseException), "COC answered HTTP 200 with a body that is not a COC JSON envelope (application/json, 8 bytes); see ResponseBodyExcerpt (HTTP 200)")]
    [TestCase(404, "", typeof(ResourceNotFoundException), "COC answered HTTP 404 with an empty body (HTTP 404)")]
    [TestCase(300, "", typeof(InvalidResponseException), "COC answered HTTP 300 with an empty body (HTTP 300)")]
    public void A_failure_without_a_code_has_the_exact_message(int status, string body, Type expected, string message)
    {
        using var response = Response(status, body);

        var error = Fail(response, body);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf(expected));
            Assert.That(error.Message, Is.EqualTo(message));
            Assert.That(error.ErrorCode, Is.Null.Or.Empty);
        });
    }

    [TestCase(429, typeof(ThrottledException), null)]
    [TestCase(503, typeof(ServiceUnavailableException), null)]
    [TestCase(429, typeof(ThrottledException), "APIG.0308")]
    [TestCase(502, typeof(ServiceUnavailableException), "APIG.0202")]
    [TestCase(504, typeof(ServiceUnavailableException), "APIGW.0203")]
    public void Retry_after_is_kept_with_or_without_a_code(int status, Type expected, string? code)
    {
        var body = code is null ? "{}" : CocBodies.Gateway(code, "busy");
        using var response = Response(status, body);
        response.Headers.TryAddWithoutValidation("Retry-After", "17");

        var error = Fail(response, body);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf(expected));
            var retryAfter = error is ThrottledException throttled ? throttled.RetryAfter : ((ServiceUnavailableException)error).RetryAfter;
            Assert.That(retryAfter, Is.EqualTo(TimeSpan.FromSeconds(17)));
            Assert.That(error.ErrorCode, Is.EqualTo(code));
        });
    }

    // status, body, expected type, expected code, expected message
    public static readonly object?[] Shapes =
    [
        // An empty error_code does not hide the other shapes.
        new object?[] { 403, """{"error_code":"","code":"APIG.0302","message":"m"}""", typeof(PermissionDeniedException), "APIG.0302", "m" },
        new object?[] { 403, """{"code":"","error":{"code":"IAM.0003","message":"nested"}}""", typeof(PermissionDeniedException), "IAM.0003", "nested" },
        new object?[] { 403, """{"error":{"error_code":"","code":"IAM.0002","message":"nested"}}""", typeof(PermissionDeniedException), "IAM.0002", "nested" },
        // With a top-level code, message wins over msg, which wins over error_msg.
        new object?[] { 400, """{"code":"X.1","message":"a","msg":"b","error_msg":"c"}""", typeof(ServiceException), "X.1", "a" },
        new object?[] { 400, """{"code":"X.1","msg":"b","error_msg":"c"}""", typeof(ServiceException), "X.1", "b" },
        new object?[] { 400, """{"code":"X.1","error_msg":"c"}""", typeof(ServiceException), "X.1", "c" },
        // Without any code, error_msg wins over message, which wins over msg.
        new object?[] { 403, """{"error_msg":"a","message":"b","msg":"c"}""", typeof(PermissionDeniedException), null, "a" },
        new object?[] { 403, """{"message":"b","msg":"c"}""", typeof(PermissionDeniedException), null, "b" },
        new object?[] { 403, """{"msg":"c"}""", typeof(PermissionDeniedException), null, "c" },
        new object?[] { 403, """{"message":7}""", typeof(PermissionDeniedException), null, "7" },
        // A nested pair's own message wins over the top-level one; without one, the top-level one is kept.
        new object?[] { 403, """{"message":"top","error":{"code":"IAM.0003","message":"nested"}}""", typeof(PermissionDeniedException), "IAM.0003", "nested" },
        new object?[] { 403, """{"message":"top","error":{"code":"IAM.0003"}}""", typeof(PermissionDeniedException), "IAM.0003", "top" },
        new object?[] { 403, """{"error_msg":"top","error":{"error_code":"IAM.0003","error_msg":"nested"}}""", typeof(PermissionDeniedException), "IAM.0003", "nested" },
        new object?[] { 403, """{"error_msg":"top","error":{"message":"nested"}}""", typeof(PermissionDeniedException), null, "top" },
        new object?[] { 403, """{"error":{"message":"nested"}}""", typeof(PermissionDeniedException), null, "nested" },
        new object?[] { 403, """{"error":"denied"}""", typeof(PermissionDeniedException), null, null },
        new object?[] { 403, """{"error":{"code":null,"message":"nested"}}""", typeof(PermissionDeniedException), null, "nested" },
        // Only a numeric code lets the status decide the type; an unknown text code stays in the base type.
        new object?[] { 403, """{"code":403,"message":"m"}""", typeof(PermissionDeniedException), "403", "m" },
        new object?[] { 404, """{"error":{"code":404,"message":"m"}}""", typeof(ResourceNotFoundException), "404", "m" },
        new object?[] { 403, """{"code":"COC.99999999","message":"m"}""", typeof(ServiceException), "COC.99999999", "m" },
        new object?[] { 403, """{"error":{"code":"IAM.9999","message":"m"}}""", typeof(ServiceException), "IAM.9999", "m" },
        new object?[] { 403, """{"error_code":"GOM.00009999","error_msg":"m"}""", typeof(ServiceException), "GOM.00009999", "m" },
        new object?[] { 503, """{"error_code":"GOM.00009999","error_msg":"m"}""", typeof(ServiceException), "GOM.00009999", "m" },
        new object?[] { 404, """{"error_code":"APIGW.0101","error_msg":"m"}""", typeof(ResourceNotFoundException), "APIGW.0101", "m" },
        new object?[] { 401, """{"error_code":"APIGW.0301","error_msg":"m"}""", typeof(AuthenticationFailedException), "APIGW.0301", "m" },
        new object?[] { 403, """{"error_code":"APIGW.0302","error_msg":"m"}""", typeof(PermissionDeniedException), "APIGW.0302", "m" },
        new object?[] { 400, """{"error_code":"APIGW","error_msg":"m"}""", typeof(ServiceException), "APIGW", "m" },
    ];

    [TestCaseSource(nameof(Shapes))]
    public void Each_shape_gives_its_code_message_and_type(int status, string body, Type expected, string? code, string? message)
    {
        using var response = Response(status, body);

        var error = Fail(response, body);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf(expected));
            Assert.That(error.ErrorCode, Is.EqualTo(code));
            Assert.That(error.ErrorMessage, Is.EqualTo(message));
            Assert.That(error.StatusCode, Is.EqualTo(status));
        });
    }

    [Test]
    public void An_expired_signature_without_a_server_date_says_to_check_the_clock()
    {
        var body = CocBodies.Gateway("APIG.0303", "Incorrect app authentication information: signature expired", "rid");
        using var response = Response(401, body);

        var error = Fail(response, body);

        Assert.That(error.Message, Is.EqualTo(
            "COC returned error code APIG.0303: the signature expired; the gateway accepts X-Sdk-Date within 15 minutes of its clock, so check this machine's clock"
            + " (HTTP 401, code APIG.0303, message: Incorrect app authentication information: signature expired, request id rid)"));
    }

    [TestCase(-16 * 60 - 5, "16 min 5 s behind")]
    [TestCase(0, "0 min 0 s ahead of")]
    [TestCase(20 * 60 + 59, "20 min 59 s ahead of")]
    public void An_expired_signature_reports_how_far_this_clock_is_from_the_servers(int secondsAhead, string expected)
    {
        var body = CocBodies.Gateway("APIG.0303", "Expired signature", "rid");
        using var response = Response(401, body);
        response.Headers.Date = Now.AddSeconds(-secondsAhead);

        var error = Fail(response, body);

        Assert.That(error.Message, Is.EqualTo(
            $"COC returned error code APIG.0303: the signature expired because this machine's clock is {expected} the server's (its Date header); the gateway accepts X-Sdk-Date within 15 minutes"
            + " (HTTP 401, code APIG.0303, message: Expired signature, request id rid)"));
    }

    [TestCase("APIG.0303", "verify aksk signature fail")]
    [TestCase("APIG.0301", "signature expired")]
    [TestCase("IAM.0001", "signature expired")]
    public void Other_authentication_failures_get_no_clock_note(string code, string message)
    {
        var body = CocBodies.Gateway(code, message, "rid");
        using var response = Response(401, body);
        response.Headers.Date = Now.AddHours(-1);

        var error = Fail(response, body);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<AuthenticationFailedException>());
            Assert.That(error.Message, Is.EqualTo($"COC returned error code {code} (HTTP 401, code {code}, message: {message}, request id rid)"));
        });
    }

    [Test]
    public void An_expired_signature_code_without_a_message_gets_no_clock_note()
    {
        const string body = """{"error_code":"APIG.0303"}""";
        using var response = Response(401, body);
        response.Headers.Date = Now.AddHours(-1);

        var error = Fail(response, body);

        Assert.That(error.Message, Is.EqualTo("COC returned error code APIG.0303 (HTTP 401, code APIG.0303)"));
    }

    private static ServiceException Fail(HttpResponseMessage response, string body) =>
        Assert.Catch<ServiceException>(() => CocResponseMapper.Map(response, Bytes(body), new ManualTimeProvider(Now)))!;

    private static HttpResponseMessage Response(int status, string body) =>
        new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
