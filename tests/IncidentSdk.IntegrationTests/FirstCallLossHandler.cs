using System.IO;
using System.Threading;

namespace IncidentSdk.IntegrationTests;

/// <summary>Where the first request of a JSON-RPC method is lost.</summary>
internal enum Loss
{
    /// <summary>Before it reaches the server, the way a connection reset while the request is written looks to the client (it cannot tell that nothing arrived).</summary>
    Request,

    /// <summary>After the server answered: the response is lost like a dropped connection.</summary>
    Response,
}

/// <summary>Loses the first request of a JSON-RPC method, or its response; forwards everything else.</summary>
internal sealed class FirstCallLossHandler(string method, Loss loss) : DelegatingHandler(new HttpClientHandler())
{
    private int _lost;

    /// <summary>How many requests of the method were seen, the lost one included.</summary>
    public int Sent { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        var matches = body.Contains($"\"method\":\"{method}\"", StringComparison.Ordinal);
        if (matches)
        {
            Sent++;
        }

        if (matches && loss == Loss.Request && Interlocked.Exchange(ref _lost, 1) == 0)
        {
            throw new HttpRequestException("Error while copying content to a stream.", new IOException("Connection reset by peer"));
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (matches && loss == Loss.Response && Interlocked.Exchange(ref _lost, 1) == 0)
        {
            response.Dispose();
            throw new HttpRequestException("The response ended prematurely.", new IOException("connection reset after the server answered"));
        }

        return response;
    }
}
