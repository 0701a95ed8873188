using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.Http;

/// <summary>
/// The innermost handler when a client is built over an app's own <see cref="HttpClient"/>: sends each attempt
/// through that client. Every attempt is a fresh copy of the request, because an <see cref="HttpClient"/> refuses
/// to send the same message twice. The app's client is not disposed.
/// </summary>
internal sealed class HttpClientForwardingHandler : HttpMessageHandler
{
    private readonly HttpClient _client;

    public HttpClientForwardingHandler(HttpClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
        var body = RequestMetadata.GetBody(request);
        if (body is null && request.Content is not null)
        {
#if NET8_0_OR_GREATER
            body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
#else
            body = await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
#endif
        }

        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
            if (RequestMetadata.GetContentType(request) is { } contentType)
            {
                // Set verbatim: on netstandard2.0 reading a header back re-formats it ("application/json; charset=UTF-8").
                copy.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
            else if (request.Content is not null)
            {
                CopyHeaders(request.Content.Headers, copy.Content.Headers);
            }
        }

        CopyHeaders(request.Headers, copy.Headers);

        RequestMetadata.CopyTo(request, copy);
        return await _client.SendAsync(copy, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies header values exactly as they were set, without parsing (which would re-format them).</summary>
    private static void CopyHeaders(HttpHeaders source, HttpHeaders target)
    {
#if NET8_0_OR_GREATER
        foreach (var header in source.NonValidated)
        {
            target.TryAddWithoutValidation(header.Key, header.Value);
        }
#else
        foreach (var header in source)
        {
            target.TryAddWithoutValidation(header.Key, header.Value);
        }
#endif
    }
}
