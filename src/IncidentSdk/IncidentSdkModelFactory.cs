using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using IncidentSdk.Coc;
using IncidentSdk.JsonRpc;
using IncidentSdk.Validation;

namespace IncidentSdk;

/// <summary>
/// Builds the objects <see cref="IncidentClient"/> and <see cref="JsonRpcEventClient"/> return, so that a mocked or
/// subclassed client (both have a protected parameterless constructor and virtual methods) can return realistic data.
/// The SDK itself never calls these; they are for tests and stand-ins.
/// </summary>
/// <remarks>
/// One method per returned type, named after the type, with one parameter per property. <see cref="ServiceErrorInfo"/>
/// and the exceptions have public constructors or initializers and need no factory.
/// </remarks>
public static partial class IncidentSdkModelFactory
{
    /// <summary>The response code COC sends with every successful ticket action.</summary>
    private const string CocSuccessCode = "GOM.00000000";

    /// <summary>Builds what <see cref="IncidentClient.HandleAsync"/> and its shortcuts return.</summary>
    /// <param name="errorCode">The response code; a real result always carries <c>GOM.00000000</c>.</param>
    /// <param name="providerCode">The service id the response carried (<c>049</c> for COC).</param>
    /// <param name="data">The response's <c>data</c> member.</param>
    /// <param name="requestId">The <c>X-Request-Id</c> of the response.</param>
    /// <returns>The result.</returns>
    public static HandleIncidentResult HandleIncidentResult(string errorCode = CocSuccessCode, string? providerCode = null, JsonElement? data = null, string? requestId = null) =>
        new(errorCode ?? throw new ArgumentNullException(nameof(errorCode)), providerCode, data, requestId);

    /// <summary>Builds what <see cref="JsonRpcEventClient.AcknowledgeAsync"/> returns.</summary>
    /// <param name="eventIds">The event ids Zabbix listed as updated; none when <see langword="null"/>.</param>
    /// <param name="verifiedAfterAmbiguousFailure">Whether the result was established by reading the events back after an ambiguous failure.</param>
    /// <returns>The result.</returns>
    public static AcknowledgeEventResult AcknowledgeEventResult(IEnumerable<string>? eventIds = null, bool verifiedAfterAmbiguousFailure = false) =>
        new(Copy(eventIds), verifiedAfterAmbiguousFailure);

    /// <summary>Builds what <see cref="JsonRpcEventClient.GetServerVersionAsync"/> returns.</summary>
    /// <param name="major">The major version.</param>
    /// <param name="minor">The minor version.</param>
    /// <param name="patch">The patch version.</param>
    /// <returns>The version.</returns>
    public static ZabbixVersion ZabbixVersion(int major, int minor, int patch = 0) => new(major, minor, patch);

