using System;

namespace IncidentSdk;

/// <summary>
/// The call was not sent: the client's circuit breaker is open after sustained failures of the service
/// (see <see cref="Http.CircuitBreakerOptions"/>). <see cref="RetryAt"/> says when the client will let a call through again.
/// </summary>
public class CircuitOpenException : TransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="retryAfter">How long until the circuit lets a probe call through, when known.</param>
    /// <param name="retryAt">When the circuit lets a probe call through, when known.</param>
    /// <param name="innerException">The underlying exception.</param>
    public CircuitOpenException(string message, TimeSpan? retryAfter, DateTimeOffset? retryAt, Exception? innerException = null)
        : base(message, requestMayHaveReachedServer: false, innerException)
    {
        RetryAfter = retryAfter;
        RetryAt = retryAt;
    }

    /// <summary>How long until the circuit lets a probe call through, when known.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>When the circuit lets a probe call through, when known.</summary>
    public DateTimeOffset? RetryAt { get; }
}
