using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace IncidentSdk.CultureTests;

/// <summary>
/// The real message paths under cultures whose formats differ from the invariant one: de-DE writes 12.5 as "12,5",
/// th-TH counts years in the Buddhist era (2026 is 2569), sv-SE writes -1 with a minus sign (U+2212). Every message
/// must read the same as under the invariant culture, and every time in it must come from the client's
/// <see cref="TimeProvider"/>.
/// </summary>
[TestFixture("de-DE")]
[TestFixture("th-TH")]
[TestFixture("sv-SE")]
[NonParallelizable]
public sealed class CultureMessageTests(string culture)
{
    private const string Endpoint = "https://coc.example.test";
    private const string Incident = "IM202403221515060171753781";
    private const string Operator = "7da46971b7e24eed90cf777cc2ff8b91";
    private const string ZabbixUrl = "https://zabbix.example.test/api_jsonrpc.php";
    private const string ZabbixToken = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>A clock far from the machine's: a time taken from the system clock cannot match it.</summary>
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, 500, TimeSpan.Zero);

    private CultureInfo? _savedCulture;
    private CultureInfo? _savedUiCulture;

    [SetUp]
    public void UseCulture()
    {
        _savedCulture = CultureInfo.CurrentCulture;
        _savedUiCulture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
    }

    [TearDown]
    public void RestoreCulture()
    {
        CultureInfo.CurrentCulture = _savedCulture!;
        CultureInfo.CurrentUICulture = _savedUiCulture!;
    }

    [Test]
    public void The_culture_is_real_and_formats_differently_from_the_invariant_one()
    {
        // Under invariant globalization these cultures could not be created; this proves ICU is loaded.
        var sample = string.Format(CultureInfo.CurrentCulture, "{0:yyyy} {1} {2}", Start, 12.5, -1);

        Assert.That(sample, Is.EqualTo(culture switch
        {
            "th-TH" => "2569 12.5 -1",
            "sv-SE" => "2026 12,5 \u22121",
            _ => "2026 12,5 -1",
        }));
    }

    [Test]
    public void An_open_circuit_says_when_it_reopens_in_invariant_text_on_the_clients_clock()
    {
        var clock = new FakeClock(Start);
        using var client = Coc(Answer(HttpStatusCode.ServiceUnavailable), clock, o =>
        {
            o.Resilience.MaxRetries = 0;
            o.Resilience.CircuitBreaker.MinimumThroughput = 3;
            o.Resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(12.5);
        });
        for (var i = 0; i < 3; i++)
        {
            Assert.ThrowsAsync<ServiceUnavailableException>(() => client.AcceptAsync(Incident, Operator));
        }

        var open = Assert.ThrowsAsync<CircuitOpenException>(() => client.AcceptAsync(Incident, Operator));

        Assert.Multiple(() =>
        {
            Assert.That(open!.Message, Is.EqualTo(
                "The COC call 'acceptedIncident1' was not sent: the circuit to coc.example.test is open after sustained failures. "
                + "It will let a call through again at 2026-03-01 08:00:13Z (in 12.5 s)."));
            Assert.That(open.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(12.5)));
            Assert.That(open.RetryAt, Is.EqualTo(Start + TimeSpan.FromSeconds(12.5)), "the client's clock, not the machine's");
        });
    }

    [Test]
    public void A_retry_after_date_is_read_on_the_clients_clock_and_logged_in_invariant_text()
    {
        using var logs = new FakeLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var clock = new FakeClock(Start);
        var requests = 0;
        using var client = Coc(
            (_, _) =>
            {
                if (Interlocked.Increment(ref requests) == 1)
                {
                    clock.Advance(TimeSpan.FromMilliseconds(12.5));
                    var throttled = Json((HttpStatusCode)429, """{"error_code":"APIG.0308","error_msg":"throttled","request_id":"gw-1"}""");
                    throttled.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(new DateTimeOffset(2026, 3, 1, 8, 0, 3, TimeSpan.Zero));
                    return throttled;
                }

                return Json(HttpStatusCode.OK, """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null}""");
            },
            clock,
            o => o.Logging.LoggerFactory = factory);

        Assert.DoesNotThrowAsync(() => client.AcceptAsync(Incident, Operator));

        var messages = logs.Collector.GetSnapshot().Select(r => r.Message).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(clock.Waits, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(2488) }), "until the date on the client's clock, in whole milliseconds");
            Assert.That(messages, Does.Contain("Retrying acceptedIncident1 (attempt 2) in 2488 ms after HTTP 429"));
            Assert.That(messages.Count(m => m.StartsWith("Received HTTP 429 for POST https://coc.example.test/v1/external/incident/handle after 12.5 ms; headers: ", StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }

    [Test]
    public void A_retry_after_date_beyond_the_cap_surfaces_with_the_delay_on_the_clients_clock()
    {
        var clock = new FakeClock(Start);
        using var client = Coc(
            (_, _) =>
            {
                var throttled = Json((HttpStatusCode)429, """{"error_code":"APIG.0308","error_msg":"throttled","request_id":"gw-1"}""");
                throttled.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
                return throttled;
            },
            clock);

        var error = Assert.ThrowsAsync<ThrottledException>(() => client.AcceptAsync(Incident, Operator));

        Assert.Multiple(() =>
        {
            Assert.That(error!.RetryAfter, Is.EqualTo(new TimeSpan(0, 0, 59, 59, 500)));
            Assert.That(error.Message, Is.EqualTo("COC returned error code APIG.0308 (operation acceptedIncident1, HTTP 429, code APIG.0308, message: throttled, request id gw-1)"));
        });
    }

    [Test]
    public void An_attempt_timeout_says_how_long_in_invariant_text()
    {
        var clock = new FakeClock(Start);
        using var client = Coc(Hang(clock, TimeSpan.FromSeconds(2)), clock, o => o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(1.25));

        var error = Assert.ThrowsAsync<RequestTimeoutException>(() => client.AcceptAsync(Incident, Operator));

        Assert.That(error!.Message, Is.EqualTo("The COC call 'acceptedIncident1' timed out after 00:00:01.2500000; COC may have received and acted on it."));
    }

    [Test]
    public void A_spent_budget_says_so_in_invariant_text()
    {
        var clock = new FakeClock(Start);
        var options = new JsonRpcEventClientOptions { Url = new Uri(ZabbixUrl), ApiToken = ZabbixToken, ServerVersion = "7.0.0", TimeProvider = clock };
        options.Resilience.BaseDelay = TimeSpan.Zero;
        options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(1);
        options.Resilience.TotalTimeout = TimeSpan.FromSeconds(1.5);
        var server = new Server(Hang(clock, TimeSpan.FromSeconds(2)));
        using var client = new JsonRpcEventClient(new HttpClient(server), options);

        var error = Assert.ThrowsAsync<RequestTimeoutException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1"])));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Is.EqualTo("The Zabbix call 'event.acknowledge' timed out after 00:00:01.5000000; Zabbix may have received and acted on it."));
            Assert.That(error.InnerException!.Message, Is.EqualTo("The call exceeded its total timeout of 00:00:01.5000000."));
            Assert.That(server.Requests, Is.EqualTo(2));
            Assert.That(clock.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(1.5)));
        });
    }

    [Test]
    public void A_json_rpc_error_with_a_negative_code_reads_the_same_in_every_culture()
    {
        var server = new Server((_, _) => Json(
            HttpStatusCode.OK,
            """{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params.","data":"No permissions to referred object or it does not exist!"},"id":1}"""));
        var options = new JsonRpcEventClientOptions { Url = new Uri(ZabbixUrl), ApiToken = ZabbixToken, ServerVersion = "7.0.0" };
        using var client = new JsonRpcEventClient(new HttpClient(server), options);

        var error = Assert.ThrowsAsync<InvalidParameterException>(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1"])));

        Assert.That(error!.Message, Is.EqualTo(
            "Zabbix answered 'event.acknowledge' with JSON-RPC error -32602 (operation event.acknowledge, HTTP 200, code -32602, "
            + "message: Invalid params., data: No permissions to referred object or it does not exist!, request id 1, ids 1)"));
    }

    [Test]
    public void Option_problems_with_fractions_and_negative_numbers_read_the_same_in_every_culture()
    {
        var options = new IncidentClientOptions { Endpoint = new Uri(Endpoint), AuthToken = "token" };
        options.Resilience.MaxRetries = -1;
        options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(2.5);
        options.Resilience.TotalTimeout = TimeSpan.FromSeconds(1.5);
        options.Resilience.CircuitBreaker.FailureRatio = 1.5;
        options.Resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(0.25);

        var error = Assert.Throws<ArgumentException>(() => new IncidentClient(options));

        Assert.That(error!.Message, Is.EqualTo(
            "IncidentClientOptions are not usable: Resilience:MaxRetries is -1; use 0 (no retries) to 100. "
            + "Resilience:TotalTimeout (00:00:01.5000000) is shorter than Resilience:AttemptTimeout (00:00:02.5000000); make it at least as long. "
            + "Resilience:CircuitBreaker:FailureRatio is 1.5; use a value above 0 and at most 1. "
            + "Resilience:CircuitBreaker:BreakDuration is 00:00:00.2500000; use 0.5 s to 1 day. (Parameter 'options')"));
    }

    [Test]
    public void Request_validation_messages_with_numbers_read_the_same_in_every_culture()
    {
        var server = new Server((_, _) => throw new InvalidOperationException("nothing may be sent"));
        using var coc = new IncidentClient(new HttpClient(server), new IncidentClientOptions { Endpoint = new Uri(Endpoint), AuthToken = "token" });
        var options = new JsonRpcEventClientOptions { Url = new Uri(ZabbixUrl), ApiToken = ZabbixToken, ServerVersion = "7.0.0" };
        using var zabbix = new JsonRpcEventClient(new HttpClient(server), options);

        var tooLong = Assert.ThrowsAsync<RequestValidationException>(() => coc.AcceptAsync(new string('7', 300), Operator));
        var severity = Assert.ThrowsAsync<RequestValidationException>(() => zabbix.AcknowledgeAsync(AcknowledgeEventRequest.ChangeSeverity(["1"], (EventSeverity)9)));

        Assert.Multiple(() =>
        {
            Assert.That(tooLong!.Message, Is.EqualTo("HandleIncidentRequest breaks 1 rule and was not sent: incident_num: is 300 UTF-16 code units long; at most 255 are allowed "
                + "(a character outside the Basic Multilingual Plane, such as an emoji, counts as two). [max-length]"));
            Assert.That(severity!.Message, Is.EqualTo("AcknowledgeEventRequest breaks 1 rule and was not sent: severity: is 9; use 0 (not classified) to 5 (disaster). [range]"));
            Assert.That(server.Requests, Is.Zero);
        });
    }

    private static IncidentClient Coc(Func<HttpRequestMessage, CancellationToken, HttpResponseMessage> answer, TimeProvider clock, Action<IncidentClientOptions>? configure = null)
    {
        var options = new IncidentClientOptions { Endpoint = new Uri(Endpoint), AuthToken = "token", TimeProvider = clock };
        options.Resilience.BaseDelay = TimeSpan.Zero;
        options.Resilience.UseJitter = false;
        configure?.Invoke(options);
        return new IncidentClient(new HttpClient(new Server(answer)), options);
    }

    private static Func<HttpRequestMessage, CancellationToken, HttpResponseMessage> Answer(HttpStatusCode status) =>
        (_, _) => new HttpResponseMessage(status) { Content = new ByteArrayContent([]) };

    /// <summary>A server that would take <paramref name="time"/> on the fake clock: it lets the clock run until the attempt is cancelled.</summary>
    private static Func<HttpRequestMessage, CancellationToken, HttpResponseMessage> Hang(FakeClock clock, TimeSpan time) =>
        (_, cancellationToken) =>
        {
            for (var waited = TimeSpan.Zero; waited < time && !cancellationToken.IsCancellationRequested; waited += TimeSpan.FromMilliseconds(10))
            {
                clock.Advance(TimeSpan.FromMilliseconds(10));
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("the attempt's timeout should have fired");
        };

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed class Server(Func<HttpRequestMessage, CancellationToken, HttpResponseMessage> answer) : HttpMessageHandler
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            var response = answer(request, cancellationToken);
            response.RequestMessage ??= request;
            return Task.FromResult(response);
        }
    }
}
