using System.Text.Json.Nodes;
using IncidentSdk.Authentication;
using IncidentSdk.Testing;

namespace IncidentSdk.Tests.Testing;

/// <summary>The real <see cref="IncidentClient"/> against <see cref="FakeCocService"/>.</summary>
public class FakeCocServiceTests
{
    private const string Ticket = CocTest.IncidentNumber;
    private static readonly AkSkCredentials Credentials = new(CocTest.AccessKey, CocTest.SecretKey);

    private static readonly SolutionParameter Solution = new(IncidentCategory.ConfigIssues, isServiceInterrupted: false, cause: "连接池过小", solution: "Raised the pool size.");

    [Test]
    public async Task Accept_solve_confirm_moves_the_ticket_through_every_state()
    {
        var (fake, client) = Create();
        fake.AddTicket(Ticket);

        var accepted = await client.AcceptAsync(Ticket, CocTest.Operator);
        var afterAccept = fake.GetTicketState(Ticket);
        var solved = await client.CommitSolutionAsync(Ticket, CocTest.Operator, Solution);
        var afterSolve = fake.GetTicketState(Ticket);
        var confirmed = await client.ConfirmAsync(Ticket, CocTest.Operator, new VerificationParameter(true, "Back to baseline."));

        Assert.Multiple(() =>
        {
            Assert.That(afterAccept, Is.EqualTo(FakeTicketState.Accepted));
            Assert.That(afterSolve, Is.EqualTo(FakeTicketState.Solved));
            Assert.That(fake.GetTicketState(Ticket), Is.EqualTo(FakeTicketState.Confirmed));
            Assert.That(new[] { accepted.ErrorCode, solved.ErrorCode, confirmed.ErrorCode }, Is.All.EqualTo("GOM.00000000"));
            Assert.That(fake.Requests.Select(r => r.OperateKey), Is.EqualTo(new[] { "acceptedIncident1", "commitSolution1", "confirm" }));
            Assert.That(fake.Requests.Select(r => r.StatusCode), Is.All.EqualTo(200));
            Assert.That(fake.Requests.Select(r => r.RequestId), Is.EqualTo(new[] { accepted.RequestId, solved.RequestId, confirmed.RequestId }));
            Assert.That(fake.Requests.Select(r => r.RequestId).Distinct().Count(), Is.EqualTo(3));
            Assert.That(JsonNode.Parse(fake.Requests[1].Body)!["parameter"]!["cause"]!.GetValue<string>(), Is.EqualTo("连接池过小"));
        });
    }

    [Test]
    public async Task An_out_of_order_action_is_refused_with_cocs_invalid_parameter_code_and_changes_nothing()
    {
        var (fake, client) = Create();
        fake.AddTicket(Ticket);

        var skipped = Assert.ThrowsAsync<InvalidParameterException>(() => client.ConfirmAsync(Ticket, CocTest.Operator, new VerificationParameter(true, "too early")));
        await client.AcceptAsync(Ticket, CocTest.Operator);
        var repeated = Assert.ThrowsAsync<InvalidParameterException>(() => client.AcceptAsync(Ticket, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(skipped!.StatusCode, Is.EqualTo(400));
            Assert.That(skipped.ErrorCode, Is.EqualTo("GOM.00007256"));
            Assert.That(skipped.ErrorMessage, Is.EqualTo("The field[operate_key] value[confirm] invalid"));
            Assert.That(skipped.RequestId, Is.EqualTo(fake.Requests[0].RequestId).And.Not.Null);
            Assert.That(repeated!.ErrorMessage, Is.EqualTo("The field[operate_key] value[acceptedIncident1] invalid"));
            Assert.That(fake.GetTicketState(Ticket), Is.EqualTo(FakeTicketState.Accepted));
            Assert.That(fake.Requests.Select(r => r.ErrorCode), Is.EqualTo(new[] { "GOM.00007256", "GOM.00000000", "GOM.00007256" }));
        });
    }

