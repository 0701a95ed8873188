using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace IncidentSdk.Cli.Tests;

/// <summary>
/// The tool over real sockets (its own transport, no test handler): a server that answers with a redirect to a
/// second server. The tool exits with the service error code, says the redirect was refused, and the second
/// server receives nothing: not the ticket action, the signature or the security token.
/// </summary>
public sealed class RedirectTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [TestCase(301)]
    [TestCase(302)]
    [TestCase(303)]
    [TestCase(307)]
    [TestCase(308)]
    public async Task CocAcceptRefusesTheRedirectAndSendsNothingToItsTarget(int status)
    {
        using var second = RawHttpServer.Start(_ => Answer(200, """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null}"""));
        using var first = RawHttpServer.Start(_ => Answer(status, string.Empty, $"Location: http://127.0.0.1:{second.Port}/v1/external/incident/handle?x=secret-query\r\n"));
        _cli.WithCocEnvironment($"http://127.0.0.1:{first.Port}");
        _cli.Environment["HUAWEICLOUD_SDK_SECURITY_TOKEN"] = "security-token-never-forwarded";

        var run = await _cli.RunAsync("coc", "accept", "IM202403221515060171753781", "op-1", "--json");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(7));
            Assert.That(run.Json().GetProperty("ok").GetBoolean(), Is.False);
            Assert.That(run.Error, Does.Contain("redirect refused").And.Contain($"127.0.0.1:{second.Port}").And.Not.Contain("secret-query"));
            Assert.That(first.Requests, Has.Length.EqualTo(1));
            Assert.That(second.Requests, Is.Empty);
        });
    }

    [TestCase(302)]
    [TestCase(307)]
    [TestCase(308)]
    public async Task ZabbixCloseRefusesTheRedirectAndSendsNothingToItsTarget(int status)
    {
        using var second = RawHttpServer.Start(_ => Answer(200, """{"jsonrpc":"2.0","result":{"eventids":["5"]},"id":1}"""));
        using var first = RawHttpServer.Start(_ => Answer(status, string.Empty, $"Location: http://127.0.0.1:{second.Port}/api_jsonrpc.php\r\n"));
        _cli.WithZabbixEnvironment("6.0.14");
        _cli.Environment["ZABBIX_URL"] = $"http://127.0.0.1:{first.Port}/api_jsonrpc.php";

        var run = await _cli.RunAsync("zabbix", "close", "5");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(7));
            Assert.That(run.Error, Does.Contain("redirect refused"));
            Assert.That(first.Requests, Has.Length.EqualTo(1));
            Assert.That(second.Requests, Is.Empty, "the token in the auth field never reaches another origin");
        });
    }

    private static string Answer(int status, string body, string headers = "") =>
        string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} X\r\n{headers}Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}");

    /// <summary>A minimal HTTP/1.1 server on 127.0.0.1: one request per connection, answered by a function, every request recorded.</summary>
    private sealed class RawHttpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<string> _requests = new();

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public string[] Requests => _requests.ToArray();

        public static RawHttpServer Start(Func<string, string> respond)
        {
            var server = new RawHttpServer();
            server._listener.Start();
            _ = server.AcceptAsync(respond);
            return server;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task AcceptAsync(Func<string, string> respond)
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                using (client)
                {
                    var stream = client.GetStream();
                    var request = await ReadRequestAsync(stream);
                    if (request.Length == 0)
                    {
                        continue;
                    }

                    _requests.Enqueue(request);
                    var answer = Encoding.UTF8.GetBytes(respond(request));
                    await stream.WriteAsync(answer);
                }
            }
        }

        private static async Task<string> ReadRequestAsync(NetworkStream stream)
        {
            var buffer = new byte[64 * 1024];
            var length = 0;
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(length));
                if (read == 0)
                {
                    return Encoding.UTF8.GetString(buffer, 0, length);
                }

                length += read;
                var text = Encoding.UTF8.GetString(buffer, 0, length);
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end < 0)
                {
                    continue;
                }

                var declared = 0;
                foreach (var line in text[..end].Split("\r\n"))
                {
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        declared = int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
                    }
                }

                if (length >= end + 4 + declared)
                {
                    return text;
                }
            }
        }
    }
}
