using System.Net;
using System.Text.Json;

namespace IncidentSdk.Testing;

// Tickets: the v1 accept, solve and confirm workflow (POST /v1/external/incident/handle).
public sealed partial class FakeCocService
{
    private Answer HandleAction(JsonElement root)
    {
        if (CheckBody(root, out var parameter) is { } refused)
        {
            return refused;
        }

        var incidentNumber = root.GetProperty("incident_num").GetString()!;
        var operateKey = root.GetProperty("operate_key").GetString()!;

        lock (_gate)
        {
            if (!_tickets.TryGetValue(incidentNumber, out var ticket))
            {
                return Invalid("The field[incident_num] value[" + incidentNumber + "] invalid");
            }

            var state = ticket.State;
            var assignees = ticket.Assignees;
            FakeTicketState next;
            switch (operateKey)
            {
                case "forwardOther1" when state is FakeTicketState.Triggered or FakeTicketState.Accepted:
                    // Forwarding keeps the state and hands the ticket on; its parameter keys are undocumented
                    // (coc-incident-handle.md), so the v2 key virtual_send_assignee is read when present.
                    if (Parameter(parameter, "virtual_send_assignee") is { ValueKind: JsonValueKind.String } target && target.GetString() is { Length: > 0 } user)
                    {
                        assignees = [user];
                    }

                    next = state;
                    break;
                case "acceptedIncident1" when state == FakeTicketState.Triggered:
                    next = FakeTicketState.Accepted;
                    break;
                case "commitSolution1" when state == FakeTicketState.Accepted:
                    if (CheckSolution(parameter) is { } badSolution)
                    {
                        return badSolution;
                    }

                    next = FakeTicketState.Solved;
                    break;
                case "confirm" when state == FakeTicketState.Solved:
                    if (CheckVerification(parameter) is { } badVerification)
                    {
                        return badVerification;
                    }

                    next = FakeTicketState.Confirmed;
                    break;
                default:
                    // Any action the ticket's state does not offer (a repeat, a skipped step, an undocumented key).
                    return Invalid("The field[operate_key] value[" + operateKey + "] invalid");
            }

            var now = _timeProvider.GetUtcNow();
            _tickets[incidentNumber] = ticket.With(next, ticket.CreateTime, now, next == FakeTicketState.Solved ? now : ticket.HandleTime, assignees);

            // The v1 action shares the v2 workflow: the ticket's task moves on and the step is in its history.
            NewNode(incidentNumber, next, now);
            Record(incidentNumber, operateKey, root.GetProperty("operator").GetString()!, next, Comment(parameter), now);
            return new Answer(HttpStatusCode.OK, SuccessCode, Gateway: false, null);
        }
    }
}
