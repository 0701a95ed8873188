namespace IncidentSdk.Tests.Http;

/// <summary>What both clients share through their one request path: disposal during a call, and where a path lands under an endpoint.</summary>
public class RequestCoreTests
{
    [Test]
    public async Task A_COC_call_cut_off_by_disposing_the_client_says_it_may_have_reached_COC()
    {
        using var transport = new DisposedWhileSending();
        var client = CocTest.Client(transport);

        var call = client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);
        await transport.Arrived;
        client.Dispose();
        transport.Release();
        var error = Assert.ThrowsAsync<TransportException>(() => call);

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Is.EqualTo("The COC call 'acceptedIncident1' was stopped because the client was disposed; COC may have received and acted on it."));
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.Operation, Is.EqualTo("acceptedIncident1"));
            Assert.That(error.InnerException, Is.InstanceOf<ObjectDisposedException>());
            Assert.That(transport.Sends, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_Zabbix_call_cut_off_by_disposing_the_client_says_it_may_have_reached_Zabbix()
    {
        using var transport = new DisposedWhileSending();
        var client = new JsonRpcEventClient(new HttpClient(transport), ZabbixTest.Options());

        var call = client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"]));
        await transport.Arrived;
        client.Dispose();
        transport.Release();
        var error = Assert.ThrowsAsync<TransportException>(() => call);

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Is.EqualTo("The Zabbix call 'event.acknowledge' was stopped because the client was disposed; Zabbix may have received and acted on it."));
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.Operation, Is.EqualTo("event.acknowledge"));
            Assert.That(transport.Sends, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_call_on_a_disposed_client_is_refused_before_anything_is_sent()
    {
        using var transport = new DisposedWhileSending();
        var coc = CocTest.Client(transport);
        var zabbix = new JsonRpcEventClient(new HttpClient(transport), ZabbixTest.Options());
        coc.Dispose();
        zabbix.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(Assert.ThrowsAsync<ObjectDisposedException>(() => coc.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator))!.ObjectName, Is.EqualTo(nameof(IncidentClient)));
            Assert.That(Assert.ThrowsAsync<ObjectDisposedException>(() => zabbix.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"])))!.ObjectName, Is.EqualTo(nameof(JsonRpcEventClient)));
            Assert.That(transport.Sends, Is.Zero);
        });
    }

    [TestCase("https://coc.example.test", "https://coc.example.test/v1/external/incident/handle")]
    [TestCase("https://coc.example.test/", "https://coc.example.test/v1/external/incident/handle")]
    [TestCase("https://gateway.example.test/coc", "https://gateway.example.test/coc/v1/external/incident/handle")]
    [TestCase("https://gateway.example.test/coc/", "https://gateway.example.test/coc/v1/external/incident/handle")]
    public void The_handle_path_lands_under_the_endpoint_and_its_base_path(string endpoint, string expected)
    {
        using var client = new IncidentClient(CocTest.Options(o => o.Endpoint = new Uri(endpoint)));

        Assert.Multiple(() =>
        {
            Assert.That(IncidentClient.HandlePath, Is.EqualTo("/v1/external/incident/handle"));
            Assert.That(client.HandleUri.AbsoluteUri, Is.EqualTo(expected));
        });
    }

    /// <summary>A transport that holds the first request until released, then fails as a transport its owner disposed does.</summary>
    private sealed class DisposedWhileSending : HttpMessageHandler
    {
        private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _sends;

        public Task Arrived => _arrived.Task;

        public int Sends => Volatile.Read(ref _sends);

        public void Release() => _release.TrySetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sends);
            _arrived.TrySetResult();
            await _release.Task.WaitAsync(cancellationToken);
            throw new ObjectDisposedException("SocketsHttpHandler");
        }
    }
}

/// <summary>The request core's description of an operation never shows its credential or body.</summary>
public class OutgoingRequestTextTests
{
    [Test]
    public void ToString_names_the_operation_and_target_but_not_the_credential_or_the_body()
    {
        var request = new IncidentSdk.Http.OutgoingRequest("event.get", true, HttpMethod.Post, new Uri("https://zabbix.example.test/api_jsonrpc.php?x=1"), Encoding.UTF8.GetBytes("{\"password\":\"hunter2\"}"), "application/json-rpc")
        {
            Authorization = "Bearer 0123456789abcdef-secret",
        };

        Assert.That(request.ToString(), Is.EqualTo("OutgoingRequest { Operation = event.get, Method = POST, Uri = https://zabbix.example.test/api_jsonrpc.php }"));
    }
}

/// <summary>A JSON-RPC call's description never shows its parameters, which for a login hold the password.</summary>
public class JsonRpcCallTextTests
{
    [Test]
    public void ToString_names_the_method_but_not_the_parameters()
    {
        var call = new IncidentSdk.JsonRpc.JsonRpcCall<string[], string>(
            "user.login", ["Admin", "hunter2-password"], IncidentSdk.JsonRpc.ZabbixJsonContext.Wire.JsonRpcRequestStringArray, IncidentSdk.JsonRpc.ZabbixJsonContext.Wire.String, Idempotent: true);

        Assert.That(call.ToString(), Is.EqualTo("JsonRpcCall { Method = user.login, Idempotent = true }"));
    }
}
