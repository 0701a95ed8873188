using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentSdk.Validation;

namespace IncidentSdk.Tests.Hostile;

/// <summary>Which public method a case goes through.</summary>
internal enum CocApi
{
    Accept,
    CommitSolution,
    Confirm,
    Handle,
}

/// <summary>
/// One random COC request, the JSON its parameter must appear as on the wire, and the broken rules the documented
/// limits predict (computed here from the spec, independently of the validator).
/// </summary>
internal sealed class CocRequestCase
{
    private static readonly OperateKey[] DocumentedKeys =
    [
        OperateKey.AcceptedIncident, OperateKey.CommitSolution, OperateKey.Confirm, OperateKey.ForwardOther, OperateKey.IncidentPause,
        OperateKey.Agreed, OperateKey.Rejected, OperateKey.IncidentChangeLevel, OperateKey.ReOpen,
    ];

    private static readonly IncidentCategory[] Categories =
    [
        IncidentCategory.ConfigIssues, IncidentCategory.MiddlewareIssues, IncidentCategory.SecurityIssues, IncidentCategory.ChangeIssues,
    ];

    // Raw objects and arrays nest at most 63 levels, counting the parameter object: the SDK's documented limit, so that
    // the request body stays within System.Text.Json's default 64.
    private const int MaxRawDepth = 63;

    public CocApi Api { get; init; }

    public string? IncidentNumber { get; init; }

    public string? Operator { get; init; }

    public OperateKey Key { get; init; }

    public IncidentParameter? Parameter { get; init; }

    /// <summary>The parameter object exactly as it must be sent (<c>{}</c> when there is none).</summary>
    public required JsonObject ExpectedParameter { get; init; }

    public HandleIncidentRequest Request => new(IncidentNumber!, Operator!, Key, Parameter);

    /// <summary>A random case; lone surrogates never appear (they have their own test).</summary>
    public static CocRequestCase Random(Random random)
    {
        var api = (CocApi)random.Next(4);
        var incident = random.Next(40) switch
        {
            0 => null,
            1 => HostileText.Whitespace(random, 1 + random.Next(4)),
            _ => HostileText.Field(random, Length(random, HandleIncidentRequest.MaxFieldLength)),
        };
        var @operator = random.Next(40) switch
        {
            0 => null,
            1 => HostileText.Whitespace(random, 1 + random.Next(4)),
            _ => HostileText.Field(random, Length(random, HandleIncidentRequest.MaxFieldLength)),
        };
        switch (api)
        {
            case CocApi.Accept:
                return Build(api, incident, @operator, OperateKey.AcceptedIncident, null);
            case CocApi.CommitSolution:
                return Build(api, incident, @operator, OperateKey.CommitSolution, RandomSolution(random));
            case CocApi.Confirm:
                return Build(api, incident, @operator, OperateKey.Confirm, RandomVerification(random));
        }

        var key = random.Next(10) switch
        {
            0 => default,
            1 => new OperateKey(HostileText.Field(random, Length(random, HandleIncidentRequest.MaxFieldLength))),
            2 => new OperateKey(random.Next(3) == 0 ? HostileText.Whitespace(random, 1 + random.Next(3)) : HostileText.Field(random, Length(random, HandleIncidentRequest.MaxFieldLength))),
            3 or 4 => OperateKey.CommitSolution,
            5 or 6 => OperateKey.Confirm,
            _ => DocumentedKeys[random.Next(DocumentedKeys.Length)],
        };
        IncidentParameter? parameter = random.Next(15) switch
        {
            0 or 1 => null,
            2 or 3 => RandomSolution(random),
            4 or 5 => RandomVerification(random),
            6 or 7 or 8 or 9 => new RawIncidentParameter(DocumentedShape(random, key)),
            10 => new RawIncidentParameter(Deep(random, MaxRawDepth - 2 + random.Next(5))),
            _ => new RawIncidentParameter(RandomObject(random, 0)),
        };
        return Build(api, incident, @operator, key, parameter);
    }

    public static CocRequestCase Build(CocApi api, string? incident, string? @operator, OperateKey key, IncidentParameter? parameter) => new()
    {
        Api = api,
        IncidentNumber = incident,
        Operator = @operator,
        Key = key,
        Parameter = parameter,
        ExpectedParameter = Expected(parameter),
    };

    /// <summary>A length for a limited field: mostly valid, often exactly at the limit, sometimes empty or over it.</summary>
    public static int Length(Random random, int limit) => random.Next(16) switch
    {
        0 => 0,
        1 => limit - 1,
        2 => limit,
        3 => limit + 1,
        4 => limit * 2 + random.Next(50),
        5 => random.Next(limit + 1),
        _ => 1 + random.Next(Math.Min(limit, 40)),
    };

