using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace IncidentSdk.Benchmarks;

/// <summary>
/// Times <see cref="JsonRpcEventClient.AcknowledgeManyAsync"/> against a real Zabbix API started by
/// <c>tests/zabbix/start-zabbix.sh</c>: per run it inserts fresh PROBLEM events (<c>tests/zabbix/new-problems.sh</c>),
/// times one bulk acknowledge of all of them with a unique message, and checks in PostgreSQL that each event got exactly
/// one acknowledgement, with that message, and that no other event got it.
/// </summary>
/// <remarks>
/// Usage: <c>-- bulk --env tests/zabbix/.state/zabbix60.env [--url URL] [--events 10000] [--chunk N[,N...]]
/// [--parallel P[,P...]] [--runs 5] [--keep]</c>. Without <c>--chunk</c>/<c>--parallel</c> the library's defaults are
/// used (no options object is passed). Lists run a grid; the runs are interleaved over the grid (run 1 of every
/// setting, then run 2, ...) so that load from other processes spreads over all settings. The events of a run are
/// deleted after its check unless <c>--keep</c> is given, so the tables stay the same size from run to run.
/// </remarks>
internal static class BulkHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var envFile = Option(args, "--env") ?? throw new ArgumentException("--env FILE (tests/zabbix/.state/zabbix60.env) is required.");
        var settings = File.ReadAllLines(envFile)
            .Where(line => line.Contains('=', StringComparison.Ordinal))
            .ToDictionary(line => line[..line.IndexOf('=', StringComparison.Ordinal)], line => line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal);
        var url = new Uri(Option(args, "--url") ?? settings["ZABBIX_URL"]);
        var events = int.Parse(Option(args, "--events") ?? "10000", CultureInfo.InvariantCulture);
        var runs = int.Parse(Option(args, "--runs") ?? "5", CultureInfo.InvariantCulture);
        var keep = args.Contains("--keep");
        var chunks = Ints(Option(args, "--chunk"));
        var parallels = Ints(Option(args, "--parallel"));
        var database = new Database(settings["ZABBIX_DB"], FindScript(envFile), settings["ZABBIX_CLOSABLE_TRIGGER"]);

        var grid = (from chunk in chunks from parallel in parallels select new Setting(chunk, parallel)).ToList();
        using var client = new JsonRpcEventClient(new JsonRpcEventClientOptions { Url = url, ApiToken = settings["ZABBIX_TOKEN"] });

        // Warm-up: the server version, the connection and the SDK's code paths, with one small bulk call per setting.
        foreach (var setting in grid)
        {
            var warm = await RunOnceAsync(client, database, setting, 10, keep);
            if (!warm.Checked)
            {
                Console.WriteLine($"warm-up failed for {setting}: {warm.Check}");
                return 1;
            }
        }

        Console.WriteLine($"bulk: {events} events per run, {runs} runs per setting, {url}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, load {Load()}");
        var times = grid.ToDictionary(s => s, _ => new List<double>());
        var loads = grid.ToDictionary(s => s, _ => new List<double>());
        var failed = false;
        for (var run = 1; run <= runs; run++)
        {
            foreach (var setting in grid)
            {
                var outcome = await RunOnceAsync(client, database, setting, events, keep);
                times[setting].Add(outcome.Seconds);
                loads[setting].Add(LoadOne());
                failed |= !outcome.Checked;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run} {setting}: {outcome.Seconds:0.000} s, {outcome.Succeeded} succeeded in {outcome.Calls} calls; check: {outcome.Check}; load {Load()}"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| chunk | parallel | median s | runs (s) | load (1 min, per run) |");
        Console.WriteLine("|---:|---:|---:|---|---|");
        foreach (var setting in grid)
        {
            var list = times[setting];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {setting.ChunkText} | {setting.ParallelText} | {Median(list):0.000} | {string.Join(", ", list.Select(t => t.ToString("0.000", CultureInfo.InvariantCulture)))} | {string.Join(", ", loads[setting].Select(l => l.ToString("0.00", CultureInfo.InvariantCulture)))} |"));
        }

        Console.WriteLine(failed ? "CHECK FAILED in at least one run" : "check: every run, every event acknowledged exactly once with its run's message");
        return failed ? 1 : 0;
    }

    private static async Task<Outcome> RunOnceAsync(JsonRpcEventClient client, Database database, Setting setting, int count, bool keep)
    {
        var ids = database.NewProblems(count);
        var message = "bulk-bench " + Guid.NewGuid().ToString("N");
        var items = ids.Select(id => new BulkAcknowledgeItem(id, EventAction.Acknowledge | EventAction.AddMessage) { Message = message }).ToArray();
        var options = setting.Options();

        var clock = Stopwatch.StartNew();
        var result = await client.AcknowledgeManyAsync(items, options, CancellationToken.None);
        clock.Stop();

        var check = database.Check(ids, message);
        if (!keep)
        {
            database.Delete(ids);
        }

        return new Outcome(clock.Elapsed.TotalSeconds, result.Succeeded, result.Calls, check ?? "ok", check is null && result.Succeeded == count);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0..3].Aggregate((a, b) => a + " " + b);

    private static double LoadOne() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    private static List<int?> Ints(string? list) =>
        list is null ? [null] : list.Split(',').Select(v => (int?)int.Parse(v, CultureInfo.InvariantCulture)).ToList();

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string FindScript(string envFile)
    {
        // The env file lives in tests/zabbix/.state; the script is tests/zabbix/new-problems.sh.
        var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(envFile))!, "..", "new-problems.sh");
        if (File.Exists(beside))
        {
            return Path.GetFullPath(beside);
        }

        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "zabbix", "new-problems.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/zabbix/new-problems.sh was not found beside the env file or above the current directory.");
    }

    /// <summary>One setting of the grid; <see langword="null"/> means the library's default for that option.</summary>
    private sealed record Setting(int? Chunk, int? Parallel)
    {
        public string ChunkText => Chunk?.ToString(CultureInfo.InvariantCulture) ?? $"default ({BulkAcknowledgeOptions.DefaultChunkSize})";

        public string ParallelText => Parallel?.ToString(CultureInfo.InvariantCulture) ?? $"default ({new BulkAcknowledgeOptions().MaxParallelism})";

        public BulkAcknowledgeOptions? Options()
        {
            if (Chunk is null && Parallel is null)
            {
                return null;
            }

            var options = new BulkAcknowledgeOptions();
            options.ChunkSize = Chunk ?? options.ChunkSize;
            options.MaxParallelism = Parallel ?? options.MaxParallelism;
            return options;
        }

        public override string ToString() => $"chunk {ChunkText}, parallel {ParallelText}";
    }

    private sealed record Outcome(double Seconds, int Succeeded, int Calls, string Check, bool Checked);

    /// <summary>The Zabbix database, through psql with the credentials start-zabbix.sh creates.</summary>
    private sealed class Database(string name, string newProblemsScript, string triggerId)
    {
        public string[] NewProblems(int count)
        {
            var ids = Run("bash", [newProblemsScript, triggerId, count.ToString(CultureInfo.InvariantCulture), name], null)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (ids.Length != count)
            {
                throw new InvalidOperationException($"new-problems.sh returned {ids.Length} ids, not {count}.");
            }

            return ids;
        }

        /// <summary>Returns <see langword="null"/> when every event has exactly one acknowledgement, with the message, and no other row has the message; else what differs.</summary>
        public string? Check(string[] ids, string message)
        {
            var list = string.Join(",", ids);
            var sql = $"""
                with ids(eventid) as (select unnest(array[{list}]::bigint[])),
                     per_event as (
                       select ids.eventid,
                              count(a.acknowledgeid) as rows,
                              count(a.acknowledgeid) filter (where a.message = '{message}') as with_message
                       from ids left join acknowledges a on a.eventid = ids.eventid group by ids.eventid)
                select (select count(*) from per_event where rows = 1 and with_message = 1) || ' ' ||
                       (select count(*) from per_event where rows <> 1 or with_message <> 1) || ' ' ||
                       (select count(*) from acknowledges where message = '{message}') || ' ' ||
                       (select count(*) from events e join ids on ids.eventid = e.eventid where e.acknowledged = 1);
                """;
            var fields = Run("psql", Psql(), sql).Trim().Split(' ');
            var n = ids.Length.ToString(CultureInfo.InvariantCulture);
            return fields is [var exact, "0", var total, var flagged] && exact == n && total == n && flagged == n
                ? null
                : $"events with exactly one ack carrying the message {fields[0]}, events with other counts {fields[1]}, rows with the message {fields[2]}, events flagged acknowledged {fields[3]} (expected {n}, 0, {n}, {n})";
        }

        public void Delete(string[] ids) => Run("psql", Psql(), $"delete from events where eventid in ({string.Join(",", ids)});");

        private string[] Psql() => ["-h", "127.0.0.1", "-U", "zabbix", "-d", name, "-v", "ON_ERROR_STOP=1", "-qtAX"];

        private static string Run(string file, string[] arguments, string? input)
        {
            var start = new ProcessStartInfo(file, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = input is not null,
                UseShellExecute = false,
            };
            start.Environment["PGPASSWORD"] = "zabbix-ci-db";
            using var process = Process.Start(start)!;
            if (input is not null)
            {
                process.StandardInput.Write(input);
                process.StandardInput.Close();
            }

            var errorRead = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', arguments.Take(4))} exited with {process.ExitCode}: {errorRead.Result}");
            }

            return output;
        }
    }
}
