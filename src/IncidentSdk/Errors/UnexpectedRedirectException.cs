using System;

namespace IncidentSdk;

/// <summary>
/// The service, or something in front of it, answered with a redirect, or the app's own <c>HttpClient</c>
/// followed one so that the answer came from another URI than the one the SDK sent to. The SDK never follows
/// redirects: a redirect could carry credentials to another origin or repeat a ticket action there, and an answer
/// from elsewhere says nothing about whether the configured service acted. The request may have reached the
/// configured service (<see cref="IncidentSdkException.RequestMayHaveReachedServer"/> is <see langword="true"/>);
/// fix the endpoint (or turn redirects off on the app's <c>HttpClient</c>) rather than retrying.
/// </summary>
public class UnexpectedRedirectException : ServiceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="summary">What went wrong, for a person.</param>
    /// <param name="error">The status and operation.</param>
    /// <param name="redirectOrigin">Scheme, host and port the redirect pointed to (never its path or query); <see langword="null"/> when the answer named none.</param>
    /// <param name="followed"><see langword="true"/> when a transport outside the SDK followed the redirect.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public UnexpectedRedirectException(string summary, ServiceErrorInfo error, string? redirectOrigin, bool followed, Exception? innerException = null)
        : base(summary, error, innerException)
    {
        RedirectOrigin = redirectOrigin;
        Followed = followed;
    }

    /// <summary>Scheme, host and port the redirect pointed to (such as <c>https://other.example:8443</c>), never its path or query; <see langword="null"/> when unknown.</summary>
    public string? RedirectOrigin { get; }

    /// <summary>
    /// <see langword="true"/> when an <c>HttpClient</c> the app passed in followed the redirect (the answer came from
    /// <see cref="RedirectOrigin"/>); <see langword="false"/> when the redirect itself was the answer.
    /// </summary>
    public bool Followed { get; }
}
