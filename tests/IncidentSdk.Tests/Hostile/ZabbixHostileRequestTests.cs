using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentSdk.Validation;
using static System.FormattableString;

namespace IncidentSdk.Tests.Hostile;

/// <summary>
/// Random hostile event.acknowledge requests: refused with exactly the rules the spec predicts and nothing sent, or
/// sent once with the message and ids exactly as given.
/// </summary>
public class ZabbixHostileRequestTests : HostileRequestSuite
{
    private const int Seed = 60014;

    private JsonRpcEventClient _client70 = null!;
    private JsonRpcEventClient _client60 = null!;

    [SetUp]
    public void SetUp()
    {
        _client70 = Client("7.0.0");
        _client60 = Client("6.0.0");
    }

    [TearDown]
    public void TearDown()
    {
        _client70.Dispose();
        _client60.Dispose();
    }

    [Test]
    public Task Random_requests_are_refused_by_the_documented_rules_or_sent_exactly_as_given() =>
        RandomCases.RunAsync(Seed, 3000, ZabbixRequestCase.Random, CheckAsync, () => Transport.Requests.Count);

    [Test]
    public async Task The_message_limit_counts_code_points_at_2047_2048_and_2049_with_non_bmp_text_and_combining_marks()
    {
        var random = new Random(Seed + 1);
        var failures = new List<string>();
        foreach (var characters in new[] { 2047, 2048, 2049 })
        {
            for (var fill = 0; fill < 4; fill++)
            {
                for (var repeat = 0; repeat < 5; repeat++)
                {
                    var message = fill switch
                    {
                        0 => new string('m', characters),
                        1 => string.Concat(Enumerable.Range(0, characters).Select(_ => char.ConvertFromUtf32(random.Next(0x10000, 0x110000)))),
                        2 => string.Concat(Enumerable.Repeat("e\u0301", characters / 2)) + (characters % 2 == 1 ? "x" : string.Empty),
                        _ => HostileText.MakeCodePoints(random, characters),
                    };
                    Assert.That(message.EnumerateRunes().Count(), Is.EqualTo(characters), "the case builder's own arithmetic");
                    var @case = new ZabbixRequestCase { EventIds = ["20427", "20428"], Action = EventAction.Acknowledge | EventAction.AddMessage, Message = message };
                    var expected = characters > AcknowledgeEventRequest.MaxMessageLength ? new[] { ("message", ValidationRules.MaxLength) } : [];
                    Assert.That(@case.ExpectedErrors(withVersion: true), Is.EqualTo(expected));
                    await CheckCaseAsync(failures, Invariant($"seed {Seed + 1}, message of {characters} code points, {message.Length} units (fill {fill})"), @case, CheckAsync);
                }
            }
        }

        AssertNoFailures(failures);
    }

    [Test]
    public async Task A_message_with_a_lone_surrogate_is_refused_with_an_sdk_exception_and_never_sent_replaced()
    {
        var master = new Random(Seed + 2);
        var failures = new List<string>();
        const int Cases = 100;
        for (var i = 0; i < Cases; i++)
        {
            var caseSeed = master.Next();
            var random = new Random(caseSeed);
            var message = HostileText.WithLoneSurrogate(random, HostileText.Make(random, random.Next(12)));
            var request = AcknowledgeEventRequest.Acknowledge(["20427"], message);
            var problem = await LoneSurrogateProblemAsync(
                () => _client70.AcknowledgeAsync(request),
                body => HostileText.Show(message) + " written as " + HostileText.Show(body.GetProperty("params").GetProperty("message").GetString()),
                refused => refused.Errors.Any(e => e.Path == "message") ? null : "the validation errors do not name the message: " + refused.Message);
            if (problem is not null)
            {
                failures.Add(Invariant($"seed {Seed + 2}, case {i} (case seed {caseSeed}): {problem}"));
            }
        }

        Assert.That(failures.Count, Is.Zero, Invariant($"{failures.Count} of {Cases} messages with a lone surrogate were not refused; first: {failures.FirstOrDefault()}"));
    }

    private Task<string?> CheckAsync(ZabbixRequestCase @case)
    {
        var request = @case.Request;
        var expected = @case.ExpectedErrors(withVersion: true);
        return CheckAsync(
            AcknowledgeEventRequestValidator.Validate(request, ZabbixVersion.Parse(@case.Server60 ? "6.0.0" : "7.0.0")).Errors,
            expected,
            () => (@case.Server60 ? _client60 : _client70).AcknowledgeAsync(request),

            // Every broken rule in one exception, the server version's included.
            refused => SameMultiset(refused.Errors.Select(e => (e.Path, e.Rule)).ToList(), expected) ? null : "the exception's errors are not the predicted ones: " + refused.Message,
            (result, sent) => result.EventIds.SequenceEqual(@case.EventIds) ? CheckWire(@case, sent) : "the result's ids differ: " + string.Join(", ", result.EventIds));
    }

    private static string? CheckWire(ZabbixRequestCase @case, SentRequest sent) => CheckBody(
        sent.Body,
        body =>
        {
            var expected = new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["method"] = "event.acknowledge",
                ["params"] = @case.ExpectedParams(),
            };
            if (@case.Server60)
            {
                // Before 6.4 the token travels in the envelope.
                expected["auth"] = ZabbixTest.Token;
            }

            expected["id"] = body.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number ? JsonNode.Parse(id.GetRawText()) : "(a number)";
            return expected;
        },
        _ =>
        {
            var bearer = @case.Server60 ? null : "Bearer " + ZabbixTest.Token;
            return sent.Authorization != bearer ? "the Authorization header is " + (sent.Authorization ?? "absent") : null;
        });

    private JsonRpcEventClient Client(string version) => new(new HttpClient(Transport, disposeHandler: false), ZabbixTest.Options(version, o =>
    {
        o.Resilience.MaxRetries = 0;
        o.Resilience.CircuitBreaker.Enabled = false;
    }));

    /// <summary>A server that updates every event it is sent: <c>{"eventids":[…]}</c> with the request's id.</summary>
    private protected override HttpResponseMessage Answer(HttpRequestMessage request, byte[] body)
    {
        var envelope = JsonNode.Parse(body)!;
        var ids = envelope["params"]!["eventids"]!;
        var list = ids is JsonArray array ? array.DeepClone() : new JsonArray(ids.DeepClone());
        var answer = new JsonObject { ["jsonrpc"] = "2.0", ["result"] = new JsonObject { ["eventids"] = list }, ["id"] = envelope["id"]!.DeepClone() };
        return ZabbixTest.Json(answer.ToJsonString());
    }
}
