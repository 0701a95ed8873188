using System;
using System.Collections.Generic;
using System.Security.Cryptography;

namespace IncidentSdk.Testing.Internal;

/// <summary>The tokens a fake accepts. Thread-safe.</summary>
internal sealed class TokenSet
{
    private readonly object _gate = new();
    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);
    private bool _anyAdded;

    /// <summary>Whether a token was ever added (removing it again does not change this).</summary>
    public bool AnyAdded
    {
        get
        {
            lock (_gate)
            {
                return _anyAdded;
            }
        }
    }

    /// <summary>Adds <paramref name="token"/>, or a random one of 64 lowercase hex characters when it is <see langword="null"/>, and returns it.</summary>
    /// <exception cref="ArgumentException"><paramref name="token"/> is empty.</exception>
    public string Add(string? token)
    {
        if (token is not null && token.Length == 0)
        {
            throw new ArgumentException("A token cannot be empty.", nameof(token));
        }

        token ??= RandomNumberGenerator.GetHexString(64, lowercase: true);
        lock (_gate)
        {
            _tokens.Add(token);
            _anyAdded = true;
        }

        return token;
    }

    /// <summary>Removes a token; <see langword="true"/> when it was there.</summary>
    public bool Remove(string token)
    {
        lock (_gate)
        {
            return token is not null && _tokens.Remove(token);
        }
    }

    /// <summary>Whether <paramref name="token"/> is accepted.</summary>
    public bool Contains(string token)
    {
        lock (_gate)
        {
            return _tokens.Contains(token);
        }
    }
}
