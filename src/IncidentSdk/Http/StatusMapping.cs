using System;

namespace IncidentSdk.Http;

/// <summary>The exception type for an HTTP status when the body carries no error code of its own.</summary>
internal static class StatusMapping
{
    public static ServiceException? ByStatus(int status, string summary, ServiceErrorInfo error, TimeSpan? retryAfter) => status switch
    {
        400 or 413 or 414 or 494 => new InvalidParameterException(summary, error),
        401 => new AuthenticationFailedException(summary, error),
        403 => new PermissionDeniedException(summary, error),
        404 => new ResourceNotFoundException(summary, error),
        429 => new ThrottledException(summary, error, retryAfter),
        >= 500 and < 600 => new ServiceUnavailableException(summary, error, retryAfter),
        _ => null,
    };

    /// <summary>Describes a body that is not the expected JSON, for an exception message.</summary>
    public static string DescribeBody(System.Net.Http.HttpResponseMessage response, byte[] body, string expected)
    {
        var mediaType = response.Content?.Headers.ContentType?.MediaType ?? "no content type";
        return body.Length == 0
            ? "with an empty body"
            : FormattableString.Invariant($"with a body that is not {expected} ({mediaType}, {body.Length} bytes); see ResponseBodyExcerpt");
    }
}
