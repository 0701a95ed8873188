using System;

namespace IncidentSdk;

/// <summary>The service rejected the request's parameters (COC <c>GOM.00007256</c>, gateway <c>APIG.0201</c>, HTTP 400).</summary>
public class InvalidParameterException : ServiceException
{
    /// <inheritdoc cref="ServiceException(string, ServiceErrorInfo, Exception)"/>
    public InvalidParameterException(string summary, ServiceErrorInfo error, Exception? innerException = null)
        : base(summary, error, innerException)
    {
    }
}

/// <summary>
/// The credentials were refused: a bad AK/SK signature, a signature older than the gateway's 15-minute window,
/// a missing or expired token (HTTP 401, <c>APIG.0301</c>, <c>APIG.0303</c>, <c>APIG.0307</c>, IAM's <c>IAM.0001</c>).
/// </summary>
public class AuthenticationFailedException : ServiceException
{
    /// <inheritdoc cref="ServiceException(string, ServiceErrorInfo, Exception)"/>
    public AuthenticationFailedException(string summary, ServiceErrorInfo error, Exception? innerException = null)
        : base(summary, error, innerException)
    {
    }
}

/// <summary>The caller is authenticated but not allowed to do this (HTTP 403, <c>APIG.0302</c>, IAM's <c>IAM.0002</c> and <c>IAM.0003</c>).</summary>
public class PermissionDeniedException : ServiceException
{
    /// <inheritdoc cref="ServiceException(string, ServiceErrorInfo, Exception)"/>
    public PermissionDeniedException(string summary, ServiceErrorInfo error, Exception? innerException = null)
        : base(summary, error, innerException)
    {
    }
}

/// <summary>The API or the object was not found (HTTP 404, <c>APIG.0101</c>, COC's <c>COC.00067003</c> "ticket not found" on HTTP 400).</summary>
public class ResourceNotFoundException : ServiceException
{
    /// <inheritdoc cref="ServiceException(string, ServiceErrorInfo, Exception)"/>
    public ResourceNotFoundException(string summary, ServiceErrorInfo error, Exception? innerException = null)
        : base(summary, error, innerException)
    {
    }
}

/// <summary>The service throttled the caller (HTTP 429, <c>APIG.0308</c>); it did not act on the request.</summary>
public class ThrottledException : ServiceException
{
    /// <summary>Creates the exception with the delay the service asked for.</summary>
    /// <param name="summary">A one-line description of the failure.</param>
    /// <param name="error">What the service said.</param>
    /// <param name="retryAfter">The delay from the <c>Retry-After</c> header, when the service sent one.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public ThrottledException(string summary, ServiceErrorInfo error, TimeSpan? retryAfter, Exception? innerException = null)
        : base(summary, error, innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>The client's own rate limiter gave no permit within the call's budget: nothing was sent.</summary>
    internal ThrottledException(string summary, ServiceErrorInfo error, TimeSpan? retryAfter, bool clientSide)
        : base(summary, error, requestMayHaveReachedServer: !clientSide, innerException: null)
    {
        RetryAfter = retryAfter;
        IsClientSide = clientSide;
    }

    /// <summary>
    /// How long the service asked the caller to wait, from its <c>Retry-After</c> header; for a client-side refusal,
    /// what the rate limiter said. <see langword="null"/> when neither said.
    /// </summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// <see langword="true"/> when the client's own rate limiter (<see cref="Http.ResilienceOptions.RateLimiter"/>) gave
    /// no permit within the call's total timeout, so nothing was sent and <see cref="ServiceException.StatusCode"/> and
    /// <see cref="ServiceException.ErrorCode"/> are <see langword="null"/>; <see langword="false"/> when the service
    /// throttled the call (HTTP 429, <c>APIG.0308</c>).
    /// </summary>
    public bool IsClientSide { get; }
}

/// <summary>The service or the gateway's backend is unavailable (HTTP 5xx, <c>APIG.0202</c>, <c>APIG.0203</c>).</summary>
public class ServiceUnavailableException : ServiceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="summary">A one-line description of the failure.</param>
    /// <param name="error">What the service said.</param>
    /// <param name="retryAfter">The delay from the <c>Retry-After</c> header, when the service sent one.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public ServiceUnavailableException(string summary, ServiceErrorInfo error, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(summary, error, innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the service asked the caller to wait, from its <c>Retry-After</c> header; <see langword="null"/> when it did not say.</summary>
    public TimeSpan? RetryAfter { get; }
}

/// <summary>
/// The response is not what the API documents: an HTML page, an empty or truncated body, JSON of another shape,
/// or a body larger than the configured limit. <see cref="ServiceException.ResponseBodyExcerpt"/> shows what came back.
/// </summary>
public class InvalidResponseException : ServiceException
{
    /// <inheritdoc cref="ServiceException(string, ServiceErrorInfo, Exception)"/>
    public InvalidResponseException(string summary, ServiceErrorInfo error, Exception? innerException = null)
        : base(summary, error, innerException)
    {
    }
}
