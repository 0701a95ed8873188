using Microsoft.Extensions.DependencyInjection;
using Polly;

namespace IncidentSdk.FaultTests.Edges;

/// <summary>How the app composes its own handlers with the SDK's registration.</summary>
public enum Composition
{
    /// <summary>The SDK's registration alone: the baseline.</summary>
    None,

    /// <summary><c>AddIncidentClient(...).AddStandardResilienceHandler()</c>: a second retry layer inside the SDK's.</summary>
    BuilderStandardResilience,

    /// <summary><c>ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler())</c>, as .NET app templates generate: a layer around the SDK's.</summary>
    DefaultsStandardResilience,

    /// <summary><c>AddTransientHttpErrorPolicy(p => p.RetryAsync(3))</c> of Microsoft.Extensions.Http.Polly on the SDK's builder.</summary>
    BuilderPollyPolicy,

    /// <summary>A home-made retry handler (retries any 5xx) on the SDK's builder, which the SDK cannot recognise.</summary>
    BuilderCustomRetry,

    /// <summary>The same home-made retry handler on every client through <c>ConfigureHttpClientDefaults</c>.</summary>
    DefaultsCustomRetry,
}

/// <summary>
/// The SDK registered the way real apps compose <c>HttpClient</c>s, on real sockets. With the standard resilience
/// handler, on the SDK's builder or on every client, the server sees exactly what it sees with the SDK alone: the
/// SDK's registration removes the second retry layer. A retry handler it cannot recognise is refused at the transport
/// (inside the SDK) or at the SDK's policy (around it): a ticket action or a message reaches the server at most
/// once per decision of the SDK's policy, any call at most <c>MaxRetries + 1</c> times, and the span's attempts
/// count what reached the transport.
/// </summary>
public class CompositionFaultTests
{
    private const string Incident = "IM202403221515060171753781";

    [Test]
    public async Task Coc_action_answered_500_reaches_the_server_once([Values] Composition composition)
    {
        await using var server = await FaultServer.StartAsync(context => Answer(context, 500));
        using var attempts = new AttemptRecorder();
        using var provider = Coc(composition, server.BaseAddress);

        var error = await Fails(composition, () => provider.GetRequiredService<IncidentClient>().AcceptAsync(Incident, "op-1"), refusedInside: true);

        Assert.Multiple(() =>
        {
            Assert.That(server.Requests, Is.EqualTo(1));
            Assert.That(attempts.Attempts("acceptedIncident1"), Is.EqualTo(new[] { 1 }), "the span counts what reached the transport");
            if (error is DuplicateSendRefusedException refused)
            {
                Assert.That(refused.PreviousStatusCode, Is.EqualTo(500));
                Assert.That(refused.Operation, Is.EqualTo("acceptedIncident1"));
            }
        });
    }

    [Test]
    public async Task Coc_action_answered_503_reaches_the_server_at_most_MaxRetries_plus_one_times([Values] Composition composition)
    {
        await using var server = await FaultServer.StartAsync(context => Answer(context, 503));
        using var attempts = new AttemptRecorder();
        using var provider = Coc(composition, server.BaseAddress);

        await Fails(composition, () => provider.GetRequiredService<IncidentClient>().AcceptAsync(Incident, "op-1"), refusedInside: true);

        // 503 is refused before COC acts, so the SDK retries it (MaxRetries 2); a custom handler inside is refused at once.
        var expected = composition == Composition.BuilderCustomRetry ? 1 : 3;
        Assert.Multiple(() =>
        {
            Assert.That(server.Requests, Is.EqualTo(expected));
            Assert.That(attempts.Attempts("acceptedIncident1"), Is.EqualTo(new[] { expected }));
        });
    }

    [Test]
    public async Task Zabbix_idempotent_call_answered_503_reaches_the_server_at_most_MaxRetries_plus_one_times([Values] Composition composition)
    {
        var zabbix = new FakeZabbix { Fault = async (call, context) => { await Answer(context, 503); return true; } };
        await using var server = await FaultServer.StartAsync(zabbix.HandleAsync);
        using var attempts = new AttemptRecorder();
        using var provider = Zabbix(composition, server.BaseAddress);

        await Fails(composition, () => provider.GetRequiredService<JsonRpcEventClient>().AcknowledgeAsync(AcknowledgeEventRequest.Close(["1001"])), refusedInside: true);

        var expected = composition == Composition.BuilderCustomRetry ? 1 : 3;
        Assert.Multiple(() =>
        {
            Assert.That(zabbix.Calls("event.acknowledge"), Is.EqualTo(expected));
            Assert.That(attempts.Attempts("event.acknowledge"), Is.EqualTo(new[] { expected }));
        });
    }

