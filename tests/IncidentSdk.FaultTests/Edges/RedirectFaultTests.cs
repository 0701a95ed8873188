namespace IncidentSdk.FaultTests.Edges;

/// <summary>
/// Redirects on real sockets: the configured server answers 301, 302, 303, 307 or 308 pointing at a second server on
/// another port, or on another host name. The SDK's own transports follow none, so the second server receives
/// nothing (no token, no signature, no repeated action) and the call fails with
/// <see cref="UnexpectedRedirectException"/> naming the status and the origin of <c>Location</c>, never its query.
/// An app's HttpClient that follows redirects cannot be stopped from sending, but the SDK notices the answer came
/// from elsewhere and fails instead of reporting success.
/// </summary>
public class RedirectFaultTests
{
    private const string CocSuccess = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null}""";
    private const string QuerySecret = "query-secret-0123";

    private static readonly int[] Statuses = [301, 302, 303, 307, 308];

    [Test]
    public async Task Coc_redirect_is_never_followed_and_never_reported_as_success(
        [ValueSource(nameof(Statuses))] int status, [Values] bool crossHost, [Values] ClientPath path, [Values] bool akSk)
    {
        await using var second = await RecordingServer.StartAsync(CocSuccess);
        var origin = $"http://{(crossHost ? "localhost" : "127.0.0.1")}:{second.BaseAddress.Port}";
        await using var first = await RecordingServer.StartAsync(string.Empty, status, c => c.Response.Headers.Location = origin + "/v1/external/incident/handle?sig=" + QuerySecret);
        var (client, owner) = EdgeClients.CocClient(path, o => EdgeClients.Coc(o, first.BaseAddress, akSk));
        using var _ = owner;

        var (error, _) = await Expect.ThrowsExactlyAsync<UnexpectedRedirectException>(() => client.AcceptAsync("IM202403221515060171753781", "op-1"));

        AssertRedirect(error, status, origin, path, first, second, "acceptedIncident1");
    }

    [Test]
    public async Task Zabbix_redirect_with_the_token_in_the_auth_field_is_never_followed(
        [ValueSource(nameof(Statuses))] int status, [Values] bool crossHost, [Values] ClientPath path)
    {
        await using var second = await RecordingServer.StartAsync("""{"jsonrpc":"2.0","result":{"eventids":["1001"]},"id":1}""");
        var origin = $"http://{(crossHost ? "localhost" : "127.0.0.1")}:{second.BaseAddress.Port}";
        await using var first = await RecordingServer.StartAsync(string.Empty, status, c => c.Response.Headers.Location = origin + "/api_jsonrpc.php?auth=" + QuerySecret);
        var (client, owner) = EdgeClients.ZabbixClient(path, o => EdgeClients.Zabbix(o, first.BaseAddress, "6.0.14", password: false));
        using var _ = owner;

        var (error, _) = await Expect.ThrowsExactlyAsync<UnexpectedRedirectException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1001"])));

        AssertRedirect(error, status, origin, path, first, second, "event.acknowledge");
        Assert.That(first.Received[0].Body, Does.Contain(FakeZabbix.ApiToken), "6.0 carries the token in the body: only the configured server may see it");
    }

    [Test]
    public async Task Zabbix_password_login_is_never_reposted_to_the_redirect_target([Values(307, 308)] int status, [Values] bool crossHost)
    {
        await using var second = await RecordingServer.StartAsync("""{"jsonrpc":"2.0","result":"0424bd59b807674191e7d77572075f33","id":1}""");
        var origin = $"http://{(crossHost ? "localhost" : "127.0.0.1")}:{second.BaseAddress.Port}";
        await using var first = await RecordingServer.StartAsync(string.Empty, status, c => c.Response.Headers.Location = origin + "/api_jsonrpc.php");
        var (client, owner) = EdgeClients.ZabbixClient(ClientPath.Constructor, o => EdgeClients.Zabbix(o, first.BaseAddress, "7.0.0", password: true));
        using var _ = owner;

        var (error, _) = await Expect.ThrowsExactlyAsync<UnexpectedRedirectException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1001"])));

        Assert.Multiple(() =>
        {
            Assert.That(error.Error.Operation, Is.EqualTo("user.login"));
            Assert.That(first.Received.Select(r => r.Body).Single(), Does.Contain("user.login"), "one login, not retried and no re-login");
            Assert.That(second.Received, Is.Empty, "the password never reaches another origin");
        });
    }

    private static void AssertRedirect(UnexpectedRedirectException error, int status, string origin, ClientPath path, RecordingServer first, RecordingServer second, string operation)
    {
        Assert.Multiple(() =>
        {
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.Error.Operation, Is.EqualTo(operation));
            Assert.That(error.RedirectOrigin, Is.EqualTo(origin), "the origin of Location, without path or query");
            Assert.That(error.Message, Does.Not.Contain(QuerySecret));
            Assert.That(error.ToString(), Does.Not.Contain(QuerySecret));
            Assert.That(first.Received, Has.Count.EqualTo(1), "a redirect is not retried");
            Assert.That(first.Received[0].Method, Is.EqualTo("POST"));
            if (path == ClientPath.AppHttpClient)
            {
                // The app's transport followed before the SDK could see the answer: the SDK refuses the answer.
                Assert.That(error.Followed, Is.True);
                Assert.That(error.StatusCode, Is.EqualTo(200), "the status of the answer that came from elsewhere");
                Assert.That(second.Received, Has.Count.EqualTo(1));
                Assert.That(second.Received[0].Method, Is.EqualTo(status is 307 or 308 ? "POST" : "GET"));
            }
            else
            {
                Assert.That(error.Followed, Is.False);
                Assert.That(error.StatusCode, Is.EqualTo(status));
                Assert.That(second.Received, Is.Empty, "nothing, not even a GET, reaches the redirect target");
            }
        });
    }
}
