using System.Text.Json;

namespace IncidentSdk.Tests.JsonRpc;

/// <summary>
/// Which exception each Zabbix answer becomes: the HTTP status of a non-2xx answer, the JSON-RPC error's code and
/// data, and the id that must match the request's. The mapper is called as the client calls it (method
/// <c>event.acknowledge</c>, request id 1).
/// </summary>
public class ZabbixResponseMappingTests
{
    private const string Method = "event.acknowledge";
    private const string Hint = "If the credentials are valid, check the web server.";
    private const string Html = "<html><body>down</body></html>";
    private const string ValidResult = """{"jsonrpc":"2.0","result":{"eventids":["5"]},"id":1}""";

    public static readonly object[] StatusCases =
    [
        new object[] { 400, typeof(InvalidParameterException) },
        new object[] { 401, typeof(AuthenticationFailedException) },
        new object[] { 403, typeof(PermissionDeniedException) },
        new object[] { 404, typeof(ResourceNotFoundException) },
        new object[] { 413, typeof(InvalidParameterException) },
        new object[] { 414, typeof(InvalidParameterException) },
        new object[] { 429, typeof(ThrottledException) },
        new object[] { 500, typeof(ServiceUnavailableException) },
        new object[] { 502, typeof(ServiceUnavailableException) },
        new object[] { 503, typeof(ServiceUnavailableException) },
        new object[] { 599, typeof(ServiceUnavailableException) },
        new object[] { 300, typeof(InvalidResponseException) },
        new object[] { 304, typeof(InvalidResponseException) },
        new object[] { 409, typeof(InvalidResponseException) },
        new object[] { 418, typeof(InvalidResponseException) },
        new object[] { 199, typeof(InvalidResponseException) },
        new object[] { 600, typeof(InvalidResponseException) },
    ];

