using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentSdk.Coc;
using IncidentSdk.Testing;

namespace IncidentSdk.Cli;

/// <summary><c>incident coc create</c>: opening a ticket through <see cref="IncidentClient.CreateIncidentAsync"/>.</summary>
internal static class CocCreateCommand
{
    public static Command Create(CocConnection connection, CliContext context)
    {
        var title = new Option<string>("--title") { Description = "The title (incident_title), at most 200 characters", Required = true };
        var level = new Option<string>("--level") { Description = "The level (incident_level): P1..P5 or a level key such as level_30", HelpName = "level", Required = true };
        level.CompletionSources.Add("P1", "P2", "P3", "P4", "P5");
        var category = new Option<string>("--category")
        {
            Description = "The category (incident_type): config, middleware, security, change, or any category id such as inc_type_p_security_issues",
            HelpName = "incident_type",
            Required = true,
        };
        var source = new Option<string>("--source")
        {
            Description = "The source key (incident_source): incident_source_manual, incident_source_forwarding or incident_source_alarm",
            HelpName = "incident_source",
            Required = true,
        };
        source.CompletionSources.Add("incident_source_manual", "incident_source_forwarding", "incident_source_alarm");
        var creator = new Option<string>("--creator") { Description = "The creating user's COC id (creator)", HelpName = "id", Required = true };
        var assignee = new Option<string?>("--assignee") { Description = "The owner's user id (incident_assignee); or give --scene and --role", HelpName = "id" };
        var scene = new Option<string?>("--scene") { Description = "The scheduling scene id (assignee_scene), with --role, instead of --assignee", HelpName = "id" };
        var role = new Option<string?>("--role") { Description = "The scheduling role id (assignee_role), with --scene", HelpName = "id" };
        var description = new Option<string?>("--description") { Description = "The description (incident_description); with the reference line the client appends, at most 600 characters" };
        var interrupted = new Option<bool>("--interrupted") { Description = "The service is interrupted (is_service_interrupt)" };

        // Not --region: the coc command's --region already picks the COC endpoint.
        var ticketRegion = new Option<string?>("--ticket-region") { Description = "The region of the ticket (region), needed when COC starts a WarRoom automatically", HelpName = "region" };
        var enterpriseProject = new Option<string?>("--enterprise-project") { Description = "The enterprise project id (enterprise_project), such as 0", HelpName = "id" };
        var application = new Option<string?>("--application") { Description = "The COC application id (current_cloud_service)", HelpName = "id" };
        var ownership = new Option<string?>("--ownership") { Description = "The ownership key (incident_ownership), such as incident_ownership_300", HelpName = "key" };
        var startTime = new Option<DateTimeOffset?>("--start-time")
        {
            Description = "When the fault started (start_time), ISO 8601, UTC unless it has an offset",
            HelpName = "time",
            CustomParser = CocReadCommands.ParseTime,
        };
        var marker = new Option<string?>("--marker")
        {
            Description = "What identifies this ticket (8-64 letters, digits, '.', '_', ':' or '-'), such as zabbix-event-12345; the description gets a line [ref:marker] by which a ticket whose answer was lost is found [default: a random one]",
        };
        var command = new Command(
            "create",
            "Open a ticket (POST /v1/external/incident/create) and print its number; never sent twice: when the answer is lost, the ticket is looked for by its marker")
        {
            title, level, category, source, creator, assignee, scene, role, description, interrupted, ticketRegion, enterpriseProject, application, ownership, startTime, marker,
        };
        command.SetAction(connection.Read(
            (_, _, _) => { },
            async (parse, client, json, offline, cancellationToken) =>
            {
                var request = new CreateIncidentRequest(
                    parse.GetValue(title)!,
                    CocReadCommands.ParseLevel(parse.GetValue(level)!),
                    CocCommands.ParseCategory(parse.GetValue(category)!),
                    parse.GetValue(source)!,
                    parse.GetValue(creator)!)
                {
                    IsServiceInterrupted = parse.GetValue(interrupted),
                    Description = parse.GetValue(description),
                    Assignee = parse.GetValue(assignee),
                    AssigneeScene = parse.GetValue(scene),
                    AssigneeRole = parse.GetValue(role),
                    Region = parse.GetValue(ticketRegion),
                    EnterpriseProject = parse.GetValue(enterpriseProject),
                    Application = parse.GetValue(application),
                    Ownership = parse.GetValue(ownership),
                    StartTime = parse.GetValue(startTime),
                    Marker = parse.GetValue(marker),
                };
                var created = await client.CreateIncidentAsync(request, cancellationToken).ConfigureAwait(false);
                if (json)
                {
                    JsonOutput.WriteSuccess(context.Out, "coc", offline, w =>
                    {
                        w.WriteString("incident_num", created.IncidentNumber);
                        w.WriteString("marker", created.Marker);
                        w.WriteBoolean("found_by_read_back", created.FoundByReadBack);
                    });
                    return;
                }

                context.Out.WriteLine(created.IncidentNumber);
                context.Out.WriteLine($"marker: {created.Marker}");
                if (created.FoundByReadBack)
                {
                    context.Out.WriteLine("found by read-back: the answer to the create was lost; the ticket was found by its marker");
                }
            }));
        return command;
    }
}