    [Test]
    public async Task Zabbix_message_answered_500_is_sent_only_when_the_read_back_proves_it_absent([Values] Composition composition)
    {
        var zabbix = new FakeZabbix
        {
            Fault = async (call, context) =>
            {
                if (call.Method != "event.acknowledge")
                {
                    return false;
                }

                await Answer(context, 500);
                return true;
            },
        };
        await using var server = await FaultServer.StartAsync(zabbix.HandleAsync);
        using var provider = Zabbix(composition, server.BaseAddress);
        var request = AcknowledgeEventRequest.AddMessage(["1001"], "composed message");

        // The SDK alone: the message, a read-back that finds it absent, one resend. A foreign layer adds nothing.
        var custom = composition is Composition.BuilderCustomRetry or Composition.DefaultsCustomRetry;
        if (custom)
        {
            await Fails(composition, () => provider.GetRequiredService<JsonRpcEventClient>().AcknowledgeAsync(request), refusedInside: false);
        }
        else
        {
            // The resend was answered 500 too, so whether the message is recorded is not known.
            var (unconfirmed, _) = await Expect.ThrowsExactlyAsync<MessageNotConfirmedException>(() => provider.GetRequiredService<JsonRpcEventClient>().AcknowledgeAsync(request));
            Assert.That((unconfirmed.Outcomes["1001"], unconfirmed.ResendFailure?.GetType()), Is.EqualTo((MessageOutcome.Unknown, typeof(ServiceUnavailableException))));
        }

        Assert.Multiple(() =>
        {
            Assert.That(zabbix.Calls("event.acknowledge"), Is.EqualTo(custom ? 1 : 2));
            Assert.That(zabbix.Calls("event.get"), Is.EqualTo(custom ? 0 : 1));
        });
    }

    /// <summary>The call fails with the SDK's own exception for the answer, or with the refusal when a custom retry handler tried to resend.</summary>
    private static async Task<Exception> Fails(Composition composition, Func<Task> call, bool refusedInside)
    {
        if (composition is Composition.BuilderCustomRetry or Composition.DefaultsCustomRetry)
        {
            var (refused, _) = await Expect.ThrowsExactlyAsync<DuplicateSendRefusedException>(call);
            Assert.That(refused.RequestMayHaveReachedServer, Is.True);
            return refused;
        }

        var (error, _) = await Expect.ThrowsExactlyAsync<ServiceUnavailableException>(call);
        _ = refusedInside;
        return error;
    }

    private static async Task Answer(HttpContext context, int status)
    {
        await FaultServer.ReadBodyAsync(context);
        context.Response.StatusCode = status;
    }

    private static ServiceProvider Coc(Composition composition, Uri endpoint)
    {
        var services = Compose(composition);
        var builder = services.AddIncidentClient(o => EdgeClients.Coc(o, endpoint, akSk: true));
        AddToBuilder(composition, builder);
        return services.BuildServiceProvider();
    }

    private static ServiceProvider Zabbix(Composition composition, Uri baseAddress)
    {
        var services = Compose(composition);
        var builder = services.AddJsonRpcEventClient(o => EdgeClients.Zabbix(o, baseAddress, FakeZabbix.Version, password: false));
        AddToBuilder(composition, builder);
        return services.BuildServiceProvider();
    }

    private static ServiceCollection Compose(Composition composition)
    {
        var services = new ServiceCollection();
        if (composition == Composition.DefaultsStandardResilience)
        {
            services.ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler());
        }
        else if (composition == Composition.DefaultsCustomRetry)
        {
            services.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new NaiveRetryHandler()));
        }

        return services;
    }

    private static void AddToBuilder(Composition composition, IHttpClientBuilder builder)
    {
        if (composition == Composition.BuilderStandardResilience)
        {
            builder.AddStandardResilienceHandler();
        }
        else if (composition == Composition.BuilderPollyPolicy)
        {
            builder.AddTransientHttpErrorPolicy(p => p.RetryAsync(3));
        }
        else if (composition == Composition.BuilderCustomRetry)
        {
            builder.AddHttpMessageHandler(() => new NaiveRetryHandler());
        }
    }

    /// <summary>What many apps write by hand: send again, up to three more times, on any 5xx.</summary>
    private sealed class NaiveRetryHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            for (var retry = 0; retry < 3 && (int)response.StatusCode >= 500; retry++)
            {
                response.Dispose();
                response = await base.SendAsync(request, cancellationToken);
            }

            return response;
        }
    }
}
