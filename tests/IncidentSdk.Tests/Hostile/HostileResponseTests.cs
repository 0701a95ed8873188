using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IncidentSdk.Tests.Hostile;

/// <summary>
/// Thousands of calls answered with hostile bytes: binary, JSON fragments, JSON of any shape, envelopes with members
/// of the wrong type, invalid UTF-8, lone-surrogate escapes, truncated bodies, lying Content-Length, broken streams,
/// any status from 200 to 599 and any Content-Type. A call succeeds only for a genuine success envelope; otherwise
/// it throws an <see cref="IncidentSdkException"/> and never a JsonException, InvalidOperationException or the like.
/// </summary>
public class HostileResponseTests
{
    private const int Seed = 4242;
    private const int Limit = 3072;
    private const string CocSuccess = "GOM.00000000";

    private static readonly string[] CocCodes =
    [
        CocSuccess, "GOM.00007256", "GOM.00009999", "APIG.0101", "APIG.0201", "APIG.0202", "APIG.0203", "APIG.0301", "APIG.0302", "APIG.0303",
        "APIG.0307", "APIG.0308", "APIGW.0308", "APIGW.", "APIG", string.Empty, "gom.00000000", "GOM.00000000 ",
    ];

    private enum Outcome
    {
        Success,
        Failure,
        Transport,
        InvalidResponse,
    }

