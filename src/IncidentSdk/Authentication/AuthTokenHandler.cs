using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Internal;
using IncidentSdk.Validation;

namespace IncidentSdk.Authentication;

/// <summary>Sets <c>X-Auth-Token</c> on every attempt from an <see cref="IAuthTokenProvider"/>.</summary>
/// <remarks>
/// A token that is empty or holds a character an HTTP header value cannot carry (a control character such as CR,
/// LF or NUL, a non-ASCII character, or a leading or trailing space) is refused with a
/// <see cref="RequestValidationException"/> before anything is sent; its message names the provider, never the token.
/// </remarks>
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
    /// <exception cref="RequestValidationException">The provider returned a token that cannot be sent in a header; nothing was sent.</exception>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ValueTask<string> pending;
        try
        {
            pending = _provider.GetTokenAsync(cancellationToken);
            if (!pending.IsCompletedSuccessfully)
            {
                return SendWhenReadyAsync(pending, request, cancellationToken);
            }

            // A token at hand (a static token, a cached one): passed on without an async layer of this handler's own.
            SetToken(request, pending.Result);
        }
#pragma warning disable CA1031 // Not swallowed: the failure is the returned task's, as an async method would report it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Task.FromException<HttpResponseMessage>(ex);
        }

        return base.SendAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendWhenReadyAsync(ValueTask<string> pending, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        SetToken(request, await pending.ConfigureAwait(false));
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private void SetToken(HttpRequestMessage request, string? token)
    {
        if (token is null || token.Length == 0 || !HeaderValue.IsUsable(token))
        {
            throw Refused(request, string.IsNullOrEmpty(token));
        }

        request.Headers.Remove(HeaderName);
        request.Headers.TryAddWithoutValidation(HeaderName, token);
    }

    private RequestValidationException Refused(HttpRequestMessage request, bool empty)
    {
        var source = $"The IAM token from {_provider.GetType().Name} (the IAuthTokenProvider)";
        var message = empty
            ? source + " is empty; nothing was sent."
            : $"{source} {HeaderValue.Rule}; nothing was sent and the token is not shown.";
        var name = RequestMetadata.GetOperation(request) ?? "The request";
        return new RequestValidationException(name, [new ValidationError(HeaderName, ValidationRules.Format, message)]);
    }
}
