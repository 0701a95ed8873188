using System;
using System.Collections.Generic;
using System.Text;

namespace IncidentSdk.Authentication;

/// <summary>The URI and query canonicalisation of Huawei's SDK-HMAC-SHA256 signing.</summary>
internal static class SigningEncoding
{
    private const string UpperHex = "0123456789ABCDEF";

    /// <summary>Percent-encodes UTF-8 bytes, keeping only the unreserved characters <c>A-Z a-z 0-9 - _ . ~</c>.</summary>
    public static string Encode(string value)
    {
        var needs = false;
        foreach (var c in value)
        {
            if (!IsUnreserved(c))
            {
                needs = true;
                break;
            }
        }

        if (!needs)
        {
            return value;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        var text = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b < 0x80 && IsUnreserved((char)b))
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(UpperHex[b >> 4]).Append(UpperHex[b & 0xF]);
            }
        }

        return text.ToString();
    }

    /// <summary>Appends the canonical URI; a path of unreserved characters and slashes (the usual case) is copied as is.</summary>
    public static void AppendCanonicalUri(ref Internal.PooledCharBuilder builder, Uri uri)
    {
        var path = uri.AbsolutePath;
        foreach (var c in path)
        {
            if (c != '/' && !IsUnreserved(c))
            {
                builder.Append(CanonicalUri(uri));
                return;
            }
        }

        builder.Append(path);
        if (path.Length == 0 || path[path.Length - 1] != '/')
        {
            builder.Append('/');
        }
    }

    /// <summary>
    /// Decodes the path, then splits it on <c>/</c>, re-encodes each segment and ends the path with <c>/</c>. The order
    /// matters for an encoded slash: <c>/a%2Fb</c> decodes to <c>/a/b</c>, two segments, as the gateway computes it
    /// (huawei-signing.md, "Canonical URI"; Huawei's Python core unquotes the whole path before splitting it).
    /// </summary>
    public static string CanonicalUri(Uri uri)
    {
        var segments = Uri.UnescapeDataString(uri.AbsolutePath).Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = Encode(segments[i]);
        }

        var joined = string.Join("/", segments);
        return joined.EndsWith("/", StringComparison.Ordinal) ? joined : joined + "/";
    }

    /// <summary>Decodes the query, sorts it by key and then value, and re-encodes it; empty when there is none.</summary>
    public static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query;
        if (query.Length <= 1)
        {
            return string.Empty;
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in query.Substring(1).Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=');
            var key = equals < 0 ? part : part.Substring(0, equals);
            var value = equals < 0 ? string.Empty : part.Substring(equals + 1);
            pairs.Add(new KeyValuePair<string, string>(Uri.UnescapeDataString(key), Uri.UnescapeDataString(value)));
        }

        pairs.Sort(static (a, b) =>
        {
            var byKey = CompareCodePoints(a.Key, b.Key);
            return byKey != 0 ? byKey : CompareCodePoints(a.Value, b.Value);
        });

        var text = new StringBuilder();
        foreach (var pair in pairs)
        {
            if (text.Length > 0)
            {
                text.Append('&');
            }

            text.Append(Encode(pair.Key)).Append('=').Append(Encode(pair.Value));
        }

        return text.ToString();
    }

    /// <summary>
    /// Orders strings by Unicode code point, which is the byte order of their UTF-8 form: the order Huawei's
    /// signers sort in. (Ordinal UTF-16 order differs for characters above U+E000 against surrogate pairs.)
    /// </summary>
    internal static int CompareCodePoints(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            var x = a[i];
            var y = b[i];
            if (x == y)
            {
                continue;
            }

            if (char.IsSurrogate(x) != char.IsSurrogate(y))
            {
                return char.IsSurrogate(x) ? 1 : -1;
            }

            return x.CompareTo(y);
        }

        return a.Length.CompareTo(b.Length);
    }

    private static bool IsUnreserved(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~';
}
