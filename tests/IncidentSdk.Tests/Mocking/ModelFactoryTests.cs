using System.Reflection;
using System.Text.Json;
using IncidentSdk.Validation;

namespace IncidentSdk.Tests.Mocking;

/// <summary><see cref="IncidentSdkModelFactory"/>: every property of every returned type round-trips, and no returned type is left out.</summary>
public class ModelFactoryTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 22, 15, 15, 6, TimeSpan.Zero);

    /// <summary>Properties computed from others, which therefore have no factory parameter.</summary>
    private static readonly string[] Derived =
    [
        "BulkAcknowledgeResult.Succeeded", "BulkAcknowledgeResult.Failed", "BulkAcknowledgeResult.Unknown",
        "BulkAcknowledgeResult.NotAttempted", "BulkChunkResult.Succeeded", "IncidentTicketPage.HasMore", "ZabbixProblem.IsResolved",
    ];

    [Test]
    public void Every_type_the_clients_return_or_report_has_a_public_factory_method()
    {
        var returned = new[] { typeof(IncidentClient), typeof(JsonRpcEventClient) }
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(Task<>))
            .Select(m => m.ReturnType.GetGenericArguments()[0])
            .Select(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? t.GetGenericArguments()[0] : t);
        var expected = returned.Concat(NestedModels(returned)).Append(typeof(BulkChunkResult)).Distinct().Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal);
        var factory = typeof(IncidentSdkModelFactory).GetMethods(BindingFlags.Public | BindingFlags.Static);

        Assert.Multiple(() =>
        {
            Assert.That(typeof(IncidentSdkModelFactory).IsPublic, Is.True);
            Assert.That(factory.Select(m => m.ReturnType.Name).OrderBy(n => n, StringComparer.Ordinal), Is.EqualTo(expected));
            Assert.That(factory.Select(m => m.Name), Is.EqualTo(factory.Select(m => m.ReturnType.Name)), "each method is named after its type");
        });
    }

    [Test]
    public void Every_settable_property_has_a_parameter_of_its_name()
    {
        foreach (var method in typeof(IncidentSdkModelFactory).GetMethods(BindingFlags.Public | BindingFlags.Static))
        {
            var properties = method.ReturnType.GetProperties().Select(p => method.ReturnType.Name + "." + p.Name).Except(Derived);
            var parameters = method.GetParameters().Select(p => method.ReturnType.Name + "." + char.ToUpperInvariant(p.Name![0]) + p.Name.Substring(1));
            Assert.That(parameters, Is.EquivalentTo(properties), method.Name);
        }
    }

    [Test]
    public void The_create_and_workflow_results_round_trip()
    {
        var created = IncidentSdkModelFactory.CreatedIncident("IM1", "marker-01", foundByReadBack: true);
        var operation = IncidentSdkModelFactory.IncidentTaskOperation("1910", "accepted", "Accept", "受理");
        var task = IncidentSdkModelFactory.IncidentTask("OperateNode", "userTaskAccept", "受理", "running", [operation]);
        var empty = IncidentSdkModelFactory.IncidentTask();
        var entry = IncidentSdkModelFactory.IncidentHistoryEntry("accepted", IncidentStatus.Acknowledged, "受理", "accept", "u1", At, At.AddSeconds(1), "on it", [new IncidentEnumValue("operator", "u1", "张三", "Zhang")]);

        Assert.Multiple(() =>
        {
            Assert.That((created.IncidentNumber, created.Marker, created.FoundByReadBack, created.ToString()), Is.EqualTo(("IM1", "marker-01", true, "IM1")));
            Assert.That((operation.TaskId, operation.Key, operation.NameEn, operation.NameZh, operation.ToString()), Is.EqualTo(("1910", "accepted", "Accept", "受理", "accepted (task 1910)")));
            Assert.That((task.Type, task.Key, task.Name, task.State, task.Operations.Single()), Is.EqualTo(("OperateNode", "userTaskAccept", "受理", "running", operation)));
            Assert.That((empty.Type, empty.State, empty.Operations.Count), Is.EqualTo(("OperateNode", "running", 0)));
            Assert.That((entry.Action, entry.Status, entry.ActionNameZh, entry.ActionNameEn, entry.Operator, entry.StartTime, entry.StopTime, entry.Comment), Is.EqualTo(("accepted", (IncidentStatus?)IncidentStatus.Acknowledged, "受理", "accept", "u1", (DateTimeOffset?)At, (DateTimeOffset?)At.AddSeconds(1), "on it")));
            Assert.That(entry.EnumValues.Single().NameEn, Is.EqualTo("Zhang"));
        });
    }

    [Test]
    public void HandleIncidentResult_round_trips_and_defaults_to_the_success_code()
    {
        using var data = JsonDocument.Parse("""{"k":1}""");
        var result = IncidentSdkModelFactory.HandleIncidentResult("GOM.00000000", "049", data.RootElement, "req-1");
        var defaults = IncidentSdkModelFactory.HandleIncidentResult();

        Assert.Multiple(() =>
        {
            Assert.That((result.ErrorCode, result.ProviderCode, result.Data!.Value.GetRawText(), result.RequestId), Is.EqualTo(("GOM.00000000", "049", """{"k":1}""", "req-1")));
            Assert.That((defaults.ErrorCode, defaults.ProviderCode, defaults.Data, defaults.RequestId), Is.EqualTo(("GOM.00000000", (string?)null, (JsonElement?)null, (string?)null)));
        });
    }

    [Test]
    public void AcknowledgeEventResult_and_ZabbixVersion_round_trip()
    {
        var result = IncidentSdkModelFactory.AcknowledgeEventResult(["7", "8"], verifiedAfterAmbiguousFailure: true);
        var version = IncidentSdkModelFactory.ZabbixVersion(7, 0, 22);

        Assert.Multiple(() =>
        {
            Assert.That(result.EventIds, Is.EqualTo(new[] { "7", "8" }));
            Assert.That(result.VerifiedAfterAmbiguousFailure, Is.True);
            Assert.That(IncidentSdkModelFactory.AcknowledgeEventResult().EventIds, Is.Empty);
            Assert.That((version.Major, version.Minor, version.Patch), Is.EqualTo((7, 0, 22)));
            Assert.That(IncidentSdkModelFactory.ZabbixVersion(6, 0).Patch, Is.Zero);
        });
    }

    [Test]
    public void ZabbixEvent_and_EventAcknowledgement_round_trip()
    {
        var update = IncidentSdkModelFactory.EventAcknowledgement("90", "3", At, "on it", EventAction.Suppress | EventAction.ChangeSeverity, EventSeverity.Warning, EventSeverity.High, SuppressUntil.FromUnixTimeSeconds(1774200000));
        var zabbixEvent = IncidentSdkModelFactory.ZabbixEvent("12", isAcknowledged: true, EventSeverity.Disaster, isResolved: true, isSuppressed: false, causeEventId: "11", [update]);

        Assert.Multiple(() =>
        {
            Assert.That((zabbixEvent.EventId, zabbixEvent.IsAcknowledged, zabbixEvent.Severity, zabbixEvent.IsResolved, zabbixEvent.IsSuppressed, zabbixEvent.CauseEventId), Is.EqualTo(("12", true, EventSeverity.Disaster, true, (bool?)false, "11")));
            Assert.That(zabbixEvent.Acknowledgements, Is.EqualTo(new[] { update }));
            Assert.That((update.AcknowledgeId, update.UserId, update.Time, update.Message, update.Action), Is.EqualTo(("90", "3", At, "on it", EventAction.Suppress | EventAction.ChangeSeverity)));
            Assert.That((update.OldSeverity, update.NewSeverity, update.SuppressUntil), Is.EqualTo(((EventSeverity?)EventSeverity.Warning, (EventSeverity?)EventSeverity.High, (SuppressUntil?)SuppressUntil.FromUnixTimeSeconds(1774200000))));
        });
    }

    [Test]
    public void ZabbixEvent_and_EventAcknowledgement_defaults_are_an_empty_open_event_and_a_bare_row()
    {
        var zabbixEvent = IncidentSdkModelFactory.ZabbixEvent("12");
        var update = IncidentSdkModelFactory.EventAcknowledgement("90");

        Assert.Multiple(() =>
        {
            Assert.That((zabbixEvent.IsAcknowledged, zabbixEvent.Severity, zabbixEvent.IsResolved, zabbixEvent.IsSuppressed, zabbixEvent.CauseEventId), Is.EqualTo((false, EventSeverity.NotClassified, false, (bool?)null, (string?)null)));
            Assert.That(zabbixEvent.Acknowledgements, Is.Empty);
            Assert.That((update.UserId, update.Time, update.Message, update.Action), Is.EqualTo(((string?)null, default(DateTimeOffset), "", EventAction.None)));
            Assert.That((update.OldSeverity, update.NewSeverity, update.SuppressUntil), Is.EqualTo(((EventSeverity?)null, (EventSeverity?)null, (SuppressUntil?)null)));
            Assert.That(() => IncidentSdkModelFactory.ZabbixEvent(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("eventId"));
            Assert.That(() => IncidentSdkModelFactory.EventAcknowledgement(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("acknowledgeId"));
        });
    }

    [Test]
    public void Bulk_results_round_trip_and_count_their_items_by_status()
    {
        var error = new IncidentSdkException("chunk failed", requestMayHaveReachedServer: true);
        var invalid = new ValidationError("message", ValidationRules.MaxLength, "too long");
        var items = new[]
        {
            IncidentSdkModelFactory.BulkItemOutcome(new BulkAcknowledgeItem("1", EventAction.Acknowledge), BulkItemStatus.Succeeded, verifiedAfterAmbiguousFailure: true),
            IncidentSdkModelFactory.BulkItemOutcome(new BulkAcknowledgeItem("2", EventAction.Close), BulkItemStatus.Failed, error),
            IncidentSdkModelFactory.BulkItemOutcome(new BulkAcknowledgeItem("3", EventAction.AddMessage), BulkItemStatus.Unknown, error),
            IncidentSdkModelFactory.BulkItemOutcome(new BulkAcknowledgeItem("4", EventAction.AddMessage), validationErrors: [invalid]),
        };
        var result = IncidentSdkModelFactory.BulkAcknowledgeResult(items, calls: 2, wasCancelled: true);
        var chunk = IncidentSdkModelFactory.BulkChunkResult(1, 3, ["2"], error, completedItems: 2, totalItems: 3);

        Assert.Multiple(() =>
        {
            Assert.That(result.Items, Is.EqualTo(items));
            Assert.That((result.Calls, result.WasCancelled), Is.EqualTo((2, true)));
            Assert.That((result.Succeeded, result.Failed, result.Unknown, result.NotAttempted), Is.EqualTo((1, 1, 1, 1)));
            Assert.That(items.Select(i => (i.Item.EventId, i.Status, i.Error, i.VerifiedAfterAmbiguousFailure)), Is.EqualTo(new[]
            {
                ("1", BulkItemStatus.Succeeded, (IncidentSdkException?)null, true), ("2", BulkItemStatus.Failed, error, false),
                ("3", BulkItemStatus.Unknown, error, false), ("4", BulkItemStatus.NotAttempted, null, false),
            }));
            Assert.That(items.Select(i => i.ValidationErrors), Is.EqualTo(new[] { null, null, null, new[] { invalid } }));
            Assert.That((chunk.ChunkIndex, chunk.ChunkCount, chunk.Error, chunk.Succeeded, chunk.CompletedItems, chunk.TotalItems), Is.EqualTo((1, 3, error, false, 2, 3)));
            Assert.That(chunk.EventIds, Is.EqualTo(new[] { "2" }));
        });
    }

    [Test]
    public void Bulk_defaults_are_an_empty_run_and_a_succeeded_single_chunk()
    {
        var result = IncidentSdkModelFactory.BulkAcknowledgeResult();
        var chunk = IncidentSdkModelFactory.BulkChunkResult();

        Assert.Multiple(() =>
        {
            Assert.That((result.Items.Count, result.Calls, result.WasCancelled, result.NotAttempted), Is.EqualTo((0, 0, false, 0)));
            Assert.That((chunk.ChunkIndex, chunk.ChunkCount, chunk.EventIds.Count, chunk.Succeeded, chunk.CompletedItems, chunk.TotalItems), Is.EqualTo((0, 1, 0, true, 0, 0)));
            Assert.That(() => IncidentSdkModelFactory.BulkItemOutcome(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("item"));
        });
    }

    /// <summary>The SDK's own classes reachable through the properties of <paramref name="roots"/>, leaving out what the caller passed in (inputs) and exceptions.</summary>
    private static HashSet<Type> NestedModels(IEnumerable<Type> roots)
    {
        var inputs = new[] { typeof(BulkAcknowledgeItem), typeof(ValidationError) };
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>(roots);
        while (queue.Count > 0)
        {
            foreach (var property in queue.Dequeue().GetProperties())
            {
                var type = property.PropertyType.IsGenericType ? property.PropertyType.GetGenericArguments()[0] : property.PropertyType;
                if (type.IsClass && type.Assembly == typeof(IncidentSdkModelFactory).Assembly && !typeof(Exception).IsAssignableFrom(type) && !inputs.Contains(type) && seen.Add(type))
                {
                    queue.Enqueue(type);
                }
            }
        }

        return seen;
    }
}