    [Test]
    public void An_unknown_ticket_is_refused_with_the_field_named()
    {
        var (fake, client) = Create();

        var error = Assert.ThrowsAsync<InvalidParameterException>(() => client.AcceptAsync("IM000000000000000000000001", CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorMessage, Is.EqualTo("The field[incident_num] value[IM000000000000000000000001] invalid"));
            Assert.That(fake.GetTicketState("IM000000000000000000000001"), Is.Null);
        });
    }

    [Test]
    public void A_signature_made_with_another_secret_key_is_rejected_by_the_gateway()
    {
        var fake = new FakeCocService(Credentials, Clock());
        fake.AddTicket(Ticket);
        using var client = new IncidentClient(new HttpClient(fake), CocTest.Options(o => o.Credentials = new AkSkCredentials(CocTest.AccessKey, "another-secret-key-0123456789")));

        var error = Assert.ThrowsAsync<AuthenticationFailedException>(() => client.AcceptAsync(Ticket, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(401));
            Assert.That(error.ErrorCode, Is.EqualTo("APIG.0301"));
            Assert.That(error.ErrorMessage, Is.EqualTo("Incorrect IAM authentication information: verify aksk signature fail"));
            Assert.That(fake.Requests, Has.Count.EqualTo(1), "authentication failures are not retried");
            Assert.That(fake.GetTicketState(Ticket), Is.EqualTo(FakeTicketState.Triggered));
        });
    }

    [Test]
    public void A_signature_dated_more_than_15_minutes_from_the_fakes_clock_has_expired()
    {
        var fake = new FakeCocService(Credentials, new ManualTimeProvider(CocTest.SigningTime.AddMinutes(16)));
        fake.AddTicket(Ticket);
        using var client = new IncidentClient(new HttpClient(fake), CocTest.Options());

        var error = Assert.ThrowsAsync<AuthenticationFailedException>(() => client.AcceptAsync(Ticket, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo("APIG.0303"));
            Assert.That(error.StatusCode, Is.EqualTo(401));
            Assert.That(error.Message, Does.Contain("16 min 0 s behind"), "the fake's Date header lets the client report the skew");
        });
    }

    [Test]
    public async Task Signatures_over_temporary_credentials_and_a_port_verify()
    {
        var temporary = new AkSkCredentials(CocTest.AccessKey, CocTest.SecretKey) { SecurityToken = "sts-token", DomainId = "0123456789abcdef" };
        var fake = new FakeCocService(temporary, Clock());
        fake.AddTicket(Ticket);
        using var client = new IncidentClient(new HttpClient(fake), CocTest.Options(o =>
        {
            o.Credentials = temporary;
            o.Endpoint = new Uri("https://coc.fake.invalid:8443");
        }));

        var result = await client.AcceptAsync(Ticket, CocTest.Operator);

        Assert.That(result.ErrorCode, Is.EqualTo("GOM.00000000"));
    }

    [Test]
    public async Task Iam_tokens_are_accepted_without_credentials_and_only_registered_ones_once_any_is_registered()
    {
        var open = new FakeCocService();
        open.AddTicket(Ticket);
        using var anyToken = new IncidentClient(new HttpClient(open), CocTest.Options(o => { o.Credentials = null; o.AuthToken = "any-token"; }));
        var registered = new FakeCocService();
        registered.AddTicket(Ticket);
        registered.AddToken("good-token");
        using var wrongToken = new IncidentClient(new HttpClient(registered), CocTest.Options(o => { o.Credentials = null; o.AuthToken = "bad-token"; }));

        var accepted = await anyToken.AcceptAsync(Ticket, CocTest.Operator);
        var refused = Assert.ThrowsAsync<AuthenticationFailedException>(() => wrongToken.AcceptAsync(Ticket, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(accepted.ErrorCode, Is.EqualTo("GOM.00000000"));
            Assert.That(refused!.ErrorCode, Is.EqualTo("APIG.0301"));
            Assert.That(registered.GetTicketState(Ticket), Is.EqualTo(FakeTicketState.Triggered));
        });
    }

    [Test]
    public async Task A_generated_token_is_accepted_until_it_is_removed()
    {
        var fake = new FakeCocService();
        fake.AddTicket(Ticket);
        var token = fake.AddToken();
        using var client = new IncidentClient(new HttpClient(fake), CocTest.Options(o => { o.Credentials = null; o.AuthToken = token; }));

        var accepted = await client.AcceptAsync(Ticket, CocTest.Operator);
        var removed = fake.RemoveToken(token);
        var refused = Assert.ThrowsAsync<AuthenticationFailedException>(() => client.CommitSolutionAsync(Ticket, CocTest.Operator, Solution));

        Assert.Multiple(() =>
        {
            Assert.That(token, Does.Match("^[0-9a-f]{64}$"));
            Assert.That(accepted.ErrorCode, Is.EqualTo("GOM.00000000"));
            Assert.That(removed, Is.True);
            Assert.That(fake.RemoveToken(token), Is.False);
            Assert.That(refused!.ErrorCode, Is.EqualTo("APIG.0301"));
            Assert.That(fake.GetTicketState(Ticket), Is.EqualTo(FakeTicketState.Accepted));
            Assert.That(() => fake.AddToken(string.Empty), Throws.ArgumentException);
        });
    }

    [Test]
    public async Task An_injected_503_is_retried_and_the_retry_succeeds()
    {
        var (fake, client) = Create();
        fake.AddTicket(Ticket);
        fake.Failures.RespondNext(HttpStatusCode.ServiceUnavailable, CocBodies.Gateway("APIG.0202", "Backend unavailable"));

        var result = await client.AcceptAsync(Ticket, CocTest.Operator);

        Assert.Multiple(() =>
        {
            Assert.That(result.ErrorCode, Is.EqualTo("GOM.00000000"));
            Assert.That(fake.Requests.Select(r => r.StatusCode), Is.EqualTo(new[] { 503, 200 }));
            Assert.That(fake.Requests[0].ErrorCode, Is.EqualTo("APIG.0202"));
            Assert.That(fake.Failures.Pending, Is.Zero);
            Assert.That(fake.GetTicketState(Ticket), Is.EqualTo(FakeTicketState.Accepted));
        });
    }

    [Test]
    public async Task A_refused_connection_is_retried_because_nothing_reached_the_service()
    {
        var (fake, client) = Create();
        fake.AddTicket(Ticket);
        fake.Failures.ThrowNext(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));

        await client.AcceptAsync(Ticket, CocTest.Operator);

        Assert.That(fake.Requests.Select(r => r.StatusCode), Is.EqualTo(new[] { 0, 200 }));
    }

    [Test]
    public void A_lost_response_to_accept_is_not_resent_but_the_ticket_was_accepted()
    {
        var (fake, client) = Create();
        fake.AddTicket(Ticket);
        fake.Failures.LoseNextResponse();

        var error = Assert.ThrowsAsync<TransportException>(() => client.AcceptAsync(Ticket, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(error!.RequestMayHaveReachedServer, Is.True);
            Assert.That(fake.Requests, Has.Count.EqualTo(1), "a COC action is not idempotent, so it is not resent");
            Assert.That(fake.Requests[0].ResponseLost, Is.True);
            Assert.That(fake.Requests[0].StatusCode, Is.EqualTo(200));
            Assert.That(fake.GetTicketState(Ticket), Is.EqualTo(FakeTicketState.Accepted));
        });
    }

    [Test]
    public async Task Concurrent_accepts_of_one_ticket_succeed_exactly_once()
    {
        var (fake, client) = Create();
        fake.AddTicket(Ticket);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            try
            {
                return (await client.AcceptAsync(Ticket, CocTest.Operator)).ErrorCode;
            }
            catch (InvalidParameterException error)
            {
                return error.ErrorCode;
            }
        }));

        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Count(o => o == "GOM.00000000"), Is.EqualTo(1));
            Assert.That(outcomes.Count(o => o == "GOM.00007256"), Is.EqualTo(15));
            Assert.That(fake.Requests, Has.Count.EqualTo(16));
        });
    }

    [Test]
    public async Task Other_paths_get_the_gateways_not_found_and_bodies_are_checked_like_the_server()
    {
        var fake = new FakeCocService();
        fake.AddTicket(Ticket, FakeTicketState.Accepted);
        using var http = new HttpClient(fake);

        using var notFound = await PostAsync(http, "/v1/external/incident/delete", "{}");
        using var plainText = await PostAsync(http, FakeCocService.HandlePath, "{}", "text/plain");
        using var missingCause = await PostAsync(http, FakeCocService.HandlePath, $$$"""{"incident_num":"{{{Ticket}}}","operator":"u","operate_key":"commitSolution1","parameter":{"mtm_type":"inc_type_p_config_issues","is_service_interrupt":false,"solution":"s"}}""");
        using var interrupted = await PostAsync(http, FakeCocService.HandlePath, $$$"""{"incident_num":"{{{Ticket}}}","operator":"u","operate_key":"commitSolution1","parameter":{"mtm_type":"t","is_service_interrupt":true,"cause":"c","solution":"s","start_time":1700000000000}}""");
        using var noOperator = await PostAsync(http, FakeCocService.HandlePath, $$"""{"incident_num":"{{Ticket}}","operate_key":"commitSolution1"}""");
        using var unsigned = await new HttpClient(new FakeCocService(Credentials)).PostAsync(FakeCocService.Endpoint + "v1/external/incident/handle", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Multiple(async () =>
        {
            Assert.That(notFound.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(JsonNode.Parse(await notFound.Content.ReadAsStringAsync())!["error_code"]!.GetValue<string>(), Is.EqualTo("APIG.0101"));
            Assert.That(JsonNode.Parse(await notFound.Content.ReadAsStringAsync())!["request_id"]!.GetValue<string>(), Is.EqualTo(notFound.Headers.GetValues("X-Request-Id").Single()));
            Assert.That(plainText.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await missingCause.Content.ReadAsStringAsync(), Is.EqualTo("""{"error_code":"GOM.00007256","error_msg":"The field[parameter.cause] value[] invalid","provider_code":"049","data":null}"""));
            Assert.That(JsonNode.Parse(await interrupted.Content.ReadAsStringAsync())!["error_msg"]!.GetValue<string>(), Is.EqualTo("The field[parameter.fault_recovery_time] value[] invalid"));
            Assert.That(JsonNode.Parse(await noOperator.Content.ReadAsStringAsync())!["error_msg"]!.GetValue<string>(), Is.EqualTo("operator must not be null"));
            Assert.That(unsigned.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(fake.GetTicketState(Ticket), Is.EqualTo(FakeTicketState.Accepted));
        });
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(FakeCocService.Endpoint, path)) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Add("X-Auth-Token", "token");
        return await http.SendAsync(request);
    }

    private static ManualTimeProvider Clock() => new(CocTest.SigningTime);

    private static (FakeCocService Fake, IncidentClient Client) Create()
    {
        var fake = new FakeCocService(Credentials, Clock());
        return (fake, new IncidentClient(new HttpClient(fake), CocTest.Options(o => o.Endpoint = FakeCocService.Endpoint)));
    }
}