    public static SolutionParameter RandomSolution(Random random)
    {
        var category = random.Next(12) switch
        {
            0 => default,
            1 => new IncidentCategory(random.Next(2) == 0 ? string.Empty : HostileText.Whitespace(random, 1 + random.Next(3))),
            2 or 3 => new IncidentCategory(HostileText.Make(random, 1 + random.Next(120))),
            _ => Categories[random.Next(Categories.Length)],
        };
        return new SolutionParameter(category, random.Next(2) == 0, HostileText.Field(random, TextLength(random)), HostileText.Field(random, TextLength(random)))
        {
            StartTime = RandomTime(random),
            FaultRecoveryTime = RandomTime(random),
        };
    }

    public static VerificationParameter RandomVerification(Random random) =>
        new(random.Next(2) == 0, random.Next(20) == 0 ? HostileText.Whitespace(random, 1 + random.Next(5)) : HostileText.Field(random, Length(random, VerificationParameter.MaxCommentLength)));

    /// <summary>
    /// A parameter object whose deepest branch reaches exactly <paramref name="levels"/> levels of objects and arrays
    /// (the parameter object is level 1), mixed at random, with hostile keys and strings along the way.
    /// </summary>
    public static JsonObject Deep(Random random, int levels)
    {
        JsonNode? current = null;
        for (var level = levels; level >= 2; level--)
        {
            if (random.Next(2) == 0)
            {
                var array = new JsonArray();
                if (random.Next(3) == 0)
                {
                    array.Add(HostileText.Make(random, random.Next(6)));
                }

                if (current is not null)
                {
                    array.Add(current);
                }

                current = array;
            }
            else
            {
                var obj = new JsonObject();
                if (random.Next(3) == 0)
                {
                    obj[HostileText.Make(random, 1 + random.Next(4))] = random.Next(2) == 0;
                }

                if (current is not null)
                {
                    obj[HostileText.Make(random, 1 + random.Next(4)) + "!"] = current;
                }

                current = obj;
            }
        }

        var root = new JsonObject { ["k"] = HostileText.Make(random, random.Next(8)) };
        if (current is not null)
        {
            root["deep"] = current;
        }

        return root;
    }

    /// <summary>The deepest level of objects and arrays, counting <paramref name="node"/> as level 1; walked without recursion.</summary>
    public static int Depth(JsonNode? node)
    {
        var deepest = 0;
        var pending = new Stack<(JsonNode? Node, int Level)>();
        pending.Push((node, 1));
        while (pending.Count > 0)
        {
            var (current, level) = pending.Pop();
            IEnumerable<JsonNode?> children = current switch
            {
                JsonObject obj => obj.Select(p => p.Value),
                JsonArray array => array,
                _ => [],
            };
            if (current is JsonObject or JsonArray)
            {
                deepest = Math.Max(deepest, level);
                foreach (var child in children)
                {
                    pending.Push((child, level + 1));
                }
            }
        }

        return deepest;
    }

    // The 10000-unit limit of cause and solution, and the 2048-character limit of the serialized parameter that caps them first.
    private static int TextLength(Random random) => random.Next(14) switch
    {
        0 => 0,
        1 => SolutionParameter.MaxTextLength - 1,
        2 => SolutionParameter.MaxTextLength,
        3 => SolutionParameter.MaxTextLength + 1,
        4 => 250 + random.Next(600),
        _ => 1 + random.Next(120),
    };

    private static long? RandomTime(Random random) => random.Next(8) switch
    {
        0 => -1 - random.Next(1000),
        1 => random.NextInt64(),
        2 => long.MaxValue,
        3 => 0,
        4 => 1_711_091_706_000L + random.Next(-100_000, 100_000),
        _ => null,
    };

    /// <summary>The documented keys of commitSolution1 or confirm, each present and right, missing, null or of the wrong type, among random extra keys.</summary>
    private static JsonObject DocumentedShape(Random random, OperateKey key)
    {
        var values = RandomObject(random, 2);
        if (key == OperateKey.Confirm)
        {
            values["virtual_confirm_result"] = Slot(random, JsonValueKind.True, () => JsonValue.Create(random.Next(2) == 0));
            values["virtual_confirm_comment"] = Slot(random, JsonValueKind.String, () => JsonValue.Create(HostileText.Field(random, Length(random, VerificationParameter.MaxCommentLength))));
        }
        else
        {
            values["mtm_type"] = Slot(random, JsonValueKind.String, () => JsonValue.Create(random.Next(5) == 0 ? string.Empty : HostileText.Make(random, 1 + random.Next(60))));
            values["is_service_interrupt"] = Slot(random, JsonValueKind.True, () => JsonValue.Create(random.Next(2) == 0));
            values["cause"] = Slot(random, JsonValueKind.String, () => JsonValue.Create(HostileText.Field(random, TextLength(random))));
            values["solution"] = Slot(random, JsonValueKind.String, () => JsonValue.Create(HostileText.Field(random, TextLength(random))));
            values["start_time"] = TimeSlot(random);
            values["fault_recovery_time"] = TimeSlot(random);
        }

        foreach (var name in values.Select(p => p.Key).ToList())
        {
            if (values[name] is JsonValue marker && marker.GetValueKind() == JsonValueKind.String && marker.GetValue<string>() == Missing)
            {
                values.Remove(name);
            }
        }

        return values;
    }

