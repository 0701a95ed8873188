namespace IncidentSdk.Tests.JsonRpc;

public class ZabbixErrorTests
{
    public static readonly object[] ErrorCases =
    [
        new object[] { -32602, "Invalid params.", "Incorrect value for field \\\"action\\\": value must be one of 2, 16.", typeof(InvalidParameterException) },
        new object[] { -32600, "Invalid request.", "Invalid parameter \\\"/\\\": unexpected parameter \\\"auth\\\".", typeof(InvalidParameterException) },
        new object[] { -32700, "Parse error", "Invalid JSON. An error occurred on the server while parsing the JSON text.", typeof(InvalidParameterException) },
        new object[] { -32601, "Method not found.", "Incorrect method \\\"event.nope\\\".", typeof(ResourceNotFoundException) },
        new object[] { -32500, "Application error.", "No permissions to referred object or it does not exist!", typeof(ResourceNotFoundException) },
        new object[] { -32500, "Application error.", "Cannot close problem: trigger does not allow manual closing.", typeof(ServiceException) },
        new object[] { -32603, "Internal error.", "Database error", typeof(ServiceUnavailableException) },
        new object[] { -32602, "Invalid params.", "Not authorized.", typeof(AuthenticationFailedException) },
        new object[] { -32602, "Invalid params.", "Session terminated, re-login, please.", typeof(AuthenticationFailedException) },
        new object[] { -32500, "Application error.", "API token expired.", typeof(AuthenticationFailedException) },
    ];

    [TestCaseSource(nameof(ErrorCases))]
    public void A_json_rpc_error_keeps_code_message_data_method_and_id(int code, string message, string data, Type expected)
    {
        using var mock = new MockHttpMessageHandler();
        var call = mock.Rpc("event.acknowledge").Error(code, message, data);
        using var client = ZabbixTest.Client(mock);

        var error = Assert.CatchAsync<ServiceException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Close(["5"])));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf(expected));
            Assert.That(error!.ErrorCode, Is.EqualTo(code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(error.ErrorMessage, Is.EqualTo(message));
            Assert.That(error.ErrorData, Is.EqualTo(data.Replace("\\\"", "\"", StringComparison.Ordinal)));
            Assert.That(error.Error.Operation, Is.EqualTo("event.acknowledge"));
            Assert.That(error.RequestId, Is.EqualTo("1"));
            Assert.That(error.StatusCode, Is.EqualTo(200));
            Assert.That(mock.GetMatchCount(call), Is.EqualTo(1), "a JSON-RPC error is never retried");
        });
    }

    [Test]
    public void A_failed_acknowledge_keeps_the_event_ids_it_was_about()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("event.acknowledge").Error(-32500, "Application error.", "No permissions to referred object or it does not exist!");
        using var client = ZabbixTest.Client(mock);

        var error = Assert.ThrowsAsync<ResourceNotFoundException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Close(["5", "6"])));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Error.Targets, Is.EqualTo(new[] { "5", "6" }));
            Assert.That(error.Message, Does.Contain("ids 5, 6"));
        });
    }

    [Test]
    public void Not_authorized_over_the_bearer_header_explains_the_stripped_header_pitfall()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("event.acknowledge").Error(-32602, "Invalid params.", "Not authorized.");
        using var client = ZabbixTest.Client(mock, "7.0.0");

        var error = Assert.ThrowsAsync<AuthenticationFailedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Close(["5"])));

        Assert.That(error!.Message, Does.Contain("passes the Authorization header to PHP"));
    }

    [Test]
    public void Http_412_says_the_content_type_was_refused()
    {
        var error = Fail(new HttpResponseMessage(HttpStatusCode.PreconditionFailed) { Content = new ByteArrayContent([]) });

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<InvalidResponseException>());
            Assert.That(error.StatusCode, Is.EqualTo(412));
            Assert.That(error.Message, Does.Contain("refused the request's Content-Type"));
        });
    }

    [TestCase("<html><body>Zabbix is down</body></html>", "not a JSON-RPC response object (text/html")]
    [TestCase("", "with an empty body")]
    [TestCase("{\"jsonrpc\":\"2.0\",\"result\":{\"eventi", "not a JSON-RPC response object")]
    [TestCase("[{\"jsonrpc\":\"2.0\",\"result\":{},\"id\":1}]", "not a JSON-RPC response object")]
    [TestCase("{\"jsonrpc\":\"2.0\",\"result\":{\"eventids\":[\"5\"]},\"id\":8}", "with id 8, not the request's id 1")]
    [TestCase("{\"jsonrpc\":\"2.0\",\"result\":{\"eventids\":[\"5\"]}}", "with id (none), not the request's id 1")]
    [TestCase("{\"jsonrpc\":\"2.0\",\"id\":1}", "neither result nor error")]
    [TestCase("{\"jsonrpc\":\"2.0\",\"result\":[1,2],\"id\":1}", "a result of an unexpected shape")]
    public void Bad_bodies_give_a_clear_invalid_response(string body, string expected)
    {
        var content = new StringContent(body, Encoding.UTF8, body.StartsWith('<') ? "text/html" : "application/json");
        var error = Fail(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<InvalidResponseException>());
            Assert.That(error.Message, Does.Contain(expected));
            Assert.That(error.Error.Operation, Is.EqualTo("event.acknowledge"));
            Assert.That(error.ResponseBodyExcerpt, Is.EqualTo(body));
        });
    }

    [Test]
    public void Secrets_never_appear_in_exception_messages()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("user.login").Result($"\"{ZabbixTest.Session}\"");
        mock.Rpc("event.acknowledge").Error(-32500, "Application error.", "No permissions to referred object or it does not exist!");
        using var client = ZabbixTest.Client(mock, "6.0.14", o =>
        {
            o.ApiToken = null;
            o.Username = "Admin";
            o.Password = ZabbixTest.Password;
        });

        var error = Assert.CatchAsync<ServiceException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Close(["5"])));

        Assert.That(error!.ToString(), Does.Not.Contain(ZabbixTest.Password).And.Not.Contain(ZabbixTest.Session));
    }

    private static ServiceException Fail(HttpResponseMessage response)
    {
        using var mock = new MockHttpMessageHandler();
        var call = mock.Rpc("event.acknowledge").Respond(_ => response);
        using var client = ZabbixTest.Client(mock);

        var error = Assert.CatchAsync<ServiceException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Close(["5"])));
        Assert.That(mock.GetMatchCount(call), Is.EqualTo(1));
        return error!;
    }
}
