using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.IntegrationTests;

/// <summary>
/// Drops the first request of a JSON-RPC method before it reaches the server, the way a connection reset while the
/// request is being written looks to the client (it cannot tell that nothing arrived); forwards everything else.
/// </summary>
internal sealed class DropFirstRequestHandler(string method) : DelegatingHandler(new HttpClientHandler())
{
    private int _dropped;

    /// <summary>How many requests of the method were seen, the dropped one included.</summary>
    public int Sent { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        if (body.Contains($"\"method\":\"{method}\"", StringComparison.Ordinal))
        {
            Sent++;
            if (Interlocked.Exchange(ref _dropped, 1) == 0)
            {
                throw new HttpRequestException("Error while copying content to a stream.", new IOException("Connection reset by peer"));
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