    private const string Missing = "\u0000missing\u0000";

    private static JsonNode? Slot(Random random, JsonValueKind kind, Func<JsonNode> valid) => random.Next(9) switch
    {
        0 => JsonValue.Create(Missing),
        1 => null,
        2 => WrongType(random, kind),
        _ => valid(),
    };

    private static JsonNode? TimeSlot(Random random) => random.Next(9) switch
    {
        0 => null,
        1 => JsonValue.Create(1.5),
        2 => JsonValue.Create("1711091706000"),
        3 => JsonNode.Parse("123456789012345678901234567890"),
        4 => JsonValue.Create(-5L),
        5 => JsonValue.Create(random.Next(1, 1_000_000)),
        6 => JsonValue.Create(random.NextInt64()),
        _ => JsonValue.Create(Missing),
    };

    private static JsonNode WrongType(Random random, JsonValueKind right)
    {
        while (true)
        {
            JsonNode node = random.Next(5) switch
            {
                0 => JsonValue.Create(random.NextInt64(-1000, 1000)),
                1 => JsonValue.Create(random.Next(2) == 0),
                2 => JsonValue.Create(HostileText.Make(random, random.Next(10))),
                3 => new JsonObject(),
                _ => new JsonArray(JsonValue.Create("x")),
            };
            var kind = node.GetValueKind();
            if (kind != right && !(right == JsonValueKind.True && kind == JsonValueKind.False))
            {
                return node;
            }
        }
    }

    public static JsonObject RandomObject(Random random, int depth)
    {
        var values = new JsonObject();
        var count = random.Next(depth == 0 ? 6 : 3);
        for (var i = 0; i < count; i++)
        {
            values[HostileText.Make(random, random.Next(16))] = RandomNode(random, depth + 1);
        }

        return values;
    }

