using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentSdk.Tests.Http;

/// <summary>
/// A retry handler the app adds to the SDK's registration cannot repeat a call: inside the SDK's policy (on the
/// client's builder) its second send is refused at the transport; around it (on every client) a call the policy
/// already sent is refused when it comes back, or, when it is harmless to repeat, once it would pass MaxRetries.
/// </summary>
public sealed class DuplicateSendTests
{
    [Test]
    public void Inside_the_policy_a_second_send_of_a_ticket_action_is_refused_at_the_transport()
    {
        using var mock = new MockHttpMessageHandler();
        var failing = mock.When("*").Respond(HttpStatusCode.InternalServerError);
        using var provider = Coc(mock, inside: true);

        var error = Assert.ThrowsAsync<DuplicateSendRefusedException>(() => provider.GetRequiredService<IncidentClient>().AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(failing), Is.EqualTo(1));
            Assert.That(error!.Operation, Is.EqualTo("acceptedIncident1"));
            Assert.That(error.PreviousStatusCode, Is.EqualTo(500));
            Assert.That(error.RequestMayHaveReachedServer, Is.True);
            Assert.That(error.Message, Is.EqualTo(
                "The COC call 'acceptedIncident1' was sent 1 time(s) after HTTP 500; then a handler between the SDK's retry policy and the transport "
                + "(such as a retry or hedging handler added to the client's HttpClient) tried to send it again. The SDK refused, because it is not safe to repeat, "
                + "and the SDK's retry policy had not decided to send it again. Remove that handler from this client: the SDK's own policy retries what is safe."));
        });
    }

    [Test]
    public void Inside_the_policy_a_second_send_after_no_answer_says_so()
    {
        using var mock = new MockHttpMessageHandler();
        var dropped = mock.When("*").Throw(new HttpRequestException("The response ended prematurely.", new System.IO.IOException("reset")));
        using var provider = Coc(mock, inside: true, retryOnException: true);

        var error = Assert.ThrowsAsync<DuplicateSendRefusedException>(() => provider.GetRequiredService<IncidentClient>().AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(dropped), Is.EqualTo(1));
            Assert.That(error!.PreviousStatusCode, Is.Null);
            Assert.That(error.Message, Does.StartWith("The COC call 'acceptedIncident1' was sent 1 time(s) without an answer; then a handler between"));
        });
    }

    [Test]
    public void Inside_the_policy_each_retry_the_policy_decided_is_sent_once_and_no_more()
    {
        using var mock = new MockHttpMessageHandler();
        var unavailable = mock.When("*").Respond(HttpStatusCode.ServiceUnavailable);
        using var provider = Zabbix(mock, inside: true);

        var error = Assert.ThrowsAsync<DuplicateSendRefusedException>(() => provider.GetRequiredService<JsonRpcEventClient>().AcknowledgeAsync(AcknowledgeEventRequest.Close(["1"])));

        Assert.Multiple(() =>
        {
            // The handler's resend of the first attempt is refused; the refusal is the SDK's own, so it is not retried.
            Assert.That(mock.GetMatchCount(unavailable), Is.EqualTo(1));
            Assert.That(error!.Message, Does.Contain("was sent 1 time(s) after HTTP 503; then a handler between the SDK's retry policy and the transport"));
            Assert.That(error.Message, Does.Contain("The SDK refused, because the SDK's retry policy already decided how often it may be sent."));
        });
    }

    [Test]
    public void Around_the_policy_a_ticket_action_sent_once_is_refused_when_it_comes_back()
    {
        using var mock = new MockHttpMessageHandler();
        var unavailable = mock.When("*").Respond(HttpStatusCode.ServiceUnavailable);
        using var provider = Coc(mock, inside: false);

        var error = Assert.ThrowsAsync<DuplicateSendRefusedException>(() => provider.GetRequiredService<IncidentClient>().AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(unavailable), Is.EqualTo(3), "the SDK's own attempts: 1 + MaxRetries 2");
            Assert.That(error!.PreviousStatusCode, Is.EqualTo(503));
            Assert.That(error.Message, Does.StartWith(
                "The COC call 'acceptedIncident1' was sent 3 time(s) after HTTP 503; then a handler in front of the SDK's retry policy "
                + "(such as a retry handler added to every HttpClient) sent it into the SDK again. The SDK refused, because it is not safe to repeat"));
        });
    }

    [Test]
    public void Around_the_policy_an_idempotent_call_is_sent_again_only_up_to_max_retries_in_all()
    {
        using var mock = new MockHttpMessageHandler();
        var unavailable = mock.When("*").Respond(HttpStatusCode.ServiceUnavailable);
        using var provider = Zabbix(mock, inside: false);

        var error = Assert.ThrowsAsync<DuplicateSendRefusedException>(() => provider.GetRequiredService<JsonRpcEventClient>().AcknowledgeAsync(AcknowledgeEventRequest.Close(["1"])));

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(unavailable), Is.EqualTo(3), "MaxRetries 2: three sends in all, whoever asks");
            Assert.That(error!.Message, Does.StartWith(
                "The Zabbix call 'event.acknowledge' was sent 3 time(s) after HTTP 503; then a handler in front of the SDK's retry policy sent it into the SDK again, past the policy's MaxRetries. "
                + "The SDK refused, because the SDK's retry policy already decided how often it may be sent."));
        });
    }

    [Test]
    public async Task Around_the_policy_an_idempotent_call_that_succeeded_is_not_refused()
    {
        using var mock = new MockHttpMessageHandler();
        var ok = mock.When("*").Respond(r => ZabbixTest.Json($$"""{"jsonrpc":"2.0","result":{"eventids":["1"]},"id":{{ZabbixTest.Body(r)["id"]!.ToJsonString()}}}"""));
        using var provider = Zabbix(mock, inside: false);

        var result = await provider.GetRequiredService<JsonRpcEventClient>().AcknowledgeAsync(AcknowledgeEventRequest.Close(["1"]));

        Assert.Multiple(() =>
        {
            Assert.That(result.EventIds, Is.EqualTo(new[] { "1" }));
            Assert.That(mock.GetMatchCount(ok), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_request_refused_before_it_was_sent_is_retried_by_the_policy_alone()
    {
        // Connection refused: nothing reached the server, so the SDK's policy retries it; its retry is authorised.
        using var mock = new MockHttpMessageHandler();
        var refused = mock.Expect("*").Throw(new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)));
        var ok = mock.Expect("*").Respond("application/json", CocBodies.Success);
        using var provider = Coc(mock, inside: null);

        await provider.GetRequiredService<IncidentClient>().AcceptAsync(CocTest.IncidentNumber, CocTest.Operator);

        Assert.Multiple(() =>
        {
            Assert.That(mock.GetMatchCount(refused), Is.EqualTo(1));
            Assert.That(mock.GetMatchCount(ok), Is.EqualTo(1));
        });
    }

    private static ServiceProvider Coc(MockHttpMessageHandler mock, bool? inside, bool retryOnException = false)
    {
        var services = Around(inside, retryOnException);
        var builder = services.AddIncidentClient(o =>
        {
            o.Endpoint = new Uri(CocTest.Endpoint);
            o.AuthToken = "token";
            Fast(o.Resilience);
        }).ConfigurePrimaryHttpMessageHandler(() => mock);
        if (inside == true)
        {
            builder.AddHttpMessageHandler(() => new NaiveRetryHandler(retryOnException));
        }

        return services.BuildServiceProvider();
    }

    private static ServiceProvider Zabbix(MockHttpMessageHandler mock, bool? inside)
    {
        var services = Around(inside, retryOnException: false);
        var builder = services.AddJsonRpcEventClient(o =>
        {
            o.Url = new Uri(ZabbixTest.Url);
            o.ApiToken = ZabbixTest.Token;
            o.ServerVersion = "7.0.0";
            Fast(o.Resilience);
        }).ConfigurePrimaryHttpMessageHandler(() => mock);
        if (inside == true)
        {
            builder.AddHttpMessageHandler(() => new NaiveRetryHandler(false));
        }

        return services.BuildServiceProvider();
    }

    private static ServiceCollection Around(bool? inside, bool retryOnException)
    {
        var services = new ServiceCollection();
        if (inside == false)
        {
            services.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new NaiveRetryHandler(retryOnException)));
        }

        return services;
    }

    private static void Fast(IncidentSdk.Http.ResilienceOptions resilience)
    {
        resilience.MaxRetries = 2;
        resilience.BaseDelay = TimeSpan.Zero;
        resilience.UseJitter = false;
        resilience.CircuitBreaker.Enabled = false;
    }

    /// <summary>What many apps write by hand: send again, up to three more times, on any 5xx (or any failure).</summary>
    private sealed class NaiveRetryHandler(bool retryOnException) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException) when (retryOnException)
            {
                return await base.SendAsync(request, cancellationToken);
            }

            for (var retry = 0; retry < 3 && (int)response.StatusCode >= 500; retry++)
            {
                response.Dispose();
                response = await base.SendAsync(request, cancellationToken);
            }

            return response;
        }
    }
}
