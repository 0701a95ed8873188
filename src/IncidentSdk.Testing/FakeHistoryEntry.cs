using System;

namespace IncidentSdk.Testing;

/// <summary>One row of a ticket's history in <see cref="FakeCocService"/>, as the histories API reports it (coc-incident-lifecycle.md §4b).</summary>
/// <param name="Action">The action key: <c>create_incident</c>, the v2 action or v1 <c>operate_key</c> as sent, or <c>close_incident</c> for <see cref="FakeCocService.CompleteTicket"/>.</param>
/// <param name="ActionNameZh">The action's Chinese name (<c>action_name_zh</c>), the fake's own wording.</param>
/// <param name="ActionNameEn">The action's English name (<c>action_name_en</c>), such as <c>create incident</c>.</param>
/// <param name="Operator">Who acted: the creator, the v1 <c>operator</c>, or <see cref="FakeCocService.ActionOperator"/>.</param>
/// <param name="Status">The ticket's status key after the step, such as <c>INCIDENT_STATUS_ACKNOWLEDGED</c>.</param>
/// <param name="StartTime">When the step started (the fake's clock); sent as a string of epoch milliseconds.</param>
/// <param name="StopTime">When the step ended; the fake's steps take no time, so it equals <paramref name="StartTime"/>.</param>
/// <param name="Comment">The note, confirm comment, solution or forward comment that came with the step, if any.</param>
public sealed record FakeHistoryEntry(
    string Action,
    string ActionNameZh,
    string ActionNameEn,
    string Operator,
    string Status,
    DateTimeOffset StartTime,
    DateTimeOffset StopTime,
    string? Comment);
