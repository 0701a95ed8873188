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
/// deleted after its check unless <c>--keep</c> is given (see <see cref="Database.Delete"/>).
/// The machine may be shared: during each timed call the harness measures the CPU that processes other than this
/// one, PHP and PostgreSQL used (from <c>/proc</c>); a run during which they used more than <c>--max-other</c> cores
/// (default 0.25) is discarded, the harness waits until the machine is quiet and runs it again (at most 3 attempts;
/// the last is kept, with the CPU others used shown beside it).
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
        var maxOther = double.Parse(Option(args, "--max-other") ?? "0.25", CultureInfo.InvariantCulture);
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
                Outcome outcome;
                var attempt = 0;
                while (true)
                {
                    attempt++;
                    await Machine.WaitForQuietAsync(maxOther / 2);
                    outcome = await RunOnceAsync(client, database, setting, events, keep);
                    failed |= !outcome.Checked;
                    var accepted = outcome.OtherCores <= maxOther || attempt == 3;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"run {run} {setting}: {outcome.Seconds:0.000} s, {outcome.Succeeded} succeeded in {outcome.Calls} calls; check: {outcome.Check}; others used {outcome.OtherCores:0.00} cores; load {Load()}{(accepted ? "" : " -> discarded, again")}"));
                    if (accepted)
                    {
                        break;
                    }
                }

                times[setting].Add(outcome.Seconds);
                loads[setting].Add(outcome.OtherCores);
            }
        }

        Console.WriteLine();
        Console.WriteLine("| chunk | parallel | median s | runs (s) | others' CPU, cores (per run) |");
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

        var before = Machine.Sample();
        var clock = Stopwatch.StartNew();
        var result = await client.AcknowledgeManyAsync(items, options, CancellationToken.None);
        clock.Stop();
        var others = Machine.OtherCores(before, Machine.Sample(), clock.Elapsed.TotalSeconds);

        var check = database.Check(ids, message);
        if (!keep)
        {
            database.Delete(ids);
        }

        return new Outcome(clock.Elapsed.TotalSeconds, result.Succeeded, result.Calls, check ?? "ok", check is null && result.Succeeded == count, others);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0..3].Aggregate((a, b) => a + " " + b);

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

    private sealed record Outcome(double Seconds, int Succeeded, int Calls, string Check, bool Checked, double OtherCores);

    /// <summary>CPU use of the whole machine and of the processes under test (this one, PHP, PostgreSQL), from /proc, in clock ticks.</summary>
    private static class Machine
    {
        private const double TicksPerSecond = 100; // USER_HZ on Linux

        public static (long Busy, long Ours) Sample()
        {
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // user nice system idle iowait irq softirq steal
            var busy = new[] { 1, 2, 3, 6, 7, 8 }.Sum(i => long.Parse(cpu[i], CultureInfo.InvariantCulture));
            long ours = 0;
            var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                var pid = Path.GetFileName(dir);
                if (pid.Length == 0 || !char.IsAsciiDigit(pid[0]))
                {
                    continue;
                }

                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var open = stat.IndexOf('(', StringComparison.Ordinal);
                    var close = stat.LastIndexOf(')');
                    var comm = stat[(open + 1)..close];
                    if (pid == self || comm.StartsWith("php", StringComparison.Ordinal) || comm.StartsWith("postgres", StringComparison.Ordinal))
                    {
                        // After the command: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
                        // cutime cstime. The children's times count too: PHP connects to PostgreSQL per request, so each
                        // request's backend process ends within the run and its CPU moves to the postmaster's cutime.
                        var fields = stat[(close + 2)..].Split(' ');
                        ours += new[] { 11, 12, 13, 14 }.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
                    }
                }
                catch (IOException)
                {
                    // The process ended while it was read.
                }
            }

            return (busy, ours);
        }

        public static double OtherCores((long Busy, long Ours) before, (long Busy, long Ours) after, double seconds) =>
            Math.Max(0, (after.Busy - before.Busy) - (after.Ours - before.Ours)) / TicksPerSecond / seconds;

        /// <summary>Waits (at most 10 seconds) until other processes use less than the given cores over 2 seconds.</summary>
        public static async Task WaitForQuietAsync(double cores)
        {
            for (var waited = 0; waited < 5; waited++)
            {
                var before = Sample();
                await Task.Delay(2000);
                if (OtherCores(before, Sample(), 2) < cores)
                {
                    return;
                }
            }
        }
    }

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

        /// <summary>
        /// Deletes the run's events with their problems and acknowledgements, and the acknowledge tasks Zabbix queued for
        /// its server daemon (not running here, so nothing would remove them), then vacuums those tables: the next run
        /// starts on tables of the same size, and autovacuum does not wake up during its timed call.
        /// </summary>
        public void Delete(string[] ids)
        {
            var list = string.Join(",", ids);
            Run("psql", Psql(), $"""
                delete from task where taskid in (select ta.taskid from task_acknowledge ta join acknowledges a on a.acknowledgeid = ta.acknowledgeid where a.eventid in ({list}));
                delete from events where eventid in ({list});
                """);
            Run("psql", [.. Psql(), "-c", "vacuum analyze events, problem, acknowledges, task, task_acknowledge"], null);
        }

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
