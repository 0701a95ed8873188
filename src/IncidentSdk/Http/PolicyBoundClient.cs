using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.Http;

/// <summary>
/// A registered client's transport: the <see cref="HttpClient"/> of IHttpClientFactory, whose handler chain the
/// clients of one registration share, with the client's own <see cref="ResiliencePolicy"/> attached to each request,
/// so each client keeps the settings it was resolved with while the chain is rotated or the options reload.
/// </summary>
internal sealed class PolicyBoundClient : HttpMessageHandler
{
    private readonly HttpClient _client;
    private readonly ResiliencePolicy _policy;

    private PolicyBoundClient(HttpClient client, ResiliencePolicy policy)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
    }

    /// <summary>An invoker over <paramref name="client"/> that sends with <paramref name="policy"/>. It does not dispose <paramref name="client"/>.</summary>
    public static HttpMessageInvoker Create(HttpClient client, ResiliencePolicy policy) =>
        new(new PolicyBoundClient(client, policy), disposeHandler: true);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ResiliencePolicy.Attach(request, _policy);
        return _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }
}