    /// <summary>Builds one event of what <see cref="JsonRpcEventClient.GetEventsAsync"/> returns.</summary>
    /// <param name="eventId">The event id.</param>
    /// <param name="isAcknowledged">Whether the event is acknowledged.</param>
    /// <param name="severity">The event's current severity.</param>
    /// <param name="isResolved">Whether a recovery event resolved the problem.</param>
    /// <param name="isSuppressed">Whether the event is suppressed; <see langword="null"/> when the server does not report it.</param>
    /// <param name="causeEventId">The cause event's id when the event is a symptom.</param>
    /// <param name="acknowledgements">The updates recorded on the event, newest first as Zabbix lists them; none when <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    public static ZabbixEvent ZabbixEvent(
        string eventId,
        bool isAcknowledged = false,
        EventSeverity severity = EventSeverity.NotClassified,
        bool isResolved = false,
        bool? isSuppressed = null,
        string? causeEventId = null,
        IEnumerable<EventAcknowledgement>? acknowledgements = null) =>
        new(eventId ?? throw new ArgumentNullException(nameof(eventId)), isAcknowledged, severity, isResolved, isSuppressed, causeEventId, Copy(acknowledgements));

    /// <summary>Builds one recorded update of a <see cref="JsonRpc.ZabbixEvent"/>.</summary>
    /// <param name="acknowledgeId">The acknowledge row's id.</param>
    /// <param name="userId">The user who made the update.</param>
    /// <param name="time">When the update was recorded.</param>
    /// <param name="message">The message; empty when the update added none.</param>
    /// <param name="action">The action bits of the update.</param>
    /// <param name="oldSeverity">The severity before a severity change.</param>
    /// <param name="newSeverity">The severity after a severity change.</param>
    /// <param name="suppressUntil">Until when a suppression was set.</param>
    /// <returns>The update.</returns>
    public static EventAcknowledgement EventAcknowledgement(
        string acknowledgeId,
        string? userId = null,
        DateTimeOffset time = default,
        string message = "",
        EventAction action = EventAction.None,
        EventSeverity? oldSeverity = null,
        EventSeverity? newSeverity = null,
        SuppressUntil? suppressUntil = null) =>
        new(
            acknowledgeId ?? throw new ArgumentNullException(nameof(acknowledgeId)),
            userId,
            time,
            message ?? throw new ArgumentNullException(nameof(message)),
            action,
            oldSeverity,
            newSeverity,
            suppressUntil);

    /// <summary>Builds what <see cref="JsonRpcEventClient.AcknowledgeManyAsync"/> returns.</summary>
    /// <param name="items">Every item's outcome, in input order; none when <see langword="null"/>. The counts (<see cref="BulkAcknowledgeResult.Succeeded"/> and the others) are taken from their statuses, as the client does.</param>
    /// <param name="calls">How many <c>event.acknowledge</c> chunks were started.</param>
    /// <param name="wasCancelled">Whether the caller cancelled the run.</param>
    /// <returns>The result.</returns>
    public static BulkAcknowledgeResult BulkAcknowledgeResult(IEnumerable<BulkItemOutcome>? items = null, int calls = 0, bool wasCancelled = false) =>
        new(Copy(items), calls, wasCancelled);

    /// <summary>Builds one item's outcome of a <see cref="JsonRpc.BulkAcknowledgeResult"/>.</summary>
    /// <param name="item">The item as given.</param>
    /// <param name="status">What happened to it.</param>
    /// <param name="error">Why its chunk failed.</param>
    /// <param name="validationErrors">The rules it broke, for an invalid item.</param>
    /// <param name="verifiedAfterAmbiguousFailure">Whether its success was established by reading the event back after an ambiguous failure.</param>
    /// <returns>The outcome.</returns>
    public static BulkItemOutcome BulkItemOutcome(
        BulkAcknowledgeItem item,
        BulkItemStatus status = BulkItemStatus.NotAttempted,
        IncidentSdkException? error = null,
        IEnumerable<ValidationError>? validationErrors = null,
        bool verifiedAfterAmbiguousFailure = false) =>
        new(item ?? throw new ArgumentNullException(nameof(item)))
        {
            Status = status,
            Error = error,
            ValidationErrors = validationErrors?.ToArray(),
            VerifiedAfterAmbiguousFailure = verifiedAfterAmbiguousFailure,
        };

    /// <summary>Builds what <see cref="BulkAcknowledgeOptions.Progress"/> receives as each chunk completes.</summary>
    /// <param name="chunkIndex">The chunk's position, from 0.</param>
    /// <param name="chunkCount">How many chunks the run has.</param>
    /// <param name="eventIds">The event ids the chunk carried; none when <see langword="null"/>.</param>
    /// <param name="error">Why the chunk failed; <see langword="null"/> for a chunk that succeeded.</param>
    /// <param name="completedItems">How many valid items have finished so far, this chunk included.</param>
    /// <param name="totalItems">How many valid items the run sends in all.</param>
    /// <returns>The chunk's result.</returns>
    public static BulkChunkResult BulkChunkResult(int chunkIndex = 0, int chunkCount = 1, IEnumerable<string>? eventIds = null, IncidentSdkException? error = null, int completedItems = 0, int totalItems = 0) =>
        new(chunkIndex, chunkCount, Copy(eventIds), error, completedItems, totalItems);

    /// <summary>Builds what <see cref="JsonRpcEventClient.GetProblemPageAsync"/> returns.</summary>
    /// <param name="problems">The page's problems; none when <see langword="null"/>.</param>
    /// <param name="nextFromEventId">Where the next page starts; <see langword="null"/> for the last page.</param>
    /// <returns>The page.</returns>
    public static ProblemPage ProblemPage(IEnumerable<ZabbixProblem>? problems = null, string? nextFromEventId = null) =>
        new(Copy(problems), nextFromEventId);

    /// <summary>Builds one problem of what <see cref="JsonRpcEventClient.GetProblemsAsync"/> and <see cref="JsonRpcEventClient.GetProblemPageAsync"/> return.</summary>
    /// <param name="eventId">The problem event's id.</param>
    /// <param name="objectId">The id of the trigger that raised it.</param>
    /// <param name="name">The problem name.</param>
    /// <param name="severity">The current severity.</param>
    /// <param name="time">When the problem started.</param>
    /// <param name="isAcknowledged">Whether it is acknowledged.</param>
    /// <param name="isSuppressed">Whether it is suppressed.</param>
    /// <param name="recoveryEventId">The recovery event's id for a resolved problem (which makes <see cref="JsonRpc.ZabbixProblem.IsResolved"/> true).</param>
    /// <param name="causeEventId">The cause problem's id for a symptom.</param>
    /// <param name="operationalData">The operational data.</param>
    /// <param name="tags">The tags; none when <see langword="null"/>.</param>
    /// <returns>The problem.</returns>
    public static ZabbixProblem ZabbixProblem(
        string eventId,
        string objectId = "0",
        string name = "",
        EventSeverity severity = EventSeverity.NotClassified,
        DateTimeOffset time = default,
        bool isAcknowledged = false,
        bool isSuppressed = false,
        string? recoveryEventId = null,
        string? causeEventId = null,
        string? operationalData = null,
        IEnumerable<ZabbixTag>? tags = null) =>
        new(
            eventId ?? throw new ArgumentNullException(nameof(eventId)),
            objectId ?? throw new ArgumentNullException(nameof(objectId)),
            name ?? throw new ArgumentNullException(nameof(name)),
            severity,
            time,
            isAcknowledged,
            isSuppressed,
            recoveryEventId,
            causeEventId,
            operationalData,
            Copy(tags));

    /// <summary>Builds one tag of a <see cref="JsonRpc.ZabbixProblem"/>.</summary>
    /// <param name="tag">The tag name.</param>
    /// <param name="value">The value; empty by default.</param>
    /// <returns>The tag.</returns>
    public static ZabbixTag ZabbixTag(string tag, string value = "") =>
        new(tag ?? throw new ArgumentNullException(nameof(tag)), value ?? throw new ArgumentNullException(nameof(value)));

    private static T[] Copy<T>(IEnumerable<T>? values) => values?.ToArray() ?? [];
}
