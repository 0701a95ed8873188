using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.Authentication;

/// <summary>
/// Signs every request that passes through it with AK/SK at the current time of its <see cref="TimeProvider"/>.
/// Place it inside the retry handler so that each attempt carries a fresh <c>X-Sdk-Date</c> and signature.
/// </summary>
public sealed class AkSkSigningHandler : DelegatingHandler
{
    private readonly AkSkCredentials _credentials;
    private readonly TimeProvider _timeProvider;
    private readonly HuaweiSigningOptions? _options;

    /// <summary>Creates the handler.</summary>
    /// <param name="credentials">The access key pair.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="options">Further headers to sign, or <see langword="null"/>.</param>
    public AkSkSigningHandler(AkSkCredentials credentials, TimeProvider? timeProvider = null, HuaweiSigningOptions? options = null)
    {
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _options = options;
    }

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RequestMetadata.GetBody(request) is not { } body)
        {
            return SignAndSendAsync(request, cancellationToken);
        }

        // The SDK's own requests carry their body bytes: sign without reading the content or building debug strings,
        // and pass the request on without an async layer of this handler's own.
        try
        {
            HuaweiRequestSigner.SignCore(request, _credentials, _timeProvider.GetUtcNow(), body, _options, detailed: false);
        }
#pragma warning disable CA1031 // Not swallowed: the failure is the returned task's, as an async method would report it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Task.FromException<HttpResponseMessage>(ex);
        }

        return base.SendAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> SignAndSendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await HuaweiRequestSigner.SignAsync(request, _credentials, _timeProvider.GetUtcNow(), _options, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
