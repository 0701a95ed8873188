using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using IncidentSdk.JsonRpc;
using IncidentSdk.Testing;

namespace IncidentSdk.Cli;

/// <summary><c>incident zabbix problems</c>: open problems through <see cref="JsonRpcEventClient.GetProblemsAsync"/> (problem.get), paged for the caller.</summary>
internal static class ZabbixProblemsCommand
{
    public static Command Create(ZabbixConnection connection)
    {
        var since = new Option<DateTimeOffset?>("--since")
        {
            Description = "Only problems that started at or after this: an ISO 8601 time (UTC without an offset) or a duration back from now (90m, 2h, 1d)",
            HelpName = "time|duration",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (ParseSince(text, connection.Context.TimeProvider.GetUtcNow()) is { } value)
                {
                    return value;
                }

                result.AddError($"'{text}' is not a time: use an ISO 8601 time such as 2026-01-31T18:00:00Z or a duration such as 2h.");
                return null;
            },
        };
        var unacknowledged = new Option<bool>("--unacknowledged") { Description = "Only problems nobody has acknowledged" };
        var minSeverity = new Option<EventSeverity?>("--min-severity")
        {
            Description = "Only problems of this severity or higher: not-classified, information, warning, average, high, disaster, or 0-5",
            HelpName = "severity",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (ZabbixCommands.ParseSeverity(text) is { } value)
                {
                    return value;
                }

                result.AddError($"'{text}' is not a severity: use not-classified, information, warning, average, high, disaster, or 0-5.");
                return null;
            },
        };
        var hosts = new Option<string[]>("--host") { Description = "Only problems of this host id (repeat for several)", HelpName = "host-id", AllowMultipleArgumentsPerToken = false };
        var tags = new Option<string[]>("--tag")
        {
            Description = "A tag condition (repeat for several): name=value (equals), name~value (contains, ignoring case), name (exists), !name (does not exist)",
            HelpName = "condition",
        };
        var anyTag = new Option<bool>("--any-tag") { Description = "Match problems with any of the tag conditions (evaltype Or) rather than all tag names (And/Or)" };
        var suppressed = new Option<bool?>("--suppressed") { Description = "true for suppressed problems only, false for unsuppressed only", HelpName = "true|false" };
        var recent = new Option<bool>("--recent") { Description = "Also problems resolved recently" };
        var from = new Option<string?>("--from-event") { Description = "Start at this event id", HelpName = "event-id" };
        var pageSize = new Option<int>("--page-size") { Description = $"Problems per request, 1 to {ProblemQuery.MaxPageSize}", DefaultValueFactory = _ => ProblemQuery.DefaultPageSize };
        var max = new Option<int?>("--max") { Description = "Stop after this many problems" };

        var command = new Command("problems", "List open problems (problem.get), reading page after page by event id")
        {
            since, unacknowledged, minSeverity, hosts, tags, anyTag, suppressed, recent, from, pageSize, max,
        };
        command.SetAction(IncidentCli.Action(connection.Context, connection.Global, async (parse, json, cancellationToken) =>
        {
            var query = new ProblemQuery
            {
                Since = parse.GetValue(since),
                UnacknowledgedOnly = parse.GetValue(unacknowledged),
                MinimumSeverity = parse.GetValue(minSeverity),
                HostIds = parse.GetValue(hosts) is { Length: > 0 } hostIds ? hostIds : null,
                Tags = (parse.GetValue(tags) ?? []).Select(ParseTag).ToArray(),
                TagEvaluation = parse.GetValue(anyTag) ? ProblemTagEvaluation.Or : ProblemTagEvaluation.AndOr,
                Suppressed = parse.GetValue(suppressed),
                IncludeRecentlyResolved = parse.GetValue(recent),
                FromEventId = parse.GetValue(from),
                PageSize = parse.GetValue(pageSize),
            };
            var offline = parse.GetValue(connection.Global.Offline);
            ProblemQueryValidator.Validate(query).ThrowIfInvalid(nameof(ProblemQuery));
            await using var session = connection.Open(parse, json, null, credentialsRequired: true, sampleProblems: true);
            var limit = parse.GetValue(max) ?? int.MaxValue;
            var problems = new List<ZabbixProblem>();
            if (limit > 0)
            {
                await foreach (var problem in session.Client.GetProblemsAsync(query, cancellationToken).ConfigureAwait(false))
                {
                    problems.Add(problem);
                    if (problems.Count >= limit)
                    {
                        break;
                    }
                }
            }

            if (json)
            {
                JsonOutput.WriteObject(connection.Context.Out, w =>
                {
                    w.WriteBoolean("ok", true);
                    w.WriteString("service", "zabbix");
                    w.WriteString("method", "problem.get");
                    w.WriteNumber("count", problems.Count);
                    w.WriteStartArray("problems");
                    foreach (var p in problems)
                    {
                        w.WriteStartObject();
                        w.WriteString("eventid", p.EventId);
                        w.WriteString("objectid", p.ObjectId);
                        w.WriteString("name", p.Name);
                        w.WriteNumber("severity", (int)p.Severity);
                        w.WriteString("clock", p.Time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                        w.WriteBoolean("acknowledged", p.IsAcknowledged);
                        w.WriteBoolean("suppressed", p.IsSuppressed);
                        w.WriteBoolean("resolved", p.IsResolved);
                        w.WriteStartObject("tags");
                        foreach (var tag in p.Tags)
                        {
                            w.WriteString(tag.Tag, tag.Value);
                        }

                        w.WriteEndObject();
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteBoolean("offline", offline);
                });
                return;
            }

            foreach (var p in problems)
            {
                var flags = (p.IsAcknowledged ? " acknowledged" : string.Empty) + (p.IsSuppressed ? " suppressed" : string.Empty) + (p.IsResolved ? " resolved" : string.Empty);
                var tagText = p.Tags.Count == 0 ? string.Empty : " [" + string.Join(", ", p.Tags.Select(t => t.Value.Length == 0 ? t.Tag : t.Tag + "=" + t.Value)) + "]";
                connection.Context.Out.WriteLine(FormattableString.Invariant($"{p.EventId}  {p.Time:yyyy-MM-dd HH:mm:ss}Z  {p.Severity,-13}  {p.Name}{tagText}{flags}"));
            }

            connection.Context.Out.WriteLine(problems.Count == 1 ? "1 problem." : FormattableString.Invariant($"{problems.Count} problems."));
        }));
        return command;
    }

    /// <summary>The fake of an offline run: three problems of different severity, one tagged, so the filters show.</summary>
    internal static FakeZabbixService SampleFake()
    {
        var fake = new FakeZabbixService();
        fake.AddProblem(new FakeProblem { Name = "Disk space is low on db-01", Severity = EventSeverity.Warning, HostId = "10084", Tags = [new("service", "db")] });
        fake.AddProblem(new FakeProblem { Name = "Billing API is down", Severity = EventSeverity.Disaster, HostId = "10085", Tags = [new("service", "billing"), new("env", "prod")] });
        fake.AddProblem(new FakeProblem { Name = "High CPU on web-02", Severity = EventSeverity.Average, HostId = "10086" });
        return fake;
    }

    /// <summary>Parses an ISO 8601 time (UTC without an offset) or a duration back from now (<c>90m</c>, <c>2h</c>, <c>1d</c>).</summary>
    internal static DateTimeOffset? ParseSince(string text, DateTimeOffset now)
    {
        text = text.Trim();
        if (text.Length >= 2 && char.IsAsciiDigit(text[0]) && text[^1] is 's' or 'm' or 'h' or 'd'
            && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount <= 36500L * 24 * 3600)
        {
            var seconds = text[^1] switch { 's' => 1L, 'm' => 60L, 'h' => 3600L, _ => 86400L } * amount;
            return seconds <= 36500L * 86400 ? now.AddSeconds(-seconds) : null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
    }

    /// <summary>Parses <c>name=value</c>, <c>name~value</c>, <c>name</c> or <c>!name</c>; the library checks the name and value.</summary>
    internal static ProblemTagFilter ParseTag(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var contains = text.IndexOf('~', StringComparison.Ordinal);
        var at = equals < 0 ? contains : contains < 0 ? equals : Math.Min(equals, contains);
        if (at >= 0)
        {
            return new ProblemTagFilter(text.Substring(0, at), text.Substring(at + 1), at == equals ? ProblemTagOperator.Equals : ProblemTagOperator.Contains);
        }

        return text.StartsWith('!') ? new ProblemTagFilter(text.Substring(1), null, ProblemTagOperator.NotExists) : new ProblemTagFilter(text, null, ProblemTagOperator.Exists);
    }
}
