// Reads a Stryker.NET JSON report, removes the mutants listed as equivalent, prints the score per file and the
// surviving mutants, and exits 1 when a file or the total is under its threshold.
// Usage: dotnet run tests/mutation/Score.cs -- <mutation-report.json> <equivalent-mutants.txt> <thresholds.txt>
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Score.cs <mutation-report.json> <equivalent-mutants.txt> <thresholds.txt>");
    return 2;
}

// equivalent-mutants.txt: one mutant per line, "file | mutator | replacement | source line (trimmed) | reason".
// The source line, not its number, identifies the mutant, so the list survives edits elsewhere in the file.
var equivalents = ReadTable(args[1], 5).Select(f => (File: f[0], Mutator: f[1], Replacement: f[2], Line: f[3], Reason: f[4])).ToList();
// thresholds.txt: "file minimum-percent"; the file "TOTAL" is the score over every listed file together.
var thresholds = ReadTable(args[2], 2).ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
var used = new HashSet<int>();
// Per mutated file: every source line, and the lines the build compiled (those that carry a mutant of any status).
var sourceLines = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
var compiledLines = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);

using var report = JsonDocument.Parse(File.ReadAllBytes(args[0]));
var rows = new List<(string File, int Killed, int Survived, int NoCoverage, int Timeout, int Equivalent)>();
var survivors = new List<string>();
foreach (var file in report.RootElement.GetProperty("files").EnumerateObject())
{
    var name = Relative(file.Name);
    if (!thresholds.ContainsKey(name))
    {
        continue;
    }

    var source = file.Value.GetProperty("source").GetString()!.Split('\n');
    sourceLines[name] = Enumerable.Range(1, source.Length).Select(n => SourceLine(source, n)).ToHashSet(StringComparer.Ordinal);
    var compiled = compiledLines[name] = new HashSet<string>(StringComparer.Ordinal);
    int killed = 0, survived = 0, noCoverage = 0, timeout = 0, equivalent = 0;
    foreach (var mutant in file.Value.GetProperty("mutants").EnumerateArray())
    {
        var status = mutant.GetProperty("status").GetString();
        compiled.Add(SourceLine(source, mutant.GetProperty("location").GetProperty("start").GetProperty("line").GetInt32()));
        if (status is not ("Killed" or "Survived" or "NoCoverage" or "Timeout"))
        {
            continue;
        }

        var mutator = mutant.GetProperty("mutatorName").GetString()!;
        var replacement = Flatten(mutant.GetProperty("replacement").GetString() ?? "");
        var lineNumber = mutant.GetProperty("location").GetProperty("start").GetProperty("line").GetInt32();
        var line = SourceLine(source, lineNumber);
        var match = equivalents.FindIndex(e => e.File == name && e.Mutator == mutator && e.Replacement == replacement && e.Line == line);
        if (match >= 0 && status is "Survived" or "NoCoverage")
        {
            used.Add(match);
            equivalent++;
            continue;
        }

        switch (status)
        {
            case "Killed": killed++; break;
            case "Timeout": timeout++; break;
            case "Survived": survived++; survivors.Add($"{name}:{lineNumber} {status} {mutator} -> {replacement}\n    {line}"); break;
            default: noCoverage++; survivors.Add($"{name}:{lineNumber} {status} {mutator} -> {replacement}\n    {line}"); break;
        }
    }

    rows.Add((name, killed, survived, noCoverage, timeout, equivalent));
}

static double Score(int killed, int timeout, int survived, int noCoverage)
{
    var total = killed + timeout + survived + noCoverage;
    return total == 0 ? 100 : 100.0 * (killed + timeout) / total;
}

var failed = false;
Console.WriteLine($"{"file",-48} {"killed",6} {"timeout",7} {"survived",8} {"no cover",8} {"equiv.",6} {"score",7} {"min",5}");
foreach (var r in rows.OrderBy(r => r.File, StringComparer.Ordinal))
{
    var score = Score(r.Killed, r.Timeout, r.Survived, r.NoCoverage);
    var min = thresholds[r.File];
    var verdict = score + 1e-9 < min ? "  BELOW" : "";
    failed |= verdict.Length > 0;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.File,-48} {r.Killed,6} {r.Timeout,7} {r.Survived,8} {r.NoCoverage,8} {r.Equivalent,6} {score,6:F1}% {min,4:F0}%{verdict}"));
}

var totalScore = Score(rows.Sum(r => r.Killed), rows.Sum(r => r.Timeout), rows.Sum(r => r.Survived), rows.Sum(r => r.NoCoverage));
var totalMin = thresholds.TryGetValue("TOTAL", out var t) ? t : 0;
var totalVerdict = totalScore + 1e-9 < totalMin ? "  BELOW" : "";
failed |= totalVerdict.Length > 0;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"TOTAL",-48} {rows.Sum(r => r.Killed),6} {rows.Sum(r => r.Timeout),7} {rows.Sum(r => r.Survived),8} {rows.Sum(r => r.NoCoverage),8} {rows.Sum(r => r.Equivalent),6} {totalScore,6:F1}% {totalMin,4:F0}%{totalVerdict}"));

var missing = thresholds.Keys.Where(k => k != "TOTAL" && rows.All(r => r.File != k)).ToList();
foreach (var name in missing)
{
    Console.WriteLine($"{name}: not in the report (was it mutated?)");
    failed = true;
}

if (survivors.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine("Surviving mutants:");
    survivors.ForEach(Console.WriteLine);
}

// An entry is stale when its file was mutated and its line is gone or was compiled and mutated without the mutant
// surviving. A line of another build's #if branch (no mutant at all in this build) or a file not in this report is
// not judged.
var stale = equivalents
    .Where((e, i) => !used.Contains(i) && sourceLines.TryGetValue(e.File, out var lines)
        && (!lines.Contains(e.Line) || compiledLines[e.File].Contains(e.Line)))
    .ToList();
if (stale.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine("Listed as equivalent but not found surviving (remove or update):");
    stale.ForEach(e => Console.WriteLine($"{e.File} | {e.Mutator} | {e.Replacement} | {e.Line}"));
}

return failed ? 1 : 0;

// A line that is only a brace (where a block removal is reported) says nothing on its own: it is identified together
// with the line before it, as in "if (!needs) {".
static string SourceLine(string[] source, int lineNumber)
{
    var line = source[lineNumber - 1].Trim();
    return line == "{" && lineNumber > 1 ? source[lineNumber - 2].Trim() + " {" : line;
}

static string Flatten(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()));

static string Relative(string path)
{
    var marker = "/src/IncidentSdk/";
    var at = path.Replace('\\', '/').IndexOf(marker, StringComparison.Ordinal);
    return at < 0 ? path : path[(at + marker.Length)..];
}

static IEnumerable<string[]> ReadTable(string path, int columns)
{
    foreach (var raw in File.ReadAllLines(path))
    {
        var line = raw.Trim();
        if (line.Length == 0 || line.StartsWith('#'))
        {
            continue;
        }

        var fields = columns == 2 ? line.Split(' ', 2, StringSplitOptions.TrimEntries) : line.Split(" | ", columns, StringSplitOptions.TrimEntries);
        if (fields.Length != columns)
        {
            throw new FormatException($"{path}: expected {columns} fields in '{line}'");
        }

        yield return fields;
    }
}
