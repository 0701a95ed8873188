using System;
using System.Linq;
using System.Net.Http;
using System.Text;

namespace IncidentSdk.Http;

/// <summary>Builds a <see cref="ServiceErrorInfo"/> from a response: status, request id, operation and a bounded body excerpt.</summary>
internal static class ErrorInfoFactory
{
    /// <summary>The most characters of a body kept on an exception.</summary>
    public const int MaxExcerptLength = 1024;

    public const string RequestIdHeader = "X-Request-Id";

    public static ServiceErrorInfo FromResponse(HttpResponseMessage response, byte[]? body, string? errorCode, string? errorMessage, string? providerCode, string? bodyRequestId) => new()
    {
        StatusCode = (int)response.StatusCode,
        ErrorCode = errorCode,
        ErrorMessage = errorMessage,
        ProviderCode = providerCode,
        RequestId = HeaderRequestId(response) ?? bodyRequestId,
        Operation = response.RequestMessage is null ? null : RequestMetadata.GetOperation(response.RequestMessage),
        ResponseBodyExcerpt = body is null ? null : Excerpt(body),
    };

    public static string? HeaderRequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues(RequestIdHeader, out var values) ? values.FirstOrDefault() : null;

    /// <summary>The start of the body as text (invalid UTF-8 replaced), at most <see cref="MaxExcerptLength"/> characters.</summary>
    public static string Excerpt(byte[] body)
    {
        if (body.Length == 0)
        {
            return string.Empty;
        }

        var take = Math.Min(body.Length, MaxExcerptLength * 4);
        var text = Encoding.UTF8.GetString(body, 0, take);
        if (text.Length > MaxExcerptLength)
        {
            return text.Substring(0, MaxExcerptLength) + "…";
        }

        return take < body.Length ? text + "…" : text;
    }
}
