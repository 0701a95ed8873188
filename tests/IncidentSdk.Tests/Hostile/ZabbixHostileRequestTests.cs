using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using IncidentSdk.JsonRpc;
using IncidentSdk.Tests.Support;
using IncidentSdk.Validation;
using NUnit.Framework;

namespace IncidentSdk.Tests.Hostile;

/// <summary>
/// Random hostile event.acknowledge requests: refused with exactly the rules the spec predicts and nothing sent, or
/// sent once with the message and ids exactly as given.
/// </summary>
public class ZabbixHostileRequestTests
{
    private const int Seed = 60014;

    private HostileTransport _transport = null!;
    private JsonRpcEventClient _client70 = null!;
    private JsonRpcEventClient _client60 = null!;

    [SetUp]
    public void SetUp()
    {
        _transport = new HostileTransport(EchoIds);
        _client70 = Client("7.0.0");
        _client60 = Client("6.0.0");
    }

    [TearDown]
    public void TearDown()
    {
        _client70.Dispose();
        _client60.Dispose();
        _transport.Dispose();
    }

    [Test]
    public Task Random_requests_are_refused_by_the_documented_rules_or_sent_exactly_as_given() =>
        RandomCases.RunAsync(Seed, 3000, ZabbixRequestCase.Random, CheckAsync, () => _transport.Requests.Count);

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
                    var failure = await CheckAsync(@case);
                    if (failure is not null)
                    {
                        failures.Add(Invariant($"seed {Seed + 1}, message of {characters} code points, {message.Length} units (fill {fill}): {failure}\n  input: {@case}"));
                    }
                }
            }
        }

        Assert.That(failures.Count, Is.Zero, string.Join("\n\n", failures.Take(5)));
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
            _transport.Clear();
            Exception? thrown = null;
            try
            {
                await _client70.AcknowledgeAsync(request);
            }
#pragma warning disable CA1031 // Any exception is judged below.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                thrown = ex;
            }

            string? problem = null;
            if (_transport.Requests.Count != 0)
            {
                using var document = JsonDocument.Parse(_transport.Requests[0].Body);
                problem = "it was sent, with " + HostileText.Show(message) + " written as " + HostileText.Show(document.RootElement.GetProperty("params").GetProperty("message").GetString());
            }
            else if (thrown is not IncidentSdkException)
            {
                problem = "the call threw " + (thrown?.GetType().FullName ?? "nothing") + ", not an IncidentSdkException";
            }
            else if (thrown is RequestValidationException refused && !refused.Errors.Any(e => e.Path == "message"))
            {
                problem = "the validation errors do not name the message: " + refused.Message;
            }

            if (problem is not null)
            {
                failures.Add(Invariant($"seed {Seed + 2}, case {i} (case seed {caseSeed}): {problem}"));
            }
        }

        Assert.That(failures.Count, Is.Zero, Invariant($"{failures.Count} of {Cases} messages with a lone surrogate were not refused; first: {failures.FirstOrDefault()}"));
    }

    private async Task<string?> CheckAsync(ZabbixRequestCase @case)
    {
        _transport.Clear();
        var request = @case.Request;
        var version = ZabbixVersion.Parse(@case.Server60 ? "6.0.0" : "7.0.0");
        var expected = @case.ExpectedErrors(withVersion: true);
        var validation = AcknowledgeEventRequestValidator.Validate(request, version);
        var reported = validation.Errors.Select(e => (e.Path, e.Rule)).ToList();
        if (!CocHostileRequestTests.SameMultiset(reported, expected))
        {
            return $"the validator reported [{string.Join("; ", reported)}], the spec predicts [{string.Join("; ", expected)}]";
        }

        if (validation.Errors.FirstOrDefault(e => string.IsNullOrEmpty(e.Path) || string.IsNullOrEmpty(e.Rule) || string.IsNullOrEmpty(e.Message)) is { } blank)
        {
            return "a validation error lacks a path, rule or message: " + blank;
        }

        Exception? thrown = null;
        AcknowledgeEventResult? result = null;
        try
        {
            result = await (@case.Server60 ? _client60 : _client70).AcknowledgeAsync(request);
        }
#pragma warning disable CA1031 // Any exception is judged below.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            thrown = ex;
        }

        if (expected.Count > 0)
        {
            if (_transport.Requests.Count != 0)
            {
                return Invariant($"an invalid request was sent {_transport.Requests.Count} time(s)");
            }

            if (thrown is not RequestValidationException refused)
            {
                return "an invalid request did not throw RequestValidationException but " + (thrown?.ToString() ?? "nothing");
            }

            // Every broken rule in one exception, the server version's included.
            var reportedByClient = refused.Errors.Select(e => (e.Path, e.Rule)).ToList();
            if (!CocHostileRequestTests.SameMultiset(reportedByClient, expected))
            {
                return "the exception's errors are not the predicted ones: " + refused.Message;
            }

            return null;
        }

        if (thrown is not null)
        {
            return "a valid request threw " + thrown;
        }

        if (_transport.Requests.Count != 1)
        {
            return Invariant($"a valid request reached the transport {_transport.Requests.Count} times");
        }

        if (!result!.EventIds.SequenceEqual(@case.EventIds))
        {
            return "the result's ids differ: " + string.Join(", ", result.EventIds);
        }

        return CheckWire(@case, _transport.Requests[0]);
    }

    private static string? CheckWire(ZabbixRequestCase @case, SentRequest sent)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(sent.Body);
        }
        catch (JsonException ex)
        {
            return "the body is not valid JSON (" + ex.Message + "): " + HostileText.Show(Encoding.UTF8.GetString(sent.Body), 600);
        }

        using (document)
        {
            var root = document.RootElement;
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

            expected["id"] = root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number ? JsonNode.Parse(id.GetRawText()) : "(a number)";
            var differences = new List<string>();
            try
            {
                JsonWire.Compare(expected, root, "$", differences);
            }
            catch (InvalidOperationException ex)
            {
                return "a string in the body is not valid UTF-8 or UTF-16: " + ex.Message;
            }

            if (differences.Count > 0)
            {
                return "the body differs from the input: " + string.Join("; ", differences.Take(5));
            }

            var bearer = @case.Server60 ? null : "Bearer " + ZabbixTest.Token;
            if (sent.Authorization != bearer)
            {
                return "the Authorization header is " + (sent.Authorization ?? "absent");
            }
        }

        return null;
    }

    private JsonRpcEventClient Client(string version) => new(new HttpClient(_transport, disposeHandler: false), ZabbixTest.Options(version, o =>
    {
        o.Resilience.MaxRetries = 0;
        o.Resilience.CircuitBreaker.Enabled = false;
    }));

    /// <summary>A server that updates every event it is sent: <c>{"eventids":[…]}</c> with the request's id.</summary>
    private static HttpResponseMessage EchoIds(HttpRequestMessage request, byte[] body)
    {
        var envelope = JsonNode.Parse(body)!;
        var ids = envelope["params"]!["eventids"]!;
        var list = ids is JsonArray array ? array.DeepClone() : new JsonArray(ids.DeepClone());
        var answer = new JsonObject { ["jsonrpc"] = "2.0", ["result"] = new JsonObject { ["eventids"] = list }, ["id"] = envelope["id"]!.DeepClone() };
        return ZabbixTest.Json(answer.ToJsonString());
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
