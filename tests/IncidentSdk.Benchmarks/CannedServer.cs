using System.Buffers;
using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentSdk.Benchmarks;

/// <summary>
/// The canned server of the socket harness, run as its own process (<c>-- serve</c>) so that its CPU is not counted
/// as the client's: Zabbix's JSON-RPC endpoint answering <c>event.acknowledge</c> at once (echoing the request's id)
/// and COC's handle endpoint answering success. It prints its address on the first line of its output and stops when
/// its input closes.
/// </summary>
internal static class CannedServer
{
    public const string ZabbixPath = "api_jsonrpc.php";
    public const string CocPath = "v1/external/incident/handle";

    private static readonly byte[] CocSuccess = Encoding.UTF8.GetBytes(Canned.CocSuccess);
    private static readonly byte[] ZabbixPrefix = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"result\":{\"eventids\":[\"20427\"]},\"id\":");

    /// <summary>Runs the server in this process until its standard input closes.</summary>
    public static async Task<int> ServeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/" + ZabbixPath, AnswerZabbixAsync);
        app.MapPost("/" + CocPath, async (HttpContext context) =>
        {
            await DrainAsync(context.Request);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = CocSuccess.Length;
            await context.Response.Body.WriteAsync(CocSuccess);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine(address + "/");
        Console.Out.Flush();
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }

    /// <summary>Starts the server as a child process of the same program and returns it with its address.</summary>
    public static (Process Process, Uri Address) Start()
    {
        var path = Environment.ProcessPath!;
        var start = System.IO.Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? new ProcessStartInfo(path) { ArgumentList = { Assembly.GetEntryAssembly()!.Location, "serve" } }
            : new ProcessStartInfo(path) { ArgumentList = { "serve" } };
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        var process = Process.Start(start)!;
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The canned server did not start.");
        return (process, new Uri(line));
    }

    private static async Task AnswerZabbixAsync(HttpContext context)
    {
        var length = (int)(context.Request.ContentLength ?? 0);
        var body = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var total = 0;
            int read;
            while (total < length && (read = await context.Request.Body.ReadAsync(body.AsMemory(total, length - total))) > 0)
            {
                total += read;
            }

            // The id is the envelope's last member: {"jsonrpc":"2.0","method":...,"id":N}.
            var span = body.AsSpan(0, total);
            var idStart = span.LastIndexOf("\"id\":"u8) + 5;
            var id = span.Slice(idStart, total - idStart - 1);

            // One write: a response in several segments would cost the client extra reads.
            var answer = new byte[ZabbixPrefix.Length + id.Length + 1];
            ZabbixPrefix.CopyTo(answer, 0);
            id.CopyTo(answer.AsSpan(ZabbixPrefix.Length));
            answer[^1] = (byte)'}';
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = answer.Length;
            await context.Response.Body.WriteAsync(answer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    private static async Task DrainAsync(HttpRequest request)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (await request.Body.ReadAsync(buffer) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