    [Test]
    public async Task Coc_calls_answered_with_hostile_bytes_succeed_only_on_a_success_envelope_and_otherwise_throw_sdk_exceptions()
    {
        var master = new Random(Seed);
        HostileResponse? next = null;
        using var transport = new HostileTransport((_, _) => next!.ToMessage());
        using var client = CocTest.Client(transport, o =>
        {
            o.Resilience.MaxRetries = 0;
            o.Resilience.CircuitBreaker.Enabled = false;
            o.MaxResponseBodyBytes = Limit;
        });
        var failures = new FailureLog();
        var outcomes = new Dictionary<Outcome, int>();
        const int Calls = 2500;
        for (var i = 0; i < Calls; i++)
        {
            var caseSeed = master.Next();
            var random = new Random(caseSeed);
            next = CocResponse(random);
            transport.Clear();
            var expected = ExpectCoc(next);
            outcomes[expected] = outcomes.GetValueOrDefault(expected) + 1;
            var (result, thrown) = await HostileRequestSuite.OutcomeAsync(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

            var problem = Judge(expected, next, thrown, transport.Requests.Count) ?? (result is null ? null : CheckCocResult(next, result));
            if (problem is not null)
            {
                failures.Add(problem.Kind, Invariant($"seed {Seed}, call {i} (case seed {caseSeed}): {problem.Detail}\n  response: {next}"));
            }
        }

        AssertNoFailuresAndEnoughSuccesses(failures, outcomes, Calls);
    }

    [Test]
    public async Task Zabbix_calls_answered_with_hostile_bytes_succeed_only_on_a_success_envelope_and_otherwise_throw_sdk_exceptions()
    {
        var master = new Random(Seed + 1);
        Random random = null!;
        HostileResponse? answered = null;
        long requestId = 0;
        using var transport = new HostileTransport((_, body) =>
        {
            requestId = JsonNode.Parse(body)!["id"]!.GetValue<long>();
            answered = ZabbixResponse(random, requestId, ["20427", "20428"]);
            return answered.ToMessage();
        });
        using var client = ZabbixClient(transport, "7.0.0");
        var failures = new FailureLog();
        var outcomes = new Dictionary<Outcome, int>();
        const int Calls = 2500;
        for (var i = 0; i < Calls; i++)
        {
            var caseSeed = master.Next();
            random = new Random(caseSeed);
            transport.Clear();
            var (result, thrown) = await HostileRequestSuite.OutcomeAsync(() => client.AcknowledgeAsync(new AcknowledgeEventRequest(["20427", "20428"], EventAction.Acknowledge)));

            var expected = ExpectZabbix(answered!, requestId, out var ids);
            outcomes[expected] = outcomes.GetValueOrDefault(expected) + 1;
            var problem = Judge(expected, answered!, thrown, transport.Requests.Count);
            if (problem is null && result is not null && !result.EventIds.SequenceEqual(ids!))
            {
                problem = new("the result's ids differ from the body's", "[" + string.Join(", ", result.EventIds) + "] vs [" + string.Join(", ", ids!) + "]");
            }

            if (problem is not null)
            {
                failures.Add(problem.Kind, Invariant($"seed {Seed + 1}, call {i} (case seed {caseSeed}, JSON-RPC id {requestId}): {problem.Detail}\n  response: {answered}"));
            }
        }

        AssertNoFailuresAndEnoughSuccesses(failures, outcomes, Calls);
    }

    [Test]
    public async Task Zabbix_version_lookup_and_message_reconciliation_answered_with_hostile_bytes_throw_only_sdk_exceptions()
    {
        var master = new Random(Seed + 2);
        var failures = new FailureLog();
        const int Calls = 500;
        for (var i = 0; i < Calls; i++)
        {
            var caseSeed = master.Next();
            var random = new Random(caseSeed);
            var answers = new List<string>();
            using var transport = new HostileTransport((_, body) =>
            {
                var envelope = JsonNode.Parse(body)!;
                var id = envelope["id"]!.GetValue<long>();
                var method = envelope["method"]!.GetValue<string>();
                var response = method switch
                {
                    "apiinfo.version" when random.Next(2) == 0 => Genuine(random, id, "\"" + new[] { "7.0.5", "6.0.14", "6.4.0", "5.0.1", "x.y" }[random.Next(5)] + "\""),
                    "event.get" when random.Next(2) == 0 => Genuine(random, id, EventList(random)),
                    _ => ZabbixResponse(random, id, ["20427"]),
                };
                answers.Add(method + " → " + response);
                return response.ToMessage();
            });

            // No version configured: the client asks apiinfo.version first. A message makes an ambiguous failure read the events back.
            using var client = ZabbixClient(transport, null);
            var (_, thrown) = await HostileRequestSuite.OutcomeAsync(() => client.AcknowledgeAsync(AcknowledgeEventRequest.AddMessage(["20427"], HostileText.Make(random, 1 + random.Next(40)))));

            if (thrown is not null and not IncidentSdkException)
            {
                failures.Add("a non-SDK exception escaped: " + thrown.GetType().FullName + ": " + thrown.Message, Invariant($"seed {Seed + 2}, call {i} (case seed {caseSeed}): threw {thrown}\n  responses: {string.Join("\n    ", answers)}"));
            }
        }

        Assert.That(failures.Count, Is.Zero, failures.ToString());
    }

    /// <summary>No call was judged wrong, and more than one in twenty calls got a genuine success envelope.</summary>
    private static void AssertNoFailuresAndEnoughSuccesses(FailureLog failures, Dictionary<Outcome, int> outcomes, int calls)
    {
        Assert.That(failures.Count, Is.Zero, failures.ToString());
        Assert.That(outcomes.GetValueOrDefault(Outcome.Success), Is.GreaterThan(calls / 20), "genuine success envelopes generated");
    }

    /// <summary>Checks the call's outcome against the expectation. Returns what went wrong, or null.</summary>
    private static Problem? Judge(Outcome expected, HostileResponse response, Exception? thrown, int requests)
    {
        if (requests != 1)
        {
            return new("the call did not reach the transport exactly once (retries are off)", Invariant($"{requests} requests"));
        }

        if (thrown is not null and not IncidentSdkException)
        {
            return new("a non-SDK exception escaped: " + thrown.GetType().FullName + ": " + thrown.Message, thrown.ToString());
        }

        if (response.Status is >= 300 and < 400 && !response.NoAnswer)
        {
            // A redirect is never an answer, whatever its body: the SDK refuses it before reading the body.
            return thrown is UnexpectedRedirectException { Followed: false } redirect && redirect.StatusCode == response.Status
                ? null
                : new("a 3xx answer did not throw UnexpectedRedirectException with its status", thrown?.ToString() ?? "the call succeeded");
        }

        switch (expected)
        {
            case Outcome.Success when thrown is not null:
                return new("a genuine success envelope failed", thrown.ToString());
            case not Outcome.Success when thrown is null:
                return new("the call succeeded on a response that is not a genuine success envelope", "expected " + expected);
            case Outcome.Transport when thrown is not TransportException:
                return new("a transport failure did not throw TransportException", thrown!.GetType().Name + ": " + thrown.Message);
            case Outcome.InvalidResponse when thrown is not InvalidResponseException:
                return new("a body that cannot be read whole did not throw InvalidResponseException", thrown!.GetType().Name + ": " + thrown.Message);
        }

        if (thrown is ServiceException service && service.StatusCode != response.Status)
        {
            return new("the exception's status differs from the response's", Invariant($"HTTP {service.StatusCode} reported, {response.Status} answered"));
        }

        return null;
    }

    /// <summary>How reading the body ends: null when the bytes arrive whole (then in <paramref name="body"/>).</summary>
    private static Outcome? Delivery(HostileResponse response, out byte[] body)
    {
        body = [];
        if (response.NoAnswer)
        {
            return Outcome.Transport;
        }

        if (response.BreakAfter is { } after)
        {
            // A stream of unknown length is read until it ends or passes the limit, whichever comes first.
            return Math.Min(after, response.Body.Length) > Limit ? Outcome.InvalidResponse : Outcome.Transport;
        }

        if (response.Readable(Limit) is not { } readable)
        {
            return Outcome.InvalidResponse;
        }

        body = readable;
        return null;
    }

    private static Outcome ExpectCoc(HostileResponse response)
    {
        if (Delivery(response, out var body) is { } delivery)
        {
            return delivery;
        }

        if (response.Status is < 200 or >= 300 || Parse(body) is not { } root)
        {
            return Outcome.Failure;
        }

        using (root)
        {
            // A member name with an invalid escape makes the object unreadable, whatever its value.
            if (!NamesDecode(root.RootElement))
            {
                return Outcome.Failure;
            }

            // The envelope's string members must all be strings or null (every occurrence: a wrong type fails the whole envelope).
            foreach (var name in new[] { "error_code", "error_msg", "provider_code", "request_id" })
            {
                if (!Occurrences(root.RootElement, name).All(v => v.ValueKind == JsonValueKind.Null || Decodes(v)))
                {
                    return Outcome.Failure;
                }
            }

            return Last(root.RootElement, "error_code") is { ValueKind: JsonValueKind.String } code && code.GetString() == CocSuccess ? Outcome.Success : Outcome.Failure;
        }
    }

    private static Problem? CheckCocResult(HostileResponse response, HandleIncidentResult result)
    {
        using var root = Parse(response.Readable(Limit)!)!;
        var provider = Last(root.RootElement, "provider_code") is { ValueKind: JsonValueKind.String } p ? p.GetString() : null;
        var bodyRequestId = Last(root.RootElement, "request_id") is { ValueKind: JsonValueKind.String } r ? r.GetString() : null;
        var requestId = response.RequestIdHeader ?? bodyRequestId;
        return result.ErrorCode == CocSuccess && result.ProviderCode == provider && result.RequestId == requestId
            ? null
            : new Problem("the result differs from the envelope", "the result is " + result.ErrorCode + ", provider " + HostileText.Show(result.ProviderCode) + ", request id " + HostileText.Show(result.RequestId)
                + "; expected provider " + HostileText.Show(provider) + ", request id " + HostileText.Show(requestId));
    }

    /// <summary>
    /// What the JSON-RPC spec and zabbix-event-acknowledge.md make of a response to request <paramref name="id"/>:
    /// success needs HTTP 2xx, a JSON object whose members have their documented types, no error, the request's id,
    /// and a result object whose <c>eventids</c> is an id, or an array of ids, as strings or unsigned integers.
    /// </summary>
    private static Outcome ExpectZabbix(HostileResponse response, long id, out List<string>? ids)
    {
        ids = null;
        if (Delivery(response, out var body) is { } delivery)
        {
            return delivery;
        }

        if (response.Status is < 200 or >= 300 || Parse(body) is not { } document)
        {
            return Outcome.Failure;
        }

        using (document)
        {
            var root = document.RootElement;
            var typed = NamesDecode(root) && Occurrences(root, "jsonrpc").All(v => v.ValueKind == JsonValueKind.Null || Decodes(v))
                && Occurrences(root, "error").All(v => v.ValueKind == JsonValueKind.Null || IsErrorObject(v));
            if (!typed || Last(root, "error") is { ValueKind: not JsonValueKind.Null })
            {
                return Outcome.Failure;
            }

            var idMatches = Last(root, "id") switch
            {
                { ValueKind: JsonValueKind.Number } n => n.TryGetInt64(out var value) && value == id,
                { ValueKind: JsonValueKind.String } s => Decodes(s) && s.GetString() == id.ToString(CultureInfo.InvariantCulture),
                _ => false,
            };
            if (!idMatches || Last(root, "result") is not { ValueKind: JsonValueKind.Object } result || !NamesDecode(result))
            {
                return Outcome.Failure;
            }

            var all = Occurrences(result, "eventids").ToList();
            if (all.Count == 0 || !all.All(IsIds) || all[^1].ValueKind == JsonValueKind.Null)
            {
                return Outcome.Failure;
            }

            var last = all[^1];
            ids = (last.ValueKind == JsonValueKind.Array ? last.EnumerateArray().ToList() : [last]).Select(IdText).ToList();
            return Outcome.Success;
        }
    }

    private static bool IsErrorObject(JsonElement error) =>
        error.ValueKind == JsonValueKind.Object
        && Occurrences(error, "code").All(c => c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out _))
        && Occurrences(error, "message").All(m => m.ValueKind == JsonValueKind.Null || Decodes(m));

