using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.Authentication;

/// <summary>Sets <c>X-Auth-Token</c> on every attempt from an <see cref="IAuthTokenProvider"/>.</summary>
public sealed class AuthTokenHandler : DelegatingHandler
{
    /// <summary>The header that carries an IAM token.</summary>
    public const string HeaderName = "X-Auth-Token";

    private readonly IAuthTokenProvider _provider;

    /// <summary>Creates the handler.</summary>
    /// <param name="provider">Supplies the token for each attempt.</param>
    public AuthTokenHandler(IAuthTokenProvider provider)
    {
        _provider = provider ?? throw new ArgumentNullException(nameof(provider));
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await _provider.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Remove(HeaderName);
        request.Headers.TryAddWithoutValidation(HeaderName, token);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
