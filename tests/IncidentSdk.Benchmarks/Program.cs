using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Usage:
//   dotnet run -c Release --project tests/IncidentSdk.Benchmarks              the whole set, short job (a few minutes)
//   dotnet run -c Release --project tests/IncidentSdk.Benchmarks -- --quick   one iteration of each: proves they build and run
// Other BenchmarkDotNet arguments (such as --filter '*Component*') pass through.
var quick = args.Contains("--quick");
var rest = args.Where(a => a != "--quick").ToArray();
var job = (quick ? Job.Dry : Job.ShortRun.WithWarmupCount(5).WithIterationCount(10)).WithToolchain(InProcessEmitToolchain.Instance);
var config = DefaultConfig.Instance.AddJob(job);
if (rest.Length == 0)
{
    rest = ["--filter", "*"];
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(IncidentSdk.Benchmarks.InProcessBenchmarks).Assembly).Run(rest, config);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