    // What the client can read as ids: null (a malformed answer, like a missing member, so never a success), one id, or an array of ids.
    private static bool IsIds(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => true,
        JsonValueKind.Array => value.EnumerateArray().All(IsId),
        _ => IsId(value),
    };

    private static bool IsId(JsonElement value) =>
        (value.ValueKind == JsonValueKind.String && Decodes(value)) || (value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out _));

    private static string IdText(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetUInt64().ToString(CultureInfo.InvariantCulture);

    private static JsonDocument? Parse(byte[] body)
    {
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Every value of a member, in order (duplicates included; the last one counts).</summary>
    private static IEnumerable<JsonElement> Occurrences(JsonElement element, string name) =>
        element.EnumerateObject().Where(p => p.NameEquals(name)).Select(p => p.Value);

    private static JsonElement? Last(JsonElement element, string name) =>
        Occurrences(element, name).Select(v => (JsonElement?)v).LastOrDefault();

    /// <summary>Whether every member name of an object holds valid UTF-8 and no lone surrogate escapes.</summary>
    private static bool NamesDecode(JsonElement element)
    {
        try
        {
            return element.EnumerateObject().All(p => p.Name is not null);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Whether a JSON string holds valid UTF-8 and no lone surrogate escapes.</summary>
    private static bool Decodes(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static HostileResponse CocResponse(Random random)
    {
        var kind = random.Next(16);
        var status = ResponseGenerator.Status(random, mostlyOk: kind is >= 6 and <= 9);
        switch (kind)
        {
            case 0:
                return ResponseGenerator.Wrap(random, "empty", [], status);
            case 1:
                return ResponseGenerator.Wrap(random, "binary", ResponseGenerator.Binary(random), status);
            case 2:
                return ResponseGenerator.Wrap(random, "JSON fragments", ResponseGenerator.JsonIsh(random), status);
            case 3:
                return ResponseGenerator.Wrap(random, "JSON of a random shape", ResponseGenerator.RandomJson(random), status);
            case 4:
            case 5:
                var members = new List<(string, string)>();
                foreach (var name in new[] { "error_code", "error_msg", "provider_code", "data", "request_id" })
                {
                    if (random.Next(5) != 0)
                    {
                        members.Add((name, name == "error_code" && random.Next(2) == 0 ? ResponseGenerator.StringLiteral(random, CocCodes[random.Next(CocCodes.Length)]) : ResponseGenerator.AnyValue(random)));
                    }
                }

                return ResponseGenerator.Wrap(random, "envelope with members of random types", ResponseGenerator.Encode(random, ResponseGenerator.Object(random, ResponseGenerator.Shuffle(random, members))), status);
            case 6:
            case 7:
            case 8:
                return ResponseGenerator.Wrap(random, "success envelope", ResponseGenerator.Encode(random, CocEnvelope(random, CocSuccess)), status);
            case 9:
                var whole = ResponseGenerator.Encode(random, CocEnvelope(random, CocSuccess));
                return ResponseGenerator.Wrap(random, "truncated success envelope", whole.AsSpan(0, random.Next(whole.Length)).ToArray(), status);
            case 10:
                return ResponseGenerator.Wrap(random, "HTML", ResponseGenerator.Html(random), status);
            case 11:
                var padded = CocEnvelope(random, CocSuccess);
                return ResponseGenerator.Wrap(random, "padded success envelope", ResponseGenerator.Encode(random, new string(' ', Limit - 200 + random.Next(400)) + padded), status);
            case 12:
                return ResponseGenerator.Wrap(random, "duplicate error_code members", ResponseGenerator.Encode(random, ResponseGenerator.Object(random, [
                    ("error_code", ResponseGenerator.StringLiteral(random, CocCodes[random.Next(CocCodes.Length)])),
                    ("error_msg", "null"),
                    ("error_code", random.Next(3) == 0 ? ResponseGenerator.AnyValue(random) : ResponseGenerator.StringLiteral(random, CocCodes[random.Next(CocCodes.Length)])),
                ])), status);
            default:
                return ResponseGenerator.Wrap(random, "error envelope", ResponseGenerator.Encode(random, CocEnvelope(random, CocCodes[random.Next(1, CocCodes.Length)])), status);
        }
    }

    private static string CocEnvelope(Random random, string code)
    {
        var members = new List<(string, string)>
        {
            ("error_code", ResponseGenerator.StringLiteral(random, code)),
            ("error_msg", random.Next(2) == 0 ? "null" : ResponseGenerator.StringLiteral(random, random.Next(4) == 0 ? "signature expired" : null)),
            ("provider_code", random.Next(4) == 0 ? "null" : ResponseGenerator.StringLiteral(random, "049")),
            ("data", random.Next(2) == 0 ? "null" : ResponseGenerator.AnyValue(random)),
        };
        if (random.Next(3) == 0)
        {
            members.Add(("request_id", ResponseGenerator.StringLiteral(random)));
        }

        return ResponseGenerator.Object(random, ResponseGenerator.Shuffle(random, members));
    }

    private static HostileResponse ZabbixResponse(Random random, long id, string[] ids)
    {
        var kind = random.Next(16);
        var status = ResponseGenerator.Status(random, mostlyOk: kind is >= 4);
        string Id() => random.Next(12) switch
        {
            0 => "null",
            1 => "\"" + id.ToString(CultureInfo.InvariantCulture) + "\"",
            2 => (id + 1).ToString(CultureInfo.InvariantCulture),
            3 => id.ToString(CultureInfo.InvariantCulture) + ".0",
            4 => ResponseGenerator.AnyValue(random),
            5 => "\"" + id.ToString(CultureInfo.InvariantCulture) + "~BAD~\"",
            _ => id.ToString(CultureInfo.InvariantCulture),
        };
        string Ids() => random.Next(12) switch
        {
            0 => "[" + string.Join(",", ids) + "]",
            1 => "\"" + ids[0] + "\"",
            2 => ids[0],
            3 => "[]",
            4 => "null",
            5 => "[" + string.Join(",", ids.Select(_ => ResponseGenerator.AnyValue(random))) + "]",
            6 => ResponseGenerator.AnyValue(random),
            7 => "[\"1\",[\"2\"]]",
            8 => "[-1, 1.5, 18446744073709551616]",
            _ => "[" + string.Join(",", ids.Select(i => ResponseGenerator.StringLiteral(random, i))) + "]",
        };
        string Error() => ResponseGenerator.Object(random, ResponseGenerator.Shuffle(random, [
            ("code", random.Next(3) == 0 ? ResponseGenerator.AnyValue(random) : new[] { "-32602", "-32500", "-32700", "-32601", "-32603", "1", "0" }[random.Next(7)]),
            ("message", random.Next(4) == 0 ? ResponseGenerator.AnyValue(random) : ResponseGenerator.StringLiteral(random, "Application error.")),
            ("data", random.Next(4) == 0 ? ResponseGenerator.AnyValue(random) : ResponseGenerator.StringLiteral(random, new[] { "Not authorized.", "Session terminated, re-login, please.", "No permissions to referred object or it does not exist!", "x" }[random.Next(4)])),
        ]));

        switch (kind)
        {
            case 0:
                return ResponseGenerator.Wrap(random, "binary or empty", random.Next(4) == 0 ? [] : ResponseGenerator.Binary(random), status);
            case 1:
                return ResponseGenerator.Wrap(random, "JSON fragments", ResponseGenerator.JsonIsh(random), status);
            case 2:
                return ResponseGenerator.Wrap(random, "JSON of a random shape", ResponseGenerator.RandomJson(random), status);
            case 3:
                return ResponseGenerator.Wrap(random, "HTML", ResponseGenerator.Html(random), status);
            case 4:
            case 5:
            case 6:
                var members = new List<(string, string)>();
                if (random.Next(5) != 0)
                {
                    members.Add(("jsonrpc", random.Next(3) == 0 ? ResponseGenerator.AnyValue(random) : "\"2.0\""));
                }

                if (random.Next(3) != 0)
                {
                    members.Add(("result", random.Next(3) == 0 ? ResponseGenerator.AnyValue(random) : ResponseGenerator.Object(random, ResponseGenerator.Shuffle(random, [("eventids", Ids())]))));
                }

                if (random.Next(3) == 0)
                {
                    members.Add(("error", random.Next(4) == 0 ? ResponseGenerator.AnyValue(random) : Error()));
                }

                if (random.Next(6) != 0)
                {
                    members.Add(("id", Id()));
                }

                return ResponseGenerator.Wrap(random, "envelope with members of random types", ResponseGenerator.Encode(random, ResponseGenerator.Object(random, ResponseGenerator.Shuffle(random, members))), status);
            case 7:
            case 8:
            case 9:
                return Genuine(random, id, ResponseGenerator.Object(random, [("eventids", random.Next(3) switch
                {
                    0 => "[" + string.Join(",", ids) + "]",
                    1 => "\"" + ids[0] + "\"",
                    _ => "[" + string.Join(",", ids.Select(i => "\"" + i + "\"")) + "]",
                })]), status);
            case 10:
                var whole = Genuine(random, id, "{\"eventids\":[\"" + ids[0] + "\"]}", status);
                return ResponseGenerator.Wrap(random, "truncated success envelope", whole.Body.AsSpan(0, random.Next(whole.Body.Length)).ToArray(), status);
            case 11:
                return ResponseGenerator.Wrap(random, "padded success envelope", ResponseGenerator.Encode(random, new string('\n', Limit - 100 + random.Next(200)) + "{\"jsonrpc\":\"2.0\",\"result\":{\"eventids\":[\"" + ids[0] + "\"]},\"id\":" + id.ToString(CultureInfo.InvariantCulture) + "}"), status);
            default:
                return ResponseGenerator.Wrap(random, "JSON-RPC error", ResponseGenerator.Encode(random, ResponseGenerator.Object(random, ResponseGenerator.Shuffle(random, [("jsonrpc", "\"2.0\""), ("error", Error()), ("id", Id())]))), status);
        }
    }

    private static HostileResponse Genuine(Random random, long id, string resultJson, int status = 200) =>
        ResponseGenerator.Wrap(random, "success envelope", ResponseGenerator.Encode(random, ResponseGenerator.Object(random, ResponseGenerator.Shuffle(random, [
            ("jsonrpc", "\"2.0\""),
            ("result", resultJson),
            ("id", id.ToString(CultureInfo.InvariantCulture)),
        ]))), status);

    private static string EventList(Random random) => "[" + string.Join(",", Enumerable.Range(0, random.Next(3)).Select(_ => ResponseGenerator.Object(random, ResponseGenerator.Shuffle(random, [
        ("eventid", random.Next(4) == 0 ? ResponseGenerator.AnyValue(random) : "\"20427\""),
        ("severity", random.Next(3) == 0 ? ResponseGenerator.AnyValue(random) : "\"4\""),
        ("acknowledges", "[" + ResponseGenerator.Object(random, ResponseGenerator.Shuffle(random, [
            ("message", ResponseGenerator.StringLiteral(random)),
            ("clock", random.Next(3) == 0 ? ResponseGenerator.AnyValue(random) : "\"" + random.NextInt64(-99999999999, 99999999999).ToString(CultureInfo.InvariantCulture) + "\""),
            ("action", random.Next(3) == 0 ? ResponseGenerator.AnyValue(random) : "\"" + random.Next(-5, 600).ToString(CultureInfo.InvariantCulture) + "\""),
            ("suppress_until", random.Next(3) == 0 ? ResponseGenerator.AnyValue(random) : "\"" + random.NextInt64(long.MinValue, long.MaxValue).ToString(CultureInfo.InvariantCulture) + "\""),
        ])) + "]"),
    ])))) + "]";

    private static JsonRpcEventClient ZabbixClient(HostileTransport transport, string? version) =>
        new(new HttpClient(transport, disposeHandler: false), ZabbixTest.Options(version, o =>
        {
            o.Resilience.MaxRetries = 0;
            o.Resilience.CircuitBreaker.Enabled = false;
            o.MaxResponseBodyBytes = Limit;
        }));

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    /// <summary>A failing case: its kind (to group by) and the details.</summary>
    private sealed record Problem(string Kind, string Detail);
}