    private static JsonNode? RandomNode(Random random, int depth) => random.Next(depth > 2 ? 5 : 7) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.NextInt64(long.MinValue, long.MaxValue)),
        3 or 4 => JsonValue.Create(HostileText.Field(random, random.Next(40))),
        5 => RandomObject(random, depth),
        _ => new JsonArray(Enumerable.Range(0, random.Next(4)).Select(_ => RandomNode(random, depth + 1)).ToArray()),
    };

    private static JsonObject Expected(IncidentParameter? parameter)
    {
        switch (parameter)
        {
            case SolutionParameter solution:
                var values = new JsonObject
                {
                    ["mtm_type"] = solution.Category.Value is { } category ? JsonValue.Create(category) : null,
                    ["is_service_interrupt"] = solution.IsServiceInterrupted,
                    ["cause"] = solution.Cause,
                    ["solution"] = solution.Solution,
                };
                if (solution.StartTime is { } start)
                {
                    values["start_time"] = start;
                }

                if (solution.FaultRecoveryTime is { } recovery)
                {
                    values["fault_recovery_time"] = recovery;
                }

                return values;
            case VerificationParameter verification:
                return new JsonObject { ["virtual_confirm_result"] = verification.Confirmed, ["virtual_confirm_comment"] = verification.Comment };
            case RawIncidentParameter raw:
                return (JsonObject)raw.Values.DeepClone();
            default:
                return [];
        }
    }

    /// <summary>
    /// The broken rules the spec predicts (coc-incident-handle.md): required fields (not empty, not only whitespace), at
    /// most 255 UTF-16 units for incident_num, operator and operate_key, 10000 for cause and solution, 300 for the
    /// comment, the required keys and types of the documented parameters, raw objects and arrays nested at most 63
    /// levels, and at most 2048 characters of serialized parameter.
    /// </summary>
    public List<(string Path, string Rule)> ExpectedErrors()
    {
        var errors = new List<(string, string)>();
        Text(errors, "incident_num", IncidentNumber, HandleIncidentRequest.MaxFieldLength);
        Text(errors, "operator", Operator, HandleIncidentRequest.MaxFieldLength);
        Text(errors, "operate_key", Key.Value, HandleIncidentRequest.MaxFieldLength);
        var solutionKey = Key.Value == "commitSolution1";
        var confirmKey = Key.Value == "confirm";
        if (Parameter is null)
        {
            if (solutionKey || confirmKey)
            {
                errors.Add(("parameter", ValidationRules.Required));
            }

            return errors;
        }

        if (Parameter is SolutionParameter solution && solutionKey)
        {
            if (string.IsNullOrWhiteSpace(solution.Category.Value))
            {
                errors.Add(("parameter.mtm_type", ValidationRules.Required));
            }

            Text(errors, "parameter.cause", solution.Cause, SolutionParameter.MaxTextLength);
            Text(errors, "parameter.solution", solution.Solution, SolutionParameter.MaxTextLength);
            Times(errors, solution.StartTime, solution.FaultRecoveryTime);
        }
        else if (Parameter is VerificationParameter verification && confirmKey)
        {
            Text(errors, "parameter.virtual_confirm_comment", verification.Comment, VerificationParameter.MaxCommentLength);
        }
        else if (Parameter is SolutionParameter or VerificationParameter)
        {
            errors.Add(("parameter", ValidationRules.Type));
        }
        else if (Parameter is RawIncidentParameter raw && solutionKey)
        {
            RawText(errors, raw.Values, "mtm_type", int.MaxValue);
            RawBoolean(errors, raw.Values, "is_service_interrupt");
            RawText(errors, raw.Values, "cause", SolutionParameter.MaxTextLength);
            RawText(errors, raw.Values, "solution", SolutionParameter.MaxTextLength);
            Times(errors, RawTime(errors, raw.Values, "start_time"), RawTime(errors, raw.Values, "fault_recovery_time"));
        }
        else if (Parameter is RawIncidentParameter rawVerification && confirmKey)
        {
            RawBoolean(errors, rawVerification.Values, "virtual_confirm_result");
            RawText(errors, rawVerification.Values, "virtual_confirm_comment", VerificationParameter.MaxCommentLength);
        }

        if (Parameter is RawIncidentParameter && Depth(ExpectedParameter) > MaxRawDepth)
        {
            // Too deep to measure the length.
            errors.Add(("parameter", "max-depth"));
            return errors;
        }

        if (JsonWire.Compact(ExpectedParameter).Length > HandleIncidentRequest.MaxParameterLength)
        {
            errors.Add(("parameter", ValidationRules.MaxLength));
        }

        return errors;
    }

    // Required means more than whitespace: COC's fields are identifiers or required sentences (Bean Validation @NotBlank).
    private static void Text(List<(string, string)> errors, string path, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add((path, ValidationRules.Required));
        }
        else if (value.Length > max)
        {
            errors.Add((path, ValidationRules.MaxLength));
        }
    }

    private static void Times(List<(string, string)> errors, long? start, long? recovery)
    {
        if (start < 0)
        {
            errors.Add(("parameter.start_time", ValidationRules.Range));
        }

        if (recovery < 0)
        {
            errors.Add(("parameter.fault_recovery_time", ValidationRules.Range));
        }

        if (start >= 0 && recovery >= 0 && recovery < start)
        {
            errors.Add(("parameter.fault_recovery_time", ValidationRules.Range));
        }
    }

    private static void RawText(List<(string, string)> errors, JsonObject values, string key, int max)
    {
        var node = values[key];
        if (node is null)
        {
            errors.Add(("parameter." + key, ValidationRules.Required));
        }
        else if (node.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(("parameter." + key, ValidationRules.Type));
        }
        else
        {
            Text(errors, "parameter." + key, node.GetValue<string>(), max);
        }
    }

    private static void RawBoolean(List<(string, string)> errors, JsonObject values, string key)
    {
        var node = values[key];
        if (node is null)
        {
            errors.Add(("parameter." + key, ValidationRules.Required));
        }
        else if (node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(("parameter." + key, ValidationRules.Type));
        }
    }

    // An integer timestamp: a JSON number without fraction or exponent that fits a long.
    private static long? RawTime(List<(string, string)> errors, JsonObject values, string key)
    {
        var node = values[key];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() == JsonValueKind.Number && long.TryParse(JsonWire.Compact(node), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(("parameter." + key, ValidationRules.Type));
        return null;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{Api}: incident_num {HostileText.Show(IncidentNumber)}, operator {HostileText.Show(Operator)}, operate_key {HostileText.Show(Key.Value)}, parameter ");
        text.Append(Parameter is null ? "null" : Parameter.GetType().Name + " " + JsonWire.Render(ExpectedParameter));
        return text.ToString();
    }
}
