using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.IntegrationTests;

/// <summary>Lets the first request of a JSON-RPC method reach the server, then loses its response like a dropped connection.</summary>
internal sealed class LoseFirstResponseHandler(string method) : DelegatingHandler(new HttpClientHandler())
{
    private int _lost;

    public int Sent { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        var matches = body.Contains($"\"method\":\"{method}\"", StringComparison.Ordinal);
        if (matches)
        {
            Sent++;
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (matches && Interlocked.Exchange(ref _lost, 1) == 0)
        {
            response.Dispose();
            throw new HttpRequestException("The response ended prematurely.", new IOException("connection reset after the server answered"));
        }

        return response;
    }
}
