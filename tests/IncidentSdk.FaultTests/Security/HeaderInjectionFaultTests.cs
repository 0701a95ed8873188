using System.Text.Json.Nodes;
using IncidentSdk.Authentication;
using IncidentSdk.FaultTests.Coc;
using IncidentSdk.FaultTests.JsonRpc;

namespace IncidentSdk.FaultTests.Security;

/// <summary>
/// A credential holding a line break or NUL would put a forged header line on the wire. Each client, against a
/// real loopback server, refuses such a credential before connecting: the server sees no connection and no request.
/// </summary>
public class HeaderInjectionFaultTests
{
    private const string Success = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null}""";

    /// <summary>The characters that end a header line, or a header, for some parser.</summary>
    private static readonly string[] Breaks = ["CRLF", "LF", "CR", "NUL"];

    [Test]
    public async Task A_Coc_credential_with_a_line_break_or_nul_sends_nothing(
        [ValueSource(nameof(Breaks))] string breakName,
        [Values("AuthToken", "AuthTokenProvider", "AccessKey", "SecretKey", "ProjectId", "DomainId", "SecurityToken")] string field)
    {
        var headers = new ConcurrentQueue<string>();
        await using var server = await FaultServer.StartAsync(context =>
        {
            Record(context, headers);
            return Faults.RespondAsync(context, 200, Success);
        });
        var secret = Secret("coc-" + field);
        var bad = secret + Break(breakName) + "X-Injected: yes";

        var error = await Expect.FailureOfAsync<Exception>(async () =>
        {
            using var client = CocFaultTests.Client(server.BaseAddress, o => Use(o, field, bad));
            await client.AcceptAsync(CocFaultTests.IncidentNumber, CocFaultTests.Operator);
        });

        Assert.Multiple(() =>
        {
            Assert.That(error.GetType(), Is.EqualTo(field == "AuthTokenProvider" ? typeof(RequestValidationException) : typeof(ArgumentException)), () => error.ToString());
            Assert.That(error.Message, Does.Contain(field == "AuthTokenProvider" ? nameof(BadTokenProvider) : field));
            Assert.That(error.ToString(), Does.Not.Contain(secret).And.Not.Contain("X-Injected"));
            Assert.That(server.Connections, Is.Zero, "no connection was opened");
            Assert.That(server.Requests, Is.Zero, "no request reached the server");
            Assert.That(headers, Is.Empty);
        });
    }

    [Test]
    public async Task A_Zabbix_api_token_with_a_line_break_or_nul_sends_nothing(
        [ValueSource(nameof(Breaks))] string breakName,
        [Values("6.0.14", "7.0.0")] string serverVersion)
    {
        var headers = new ConcurrentQueue<string>();
        var zabbix = new FakeZabbix();
        await using var server = await FaultServer.StartAsync(context =>
        {
            Record(context, headers);
            return zabbix.HandleAsync(context);
        });
        var secret = Secret("zabbix-token");
        var bad = secret + Break(breakName) + "X-Injected: yes";

        var error = await Expect.FailureOfAsync<Exception>(async () =>
        {
            using var client = ZabbixFaultTests.Client(server.BaseAddress, o =>
            {
                o.ApiToken = bad;
                o.ServerVersion = serverVersion;
            });
            await client.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1001"]));
        });

        Assert.Multiple(() =>
        {
            Assert.That(error.GetType(), Is.EqualTo(typeof(ArgumentException)), () => error.ToString());
            Assert.That(error.Message, Does.Contain("ApiToken"));
            Assert.That(error.ToString(), Does.Not.Contain(secret).And.Not.Contain("X-Injected"));
            Assert.That(server.Connections, Is.Zero, "no connection was opened");
            Assert.That(server.Requests, Is.Zero, "no request reached the server");
            Assert.That(headers, Is.Empty);
        });
    }

    [Test]
    public async Task A_Zabbix_session_id_with_a_line_break_or_nul_is_never_sent_back([ValueSource(nameof(Breaks))] string breakName)
    {
        var headers = new ConcurrentQueue<string>();
        var secret = Secret("zabbix-session");
        var zabbix = new FakeZabbix
        {
            Fault = async (call, context) =>
            {
                if (call.Method != "user.login")
                {
                    return false;
                }

                await FakeZabbix.AnswerAsync(context, FakeZabbix.Result(call, JsonValue.Create(secret + Break(breakName) + "X-Injected: yes")));
                return true;
            },
        };
        await using var server = await FaultServer.StartAsync(context =>
        {
            Record(context, headers);
            return zabbix.HandleAsync(context);
        });
        using var client = ZabbixFaultTests.Client(server.BaseAddress, o =>
        {
            o.ApiToken = null;
            o.Username = FakeZabbix.Username;
            o.Password = FakeZabbix.Password;
        });

        var (error, _) = await Expect.ThrowsExactlyAsync<InvalidResponseException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1001"])));

        Assert.Multiple(() =>
        {
            Assert.That(error.Error.Operation, Is.EqualTo("user.login"));
            Assert.That(error.ToString(), Does.Not.Contain(secret));
            Assert.That(zabbix.Calls("user.login"), Is.EqualTo(1));
            Assert.That(zabbix.Calls("event.acknowledge"), Is.Zero, "the session was never used");
            Assert.That(server.Requests, Is.EqualTo(1));
            Assert.That(headers, Is.Empty);
        });
    }

    private static string Break(string name) => name switch
    {
        "CRLF" => "\r\n",
        "LF" => "\n",
        "CR" => "\r",
        "NUL" => "\0",
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>A unique secret the suite's audit looks for in every log line and exception.</summary>
    private static string Secret(string kind)
    {
        var secret = $"{kind}-{Guid.NewGuid():N}";
        SecretAudit.Add("injected " + kind, secret);
        return secret;
    }

    private static void Use(IncidentClientOptions options, string field, string bad)
    {
        const string ak = "FAULTTESTAKFAULTTEST";
        switch (field)
        {
            case "AuthToken":
                options.Credentials = null;
                options.AuthToken = bad;
                break;
            case "AuthTokenProvider":
                options.Credentials = null;
                options.AuthTokenProvider = new BadTokenProvider(bad);
                break;
            case "AccessKey":
                options.Credentials = new AkSkCredentials(bad, CocFaultTests.SecretKey);
                break;
            case "SecretKey":
                options.Credentials = new AkSkCredentials(ak, bad);
                break;
            case "ProjectId":
                options.Credentials = new AkSkCredentials(ak, CocFaultTests.SecretKey) { ProjectId = bad };
                break;
            case "DomainId":
                options.Credentials = new AkSkCredentials(ak, CocFaultTests.SecretKey) { DomainId = bad };
                break;
            case "SecurityToken":
                options.Credentials = new AkSkCredentials(ak, CocFaultTests.SecretKey) { SecurityToken = bad };
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(field));
        }
    }

    /// <summary>Notes any header the server received whose name says it was forged.</summary>
    private static void Record(HttpContext context, ConcurrentQueue<string> forged)
    {
        foreach (var name in context.Request.Headers.Keys.Where(k => k.Equals("X-Injected", StringComparison.OrdinalIgnoreCase)))
        {
            forged.Enqueue(name);
        }
    }

    private sealed class BadTokenProvider(string token) : IAuthTokenProvider
    {
        public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => new(token);
    }
}
