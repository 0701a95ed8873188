using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;

namespace IncidentSdk.Authentication;

/// <summary>
/// The headers of a signature as the wire carries them: reads a header's value the way the handler will write it
/// (several values joined as the runtime joins them), and sets the ones signing adds.
/// </summary>
internal static class SigningHeaders
{
    /// <summary>The trimmed value of <see cref="HuaweiRequestSigner.ContentSha256Header"/>, or <see langword="null"/> when the request has none.</summary>
    public static string? PayloadValue(HttpRequestMessage request) =>
        TryGetRaw(request.Headers, HuaweiRequestSigner.ContentSha256Header, out var value)
        || (request.Content is not null && TryGetRaw(request.Content.Headers, HuaweiRequestSigner.ContentSha256Header, out value))
            ? value.Trim()
            : null;

    /// <summary>The Host header exactly as it goes on the wire: with <c>:port</c> when the port is not the scheme's default.</summary>
    /// <remarks>
    /// A client signs every request for the same <see cref="Uri"/> instance, so the last one is remembered (a
    /// <see cref="Uri"/> is immutable): building the value anew allocated on every attempt.
    /// </remarks>
    public static string HostValue(Uri uri)
    {
        if (Volatile.Read(ref _lastHost) is { } last && ReferenceEquals(last.Uri, uri))
        {
            return last.Value;
        }

        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        var value = uri.IsDefaultPort ? host : host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        Volatile.Write(ref _lastHost, new HostEntry(uri, value));
        return value;
    }

    private static HostEntry? _lastHost;

    private sealed class HostEntry(Uri uri, string value)
    {
        public Uri Uri { get; } = uri;

        public string Value { get; } = value;
    }

    public static void Set(HttpRequestHeaders headers, string name, string? value)
    {
        headers.Remove(name);
        if (value is not null)
        {
            headers.TryAddWithoutValidation(name, value);
        }
    }

    public static string Value(HttpRequestMessage request, string name)
    {
        if (TryGetRaw(request.Headers, name, out var value)
            || (request.Content is not null && TryGetRaw(request.Content.Headers, name, out value)))
        {
            return value;
        }

        throw new ArgumentException($"The header '{name}' is to be signed but the request does not carry it.", nameof(request));
    }

    /// <summary>
    /// A header's value as it goes on the wire. The handler writes all values of a header on one line, joined by the
    /// separator of that header's grammar: <c>", "</c> for most headers, <c>" "</c> for the product lists of
    /// <c>User-Agent</c> and <c>Server</c>, <c>"; "</c> for <c>Cookie</c>. The runtime's own join is used rather than a
    /// copy of that table, so the value signed is the value sent on whatever runtime the library runs.
    /// </summary>
    private static bool TryGetRaw(HttpHeaders headers, string name, out string value)
    {
#if NET8_0_OR_GREATER
        // HeaderStringValues.ToString() joins several values with the header's separator, as SocketsHttpHandler does.
        if (headers.NonValidated.TryGetValues(name, out var values))
        {
            value = values.ToString();
            return true;
        }
#else
        // Without the NonValidated view, HttpHeaders.ToString() is the runtime's join: one "Name: value" line per
        // header, its values joined with the header's separator, the same join the handler writes (on .NET Framework
        // too, whose HttpClientHandler copies headers with that join).
        if (headers.TryGetValues(name, out var values))
        {
            var list = values as ICollection<string> ?? values.ToList();
            if (list.Count == 1)
            {
                value = list.First();
                return true;
            }

            if (JoinedAsWritten(headers, name) is { } joined)
            {
                value = joined;
                return true;
            }

            value = string.Join(", ", list);
            return true;
        }
#endif
        value = string.Empty;
        return false;
    }

#if !NET8_0_OR_GREATER
    // HttpHeaders.ToString() ends each line with Environment.NewLine on .NET and with "\r\n" on .NET Framework.
    private static readonly char[] LineBreaks = ['\r', '\n'];

    private static string? JoinedAsWritten(HttpHeaders headers, string name)
    {
        foreach (var line in headers.ToString().Split(LineBreaks, StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':');
            if (colon == name.Length && string.Compare(line, 0, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return line.Substring(colon + 1).TrimStart(' ');
            }
        }

        return null;
    }
#endif
}