    [TestCaseSource(nameof(StatusCases))]
    public void A_non_2xx_answer_maps_by_its_status(int status, Type expected)
    {
        using var response = Response(status, Html, "text/html");

        var error = Map(response, Html);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf(expected));
            Assert.That(error.StatusCode, Is.EqualTo(status));
            Assert.That(error.ErrorCode, Is.Null);
            Assert.That(error.ErrorData, Is.Null);
            Assert.That(error.RequestId, Is.EqualTo("1"));
            Assert.That(error.Error.Operation, Is.EqualTo(Method));
            Assert.That(error.ResponseBodyExcerpt, Is.EqualTo(Html));
            Assert.That(error.Message, Is.EqualTo(
                $"Zabbix answered HTTP {status} with a body that is not a JSON-RPC response (text/html, 30 bytes); see ResponseBodyExcerpt"
                + $" (operation {Method}, HTTP {status}, request id 1)"));
        });
    }

    [TestCase(300)]
    [TestCase(500)]
    [TestCase(401)]
    public void A_non_2xx_answer_is_a_failure_even_with_a_valid_result_body(int status)
    {
        using var response = Response(status, ValidResult);

        var error = Map(response, ValidResult);

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(status));
            Assert.That(error.Message, Does.StartWith($"Zabbix answered HTTP {status} with a body that is not a JSON-RPC response (application/json, {ValidResult.Length} bytes)"));
        });
    }

    [TestCase(200)]
    [TestCase(201)]
    [TestCase(299)]
    public void Any_2xx_answer_with_a_matching_result_is_the_result(int status)
    {
        using var response = Response(status, ValidResult);

        var result = JsonRpcResponseMapper.Map(response, Bytes(ValidResult), Method, 1, TimeProvider.System);

        Assert.That(result.GetRawText(), Is.EqualTo("""{"eventids":["5"]}"""));
    }

    [Test]
    public void An_empty_non_2xx_answer_says_so()
    {
        using var response = Response(502, string.Empty);

        var error = Map(response, string.Empty);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<ServiceUnavailableException>());
            Assert.That(error.Message, Is.EqualTo($"Zabbix answered HTTP 502 with an empty body (operation {Method}, HTTP 502, request id 1)"));
        });
    }

    [Test]
    public void Http_412_explains_the_refused_content_type()
    {
        using var response = Response(412, string.Empty);

        var error = Map(response, string.Empty);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<InvalidResponseException>());
            Assert.That(error.Message, Is.EqualTo(
                "Zabbix answered HTTP 412 Precondition Failed: it refused the request's Content-Type (the SDK sends application/json-rpc; a proxy may have changed it)"
                + $" (operation {Method}, HTTP 412, request id 1)"));
        });
    }

    [TestCase(429, typeof(ThrottledException))]
    [TestCase(503, typeof(ServiceUnavailableException))]
    public void Retry_after_is_kept_on_throttling_and_unavailability(int status, Type expected)
    {
        using var response = Response(status, Html, "text/html");
        response.Headers.TryAddWithoutValidation("Retry-After", "7");

        var error = Map(response, Html);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf(expected));
            var retryAfter = error is ThrottledException throttled ? throttled.RetryAfter : ((ServiceUnavailableException)error).RetryAfter;
            Assert.That(retryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
        });
    }

    [Test]
    public void Retry_after_as_a_date_is_counted_from_the_injected_clock()
    {
        var now = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
        using var response = Response(429, string.Empty);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(now.AddSeconds(90));

        var error = Assert.Throws<ThrottledException>(() => JsonRpcResponseMapper.Map(response, [], Method, 1, new ManualTimeProvider(now)));

        Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(90)));
    }

    [Test]
    public void A_json_rpc_error_has_an_exact_message_with_code_message_data_and_ids()
    {
        const string body = """{"jsonrpc":"2.0","error":{"code":-32500,"message":"Application error.","data":"Cannot close problem."},"id":1}""";
        using var response = Response(200, body);

        var error = Assert.Throws<ServiceException>(() => JsonRpcResponseMapper.Map(response, Bytes(body), Method, 1, TimeProvider.System, Hint, ["5", "6"]));

        Assert.That(error!.Message, Is.EqualTo(
            $"Zabbix answered '{Method}' with JSON-RPC error -32500 (operation {Method}, HTTP 200, code -32500, message: Application error., data: Cannot close problem., request id 1, ids 5, 6)"));
    }

    // Each text with which Zabbix 6.0-7.x refuses credentials is an authentication failure, whatever the code.
    [TestCase("Not authorized.")]
    [TestCase("Session terminated, re-login, please.")]
    [TestCase("Incorrect user name or password or account is temporarily blocked.")]
    [TestCase("API token expired.")]
    [TestCase("The \\\"apiinfo.version\\\" method must be called without the \\\"auth\\\" parameter.")]
    [TestCase("Not authorized: API call without authorization header.")]
    public void Every_credential_refusal_is_an_authentication_failure(string data)
    {
        var body = Error(-32602, data);
        using var response = Response(200, body);

        var error = Map(response, body);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<AuthenticationFailedException>());
            Assert.That(error.ErrorData, Is.EqualTo(data.Replace("\\\"", "\"", StringComparison.Ordinal)));
        });
    }

    [Test]
    public void Not_authorized_over_the_bearer_header_carries_the_hint_after_the_summary()
    {
        var body = Error(-32602, "Not authorized.");
        using var response = Response(200, body);

        var error = Assert.Throws<AuthenticationFailedException>(() => JsonRpcResponseMapper.Map(response, Bytes(body), Method, 1, TimeProvider.System, Hint));

        Assert.That(error!.Message, Is.EqualTo(
            $"Zabbix answered '{Method}' with JSON-RPC error -32602. {Hint} (operation {Method}, HTTP 200, code -32602, message: Invalid params., data: Not authorized., request id 1)"));
    }

    [TestCase("Session terminated, re-login, please.", typeof(AuthenticationFailedException))]
    [TestCase("API token expired.", typeof(AuthenticationFailedException))]
    [TestCase("Incorrect value for field \\\"action\\\".", typeof(InvalidParameterException))]
    public void Only_not_authorized_carries_the_bearer_hint(string data, Type expected)
    {
        var body = Error(-32602, data);
        using var response = Response(200, body);

        var error = Assert.Catch<ServiceException>(() => JsonRpcResponseMapper.Map(response, Bytes(body), Method, 1, TimeProvider.System, Hint))!;

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf(expected));
            Assert.That(error.Message, Does.StartWith($"Zabbix answered '{Method}' with JSON-RPC error -32602 (operation"));
            Assert.That(error.Message, Does.Not.Contain(Hint));
        });
    }

    [Test]
    public void Not_authorized_without_a_hint_has_the_plain_summary()
    {
        var body = Error(-32602, "Not authorized.");
        using var response = Response(200, body);

        var error = Map(response, body);

        Assert.That(error.Message, Does.StartWith($"Zabbix answered '{Method}' with JSON-RPC error -32602 (operation"));
    }

    [TestCase(1, typeof(ServiceUnavailableException))]
    [TestCase(-32603, typeof(ServiceUnavailableException))]
    [TestCase(-32602, typeof(InvalidParameterException))]
    [TestCase(-32000, typeof(ServiceException))]
    [TestCase(32602, typeof(ServiceException))]
    public void An_error_without_data_maps_by_its_code(int code, Type expected)
    {
        var body = $$"""{"jsonrpc":"2.0","error":{"code":{{code}},"message":"m"},"id":1}""";
        using var response = Response(200, body);

        var error = Map(response, body);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf(expected));
            Assert.That(error.ErrorCode, Is.EqualTo(code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(error.ErrorMessage, Is.EqualTo("m"));
            Assert.That(error.ErrorData, Is.Null);
        });
    }

    [TestCase("""{"reason":"x"}""", """{"reason":"x"}""")]
    [TestCase("42", "42")]
    [TestCase("null", null)]
    [TestCase("\"\\ud800\"", "\"\\ud800\"")]
    [TestCase("\"a\\u0022b\"", "a\"b")]
    public void Error_data_keeps_a_string_decoded_and_anything_else_as_raw_json(string dataJson, string? expected)
    {
        var body = $$"""{"jsonrpc":"2.0","error":{"code":-32500,"message":"m","data":{{dataJson}}},"id":1}""";
        using var response = Response(200, body);

        var error = Map(response, body);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<ServiceException>());
            Assert.That(error.ErrorData, Is.EqualTo(expected));
        });
    }

    [Test]
    public void Error_data_that_is_not_valid_utf8_is_a_placeholder()
    {
        var body = Concat("""{"jsonrpc":"2.0","error":{"code":-32500,"message":"m","data":"""u8, [(byte)'"', 0xFF, 0xFE, (byte)'"'], "},\"id\":1}"u8);
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };

        var error = Assert.Catch<ServiceException>(() => JsonRpcResponseMapper.Map(response, body, Method, 1, TimeProvider.System))!;

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<ServiceException>());
            Assert.That(error.ErrorData, Is.EqualTo("(JSON that is not valid UTF-8)"));
        });
    }

    // Zabbix answers a parse error with "id": null; an error that names another request's id is not this call's.
    [TestCase("null", typeof(InvalidParameterException))]
    [TestCase("1", typeof(InvalidParameterException))]
    [TestCase("\"1\"", typeof(InvalidParameterException))]
    [TestCase("99", typeof(InvalidResponseException))]
    [TestCase("\"99\"", typeof(InvalidResponseException))]
    public void An_error_must_carry_the_request_id_or_null(string id, Type expected)
    {
        var body = $$"""{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error.","data":"Invalid JSON."},"id":{{id}}}""";
        using var response = Response(200, body);

        var error = Map(response, body);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf(expected));
            if (expected == typeof(InvalidResponseException))
            {
                Assert.That(error.Message, Is.EqualTo($"Zabbix answered '{Method}' with id {id}, not the request's id 1 (operation {Method}, HTTP 200, request id 1)"));
                Assert.That(error.ErrorCode, Is.Null);
            }
            else
            {
                Assert.That(error.ErrorCode, Is.EqualTo("-32700"));
            }
        });
    }

    [TestCase("1")]
    [TestCase("\"1\"")]
    public void A_result_with_the_request_id_as_number_or_string_is_accepted(string id)
    {
        var body = $$"""{"jsonrpc":"2.0","result":true,"id":{{id}}}""";
        using var response = Response(200, body);

        var result = JsonRpcResponseMapper.Map(response, Bytes(body), Method, 1, TimeProvider.System);

        Assert.That(result.ValueKind, Is.EqualTo(JsonValueKind.True));
    }

    [TestCase("2")]
    [TestCase("0")]
    [TestCase("\"2\"")]
    [TestCase("\"01\"")]
    [TestCase("1.0")]
    [TestCase("1e0")]
    [TestCase("true")]
    [TestCase("[1]")]
    [TestCase("{\"id\":1}")]
    [TestCase("null")]
    [TestCase("9223372036854775808")]
    public void A_result_with_any_other_id_is_an_invalid_response(string id)
    {
        var body = $$"""{"jsonrpc":"2.0","result":true,"id":{{id}}}""";
        using var response = Response(200, body);

        var error = Map(response, body);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<InvalidResponseException>());
            Assert.That(error.Message, Does.StartWith($"Zabbix answered '{Method}' with id {(id == "null" ? "(none)" : id)}, not the request's id 1"));
        });
    }

    [Test]
    public void A_2xx_body_that_is_not_json_rpc_says_what_it_is()
    {
        using var response = Response(200, Html, "text/html");

        var error = Map(response, Html);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<InvalidResponseException>());
            Assert.That(error.Message, Is.EqualTo(
                $"Zabbix answered HTTP 200 with a body that is not a JSON-RPC response object (text/html, 30 bytes); see ResponseBodyExcerpt (operation {Method}, HTTP 200, request id 1)"));
        });
    }

    [Test]
    public void A_response_with_neither_result_nor_error_has_an_exact_message()
    {
        const string body = """{"jsonrpc":"2.0","id":1}""";
        using var response = Response(200, body);

        var error = Map(response, body);

        Assert.That(error.Message, Is.EqualTo($"Zabbix answered a JSON-RPC response with neither result nor error (operation {Method}, HTTP 200, request id 1)"));
    }

    // Only an ended session is worth a new login: Zabbix's two texts for it, on an authentication failure.
    [TestCase("Session terminated, re-login, please.", true)]
    [TestCase("Not authorized.", true)]
    [TestCase("API token expired.", false)]
    [TestCase("Incorrect user name or password or account is temporarily blocked.", false)]
    [TestCase("Not authorized: API call without authorization header.", false)]
    public void An_ended_session_is_recognised_by_its_text(string data, bool ended)
    {
        var error = new AuthenticationFailedException("s", new ServiceErrorInfo { ErrorData = data });

        Assert.That(JsonRpcResponseMapper.IsSessionEnded(error), Is.EqualTo(ended));
    }

    [Test]
    public void Only_an_authentication_failure_can_be_an_ended_session()
    {
        var notAuthentication = new ServiceException("s", new ServiceErrorInfo { ErrorData = "Session terminated" });
        var invalid = new InvalidParameterException("s", new ServiceErrorInfo { ErrorData = "Not authorized." });
        var withoutData = new AuthenticationFailedException("s", new ServiceErrorInfo());

        Assert.Multiple(() =>
        {
            Assert.That(JsonRpcResponseMapper.IsSessionEnded(notAuthentication), Is.False);
            Assert.That(JsonRpcResponseMapper.IsSessionEnded(invalid), Is.False);
            Assert.That(JsonRpcResponseMapper.IsSessionEnded(withoutData), Is.False);
        });
    }

    [Test]
    public void An_authentication_failure_that_is_not_an_ended_session_is_not_retried_with_a_new_login()
    {
        using var mock = new MockHttpMessageHandler();
        var login = mock.Rpc("user.login").Result($"\"{ZabbixTest.Session}\"");
        var ack = mock.Rpc("event.acknowledge").Error(-32500, "Application error.", "Incorrect user name or password or account is temporarily blocked.");
        using var client = ZabbixTest.Client(mock, "6.0.14", o =>
        {
            o.ApiToken = null;
            o.Username = "Admin";
            o.Password = ZabbixTest.Password;
        });

        Assert.ThrowsAsync<AuthenticationFailedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"])));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(login), Is.EqualTo(1));
            Assert.That(mock.GetMatchCount(ack), Is.EqualTo(1));
        });
    }

    [Test]
    public void A_non_authentication_error_mentioning_a_session_is_not_retried_with_a_new_login()
    {
        using var mock = new MockHttpMessageHandler();
        var login = mock.Rpc("user.login").Result($"\"{ZabbixTest.Session}\"");
        var ack = mock.Rpc("event.acknowledge").Error(-32500, "Application error.", "Session terminated");
        using var client = ZabbixTest.Client(mock, "6.0.14", o =>
        {
            o.ApiToken = null;
            o.Username = "Admin";
            o.Password = ZabbixTest.Password;
        });

        var error = Assert.ThrowsAsync<ServiceException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"])));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<ServiceException>());
            Assert.That(mock.GetMatchCount(login), Is.EqualTo(1));
            Assert.That(mock.GetMatchCount(ack), Is.EqualTo(1));
        });
    }

    [TestCase(HttpStatusCode.Unauthorized, typeof(AuthenticationFailedException))]
    [TestCase(HttpStatusCode.Forbidden, typeof(PermissionDeniedException))]
    [TestCase(HttpStatusCode.NotFound, typeof(ResourceNotFoundException))]
    public void Through_the_client_a_refusing_status_fails_once_with_its_type(HttpStatusCode status, Type expected)
    {
        using var mock = new MockHttpMessageHandler();
        var call = mock.Rpc("event.acknowledge").Respond(status, "text/html", Html);
        using var client = ZabbixTest.Client(mock);

        var error = Assert.CatchAsync<ServiceException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Close(["5"])))!;

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf(expected));
            Assert.That(error.StatusCode, Is.EqualTo((int)status));
            Assert.That(mock.GetMatchCount(call), Is.EqualTo(1));
        });
    }

    private static ServiceException Map(HttpResponseMessage response, string body) =>
        Assert.Catch<ServiceException>(() => JsonRpcResponseMapper.Map(response, Bytes(body), Method, 1, TimeProvider.System))!;

    private static HttpResponseMessage Response(int status, string body, string mediaType = "application/json") =>
        new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    private static string Error(int code, string data) =>
        $$"""{"jsonrpc":"2.0","error":{"code":{{code}},"message":"Invalid params.","data":"{{data}}"},"id":1}""";

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
    {
        var all = new byte[a.Length + b.Length + c.Length];
        a.CopyTo(all);
        b.CopyTo(all.AsSpan(a.Length));
        c.CopyTo(all.AsSpan(a.Length + b.Length));
        return all;
    }
}
