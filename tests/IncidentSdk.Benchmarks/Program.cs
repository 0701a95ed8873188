using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using IncidentSdk.Benchmarks;

// Usage:
//   dotnet run -c Release --project tests/IncidentSdk.Benchmarks              the whole set, short job (about 5 minutes)
//   dotnet run -c Release --project tests/IncidentSdk.Benchmarks -- --quick   one iteration of each: proves they build and run
// Other BenchmarkDotNet arguments (such as --filter '*Component*') pass through.
//   dotnet run -c Release --project tests/IncidentSdk.Benchmarks -- socket [--seconds N] [--rounds N] [--layers]
//                                                      end to end over a real socket against a canned server in its own
//                                                      process (SocketHarness); "serve" is that server's mode.
//   dotnet run -c Release --project tests/IncidentSdk.Benchmarks -- bulk --env tests/zabbix/.state/zabbix60.env [--url URL]
//       [--events 10000] [--chunk N[,N...]] [--parallel P[,P...]] [--runs 5]
//                                                      AcknowledgeManyAsync against a real Zabbix (BulkHarness); without
//                                                      --chunk/--parallel, the library's defaults.
if (args.Length > 0 && args[0] == "serve")
{
    return await CannedServer.ServeAsync();
}

if (args.Length > 0 && args[0] == "bulk")
{
    return await BulkHarness.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "socket")
{
    return await SocketHarness.RunAsync(args[1..]);
}

var quick = args.Contains("--quick");
var rest = args.Where(a => a != "--quick").ToArray();
if (rest.Length == 0)
{
    rest = ["--filter", "*"];
}

var job = (quick ? Job.Dry : Job.ShortRun.WithWarmupCount(5).WithIterationCount(10)).WithToolchain(InProcessEmitToolchain.Instance);
var perCall = BenchmarkSwitcher.FromTypes([typeof(InProcessBenchmarks), typeof(ComponentBenchmarks), typeof(LoopbackBenchmarks)])
    .Run(rest, DefaultConfig.Instance.AddJob(job));

// The bulk comparison runs a ~40-second loop: one measured run, in either mode.
var once = Job.Dry.WithStrategy(RunStrategy.Monitoring).WithToolchain(InProcessEmitToolchain.Instance);
var bulk = BenchmarkSwitcher.FromTypes([typeof(BulkBenchmarks)]).Run(rest, DefaultConfig.Instance.AddJob(once));

var summaries = perCall.Concat(bulk).ToArray();
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
