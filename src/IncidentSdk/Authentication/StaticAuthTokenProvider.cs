using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Internal;

namespace IncidentSdk.Authentication;

/// <summary>An <see cref="IAuthTokenProvider"/> that always returns the same token.</summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class StaticAuthTokenProvider : IAuthTokenProvider
{
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly string _token;

    /// <summary>Creates the provider.</summary>
    /// <param name="token">The IAM token.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="token"/> is null or empty, or holds a character an HTTP header value cannot carry (see
    /// <see cref="AuthTokenHandler"/>); the message never shows it.
    /// </exception>
    public StaticAuthTokenProvider(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw new ArgumentException("The IAM token must not be empty.", nameof(token));
        }

        _token = HeaderValue.Require(token, "The IAM token", nameof(token))!;
    }

    /// <inheritdoc/>
    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => new(_token);

    /// <summary>Describes the provider without revealing the token.</summary>
    public override string ToString() => "StaticAuthTokenProvider { Token = *** }";
}
