using IncidentSdk.Tests.Support;

namespace IncidentSdk.Tests.JsonRpc;

/// <summary>Who the client is to Zabbix: which credential goes out, and which session calls may be repeated.</summary>
public class ZabbixSessionTests
{
    [Test]
    public async Task An_empty_api_token_counts_as_none_so_the_client_logs_in_with_the_password()
    {
        using var mock = new MockHttpMessageHandler();
        var log = new RequestLog();
        mock.Rpc("user.login", expect: true).With(log.Capture).Result($"\"{ZabbixTest.Session}\"");
        mock.Rpc("event.get", expect: true).With(log.Capture).Result("[]");
        using var client = ZabbixTest.Client(mock, configure: o =>
        {
            o.ApiToken = string.Empty;
            o.Username = "Admin";
            o.Password = ZabbixTest.Password;
        });

        await client.GetEventsAsync(["1"]);

        mock.VerifyNoOutstandingExpectation();
        Assert.Multiple(() =>
        {
            Assert.That(log.Requests[0].Headers.Keys, Has.No.Member("authorization"), "login goes without auth");
            Assert.That(log.Requests[1].Headers["authorization"], Is.EqualTo("Bearer " + ZabbixTest.Session));
        });
    }

    [Test]
    public void The_user_lookup_of_a_read_back_is_repeated_after_a_502_because_it_changes_nothing()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("event.acknowledge", expect: true).Respond(HttpStatusCode.BadGateway);
        mock.Rpc("user.checkAuthentication", expect: true).Respond(HttpStatusCode.BadGateway);
        mock.Rpc("user.checkAuthentication", expect: true).Result("""{"userid":"5"}""");
        mock.Rpc("event.get", expect: true).Result("[]");
        using var client = ZabbixTest.Client(mock);

        Assert.ThrowsAsync<MessageNotConfirmedException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["1"], "m")));

        mock.VerifyNoOutstandingExpectation();
    }

    [Test]
    public async Task Logging_out_is_not_repeated_after_a_502_because_it_may_have_ended_the_session()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("user.login").Result($"\"{ZabbixTest.Session}\"");
        mock.Rpc("event.get").Result("[]");
        var logout = mock.Rpc("user.logout").Respond(HttpStatusCode.BadGateway);
        using var client = ZabbixTest.Client(mock, configure: o =>
        {
            o.ApiToken = null;
            o.Username = "Admin";
            o.Password = ZabbixTest.Password;
        });
        await client.GetEventsAsync(["1"]);

        var error = Assert.ThrowsAsync<ServiceUnavailableException>(() => client.LogoutAsync());

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(logout), Is.EqualTo(1));
            Assert.That(error!.StatusCode, Is.EqualTo(502));
            Assert.That(client.CurrentSessionId, Is.Null, "the session is dropped either way");
        });
    }
}
