using IncidentSdk.Authentication;
using IncidentSdk.Testing;
using static IncidentSdk.Tests.Testing.FakeZabbixClients;

namespace IncidentSdk.Tests.Testing;

/// <summary>What the fakes record is printed without credentials, so a failing test's output shows none.</summary>
public class FakeRecordMaskingTests
{
    private const string Password = "fake-record-password-0123456789";

    [TestCase("6.0.14")]
    [TestCase("7.0.22")]
    public async Task A_recorded_zabbix_call_prints_neither_the_password_nor_the_session(string version)
    {
        var fake = new FakeZabbixService(version);
        fake.AddUser("Admin", Password);
        var id = fake.AddProblem();
        var client = AdminClient(fake, Password);
        await client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage([id], "on it"));
        var session = client.CurrentSessionId!;
        await client.DisposeAsync();

        var calls = fake.Requests;
        var printed = string.Join("\n", calls.Select(c => c.ToString()));

        Assert.Multiple(() =>
        {
            Assert.That(calls.Select(c => c.Method), Is.EqualTo(new[] { "apiinfo.version", "user.login", "event.acknowledge", "user.logout" }));
            Assert.That(calls[1].Body, Does.Contain(Password), "the body itself stays verbatim");
            Assert.That(printed, Does.Not.Contain(Password));
            Assert.That(printed, Does.Not.Contain(session));
            Assert.That(calls[1].ToString(), Does.Contain("user.login").And.Contain("\"password\":\"***\"").And.Contain("\"username\":\"Admin\""));
            Assert.That(calls[2].ToString(), Does.Contain("on it"), "what is not a credential stays readable");
        });
        if (version == "6.0.14")
        {
            Assert.That(calls[2].ToString(), Does.Contain("\"auth\":\"***\""));
        }
    }

    [Test]
    public async Task A_recorded_zabbix_call_with_an_api_token_in_the_auth_field_prints_no_token()
    {
        var fake = new FakeZabbixService("6.0.14");
        var token = fake.AddToken();
        var id = fake.AddProblem();
        using var client = new JsonRpcEventClient(new HttpClient(fake), Options(o => o.ApiToken = token));
        await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge([id]));

        Assert.That(string.Join("\n", fake.Requests.Select(c => c.ToString())), Does.Not.Contain(token).And.Contain("\"auth\":\"***\""));
    }

    [Test]
    public void A_recorded_call_whose_body_is_not_json_is_not_printed()
    {
        var call = new FakeZabbixRequest("user.login", "{\"password\":\"" + Password, -32700);

        Assert.That(call.ToString(), Does.Not.Contain(Password).And.Contain("user.login").And.Contain("-32700"));
    }

    [Test]
    public async Task A_recorded_coc_request_prints_no_credential()
    {
        const string accessKey = "FAKERECORDAKFAKEREC1";
        const string secretKey = "fake-record-secret-key-0123456789";
        const string securityToken = "fake-record-security-token-0123456789";
        const string ticket = "IM202403221515060171753781";
        var credentials = new AkSkCredentials(accessKey, secretKey) { SecurityToken = securityToken };
        var fake = new FakeCocService(credentials);
        fake.AddTicket(ticket);
        using var client = new IncidentClient(new HttpClient(fake), new IncidentClientOptions { Endpoint = FakeCocService.Endpoint, Credentials = credentials });
        await client.AcceptAsync(ticket, "operator-1");

        var printed = string.Join("\n", fake.Requests.Select(r => r.ToString()));

        Assert.That(printed, Does.Contain(ticket).And.Not.Contain(accessKey).And.Not.Contain(secretKey).And.Not.Contain(securityToken));
    }
}
