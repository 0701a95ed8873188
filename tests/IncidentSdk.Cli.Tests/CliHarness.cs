using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using IncidentSdk.Testing;
using NUnit.Framework.Constraints;

namespace IncidentSdk.Cli.Tests;

/// <summary>What one in-process run of the command produced.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Out);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Asserts, as one group, that the run exited with <paramref name="exitCode"/> and wrote exactly one error line,
    /// and that the line meets each of <paramref name="line"/>.
    /// </summary>
    public void AssertOneErrorLine(int exitCode, params IResolveConstraint[] line)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ExitCode, Is.EqualTo(exitCode));
            Assert.That(ErrorLines, Has.Length.EqualTo(1));
            foreach (var constraint in line)
            {
                Assert.That(ErrorLines[0], constraint);
            }
        });
    }
}

/// <summary>Runs the command in-process with captured output, a given environment and transport, in an empty directory.</summary>
internal sealed class CliHarness : IDisposable
{
    public const string AccessKey = "TESTACCESSKEY0000001";
    public const string SecretKey = "test-secret-key-never-printed";

    public CliHarness()
    {
        Directory = Path.Combine(Path.GetTempPath(), "incident-cli-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public HttpMessageHandler? Transport { get; set; }

    public FakeCocService? Coc { get; set; }

    public FakeZabbixService? Zabbix { get; set; }

    public DateTimeOffset Now { get; set; } = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    public CliHarness WithCocEnvironment(string endpoint = "https://coc.test.invalid")
    {
        Environment["HUAWEICLOUD_SDK_AK"] = AccessKey;
        Environment["HUAWEICLOUD_SDK_SK"] = SecretKey;
        Environment["COC_ENDPOINT"] = endpoint;
        return this;
    }

    public CliHarness WithZabbixEnvironment(string version = "7.0.0")
    {
        Environment["ZABBIX_URL"] = "https://zabbix.test.invalid/api_jsonrpc.php";
        Environment["ZABBIX_TOKEN"] = "zabbix-token-never-printed";
        Environment["ZABBIX_SERVER_VERSION"] = version;
        return this;
    }

    public void WriteFile(string name, string text) => File.WriteAllText(Path.Combine(Directory, name), text);

    public async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext
        {
            Out = output,
            Error = error,
            GetEnvironmentVariable = name => Environment.TryGetValue(name, out var value) ? value : null,
            CurrentDirectory = Directory,
            TimeProvider = new FixedTimeProvider(Now),
            Transport = Transport,
            OfflineCoc = Coc,
            OfflineZabbix = Zabbix,
        };
        var exitCode = await IncidentCli.RunAsync(args, context).ConfigureAwait(false);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>A transport that records every request and answers from a function.</summary>
internal sealed class StubTransport(Func<HttpRequestMessage, string, HttpResponseMessage> respond) : HttpMessageHandler
{
    private readonly List<(HttpRequestMessage Request, string Body)> _requests = [];

    public IReadOnlyList<(HttpRequestMessage Request, string Body)> Requests => _requests;

    public static HttpResponseMessage Json(HttpStatusCode status, string body, string? requestId = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (requestId is not null)
        {
            response.Headers.Add("X-Request-Id", requestId);
        }

        return response;
    }

    /// <summary>Answers a JSON-RPC call with <paramref name="result"/> (raw JSON) under the request's own id.</summary>
    public static HttpResponseMessage JsonRpcResult(string requestBody, string result)
    {
        using var document = JsonDocument.Parse(requestBody);
        var id = document.RootElement.GetProperty("id").GetRawText();
        return Json(HttpStatusCode.OK, $$"""{"jsonrpc":"2.0","result":{{result}},"id":{{id}}}""");
    }

    /// <summary>Answers a JSON-RPC call with an error under the request's own id.</summary>
    public static HttpResponseMessage JsonRpcError(string requestBody, int code, string message, string data)
    {
        using var document = JsonDocument.Parse(requestBody);
        var id = document.RootElement.GetProperty("id").GetRawText();
        return Json(HttpStatusCode.OK, $$"""{"jsonrpc":"2.0","error":{"code":{{code}},"message":"{{message}}","data":"{{data}}"},"id":{{id}}}""");
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        lock (_requests)
        {
            _requests.Add((request, body));
        }

        return respond(request, body);
    }
}
