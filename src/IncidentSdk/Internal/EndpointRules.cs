using System;
using System.Collections.Generic;
using System.Linq;

namespace IncidentSdk.Internal;

/// <summary>
/// The rules both clients apply to their endpoint: an absolute http(s) URI without user info, query or fragment,
/// and plain HTTP only to this machine unless the options allow it. Messages show the URI without its user info
/// (or query and fragment), so a password written into the URI is never repeated.
/// </summary>
internal static class EndpointRules
{
    /// <summary>Adds a sentence per broken rule to <paramref name="problems"/>.</summary>
    /// <param name="name">The options property, such as <c>Endpoint</c> or <c>Url</c>.</param>
    /// <param name="uri">Its value.</param>
    /// <param name="allowInsecureHttp">Whether plain HTTP to another machine is allowed.</param>
    /// <param name="example">A usable value, for the message.</param>
    /// <param name="problems">Where to add the problems.</param>
    public static void Check(string name, Uri uri, bool allowInsecureHttp, string example, List<string> problems)
    {
        if (!uri.IsAbsoluteUri)
        {
            problems.Add($"{name} is a relative URI; use an absolute one such as {example}.");
            return;
        }

        var shown = Display(uri);
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            problems.Add($"{name} '{shown}' is not an absolute http(s) URI; use one such as {example}.");
            return;
        }

        if (HasUserInfo(uri))
        {
            problems.Add($"{name} '{shown}' carries a user name or password; remove them from the URI and set the client's credentials instead.");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            problems.Add($"{name} '{shown}' has a query or fragment; give only scheme, host, port and an optional base path.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback && !allowInsecureHttp)
        {
            problems.Add($"{name} '{shown}' is plain HTTP, so credentials would cross the network unencrypted; use https, or set AllowInsecureHttp on a network you trust.");
        }
    }

    /// <summary>
    /// <paramref name="path"/> under <paramref name="endpoint"/>, keeping any base path the endpoint has
    /// (<c>https://proxy/coc</c> + <c>/v1/x</c> is <c>https://proxy/coc/v1/x</c>).
    /// </summary>
    public static Uri Resolve(Uri endpoint, string path)
    {
        var baseUri = endpoint.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        return new Uri(baseUri, path.TrimStart('/'));
    }

    /// <summary>Returns <paramref name="options"/> when <paramref name="validate"/> finds no problem; throws otherwise.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are not usable; the message lists every problem.</exception>
    public static T Usable<T>(T? options, Func<T, IReadOnlyList<string>> validate)
        where T : class
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var problems = validate(options);
        return problems.Count == 0
            ? options
            : throw new ArgumentException(typeof(T).Name + " are not usable: " + string.Join(" ", problems), nameof(options));
    }

    /// <summary>An absolute URI as scheme, host, port and path: never its user info, query or fragment.</summary>
    public static string Display(Uri uri) =>
        uri.IsAbsoluteUri ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : "(relative URI)";

    /// <summary>Whether the authority has a user-info part, even an empty one (<c>http://@host/</c>).</summary>
    private static bool HasUserInfo(Uri uri) =>
        uri.UserInfo.Length > 0 || uri.GetLeftPart(UriPartial.Authority).Contains('@');
}
