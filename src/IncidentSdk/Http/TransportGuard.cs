using System;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.Http;

/// <summary>
/// The last of the SDK's handlers before the transport, in every chain the SDK builds (its own pool, an app's
/// <see cref="HttpClient"/>, and wrapped around the primary handler of its named <c>IHttpClientFactory</c>
/// clients, inside any handler an app adds). It keeps three promises whatever the app composes around the SDK:
/// <list type="bullet">
/// <item>a request reaches the transport only as often as the SDK's retry policy decided, so a retry or hedging
/// handler added between the policy and the transport cannot repeat a ticket action or a Zabbix message
/// (<see cref="DuplicateSendRefusedException"/>);</item>
/// <item>a redirect is never reported as an answer: a 3xx answer, or an answer that came from another URI than the
/// one sent to (an app's <see cref="HttpClient"/> that follows redirects), throws
/// <see cref="UnexpectedRedirectException"/>;</item>
/// <item>the number of requests that reached the transport is counted for the span and the metrics.</item>
/// </list>
/// </summary>
internal sealed class TransportGuard : HttpMessageHandler
{
    private readonly HttpMessageInvoker _transport;

    /// <param name="transport">The transport (a socket handler, an app's client, or IHttpClientFactory's primary handler).</param>
    /// <param name="disposeTransport">Whether disposing the guard disposes <paramref name="transport"/>; not for the process-wide transport.</param>
    public TransportGuard(HttpMessageHandler transport, bool disposeTransport) =>
        _transport = new HttpMessageInvoker(transport ?? throw new ArgumentNullException(nameof(transport)), disposeTransport);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var metadata = RequestMetadata.Get(request);
        if (metadata is not null)
        {
            Admit(metadata);
        }

        var sentTo = request.RequestUri;
        var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        metadata?.RecordStatus(response.StatusCode);
        var status = (int)response.StatusCode;
        var answeredBy = response.RequestMessage?.RequestUri ?? request.RequestUri;
        if (status is >= 300 and < 400)
        {
            var location = response.Headers.Location;
            var target = location is null ? null : location.IsAbsoluteUri ? location : sentTo is null ? null : new Uri(sentTo, location);
            response.Dispose();
            throw Redirect(metadata, status, Origin(target), sentTo, followed: false);
        }

        if (!SameUri(answeredBy, sentTo) || !SameUri(request.RequestUri, sentTo))
        {
            response.Dispose();
            throw Redirect(metadata, status, Origin(answeredBy), sentTo, followed: true);
        }

        return response;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _transport.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Counts the send, or refuses it when the SDK's policy did not decide on it.</summary>
    private static void Admit(RequestMetadata metadata)
    {
        if (metadata.CountSend() <= metadata.Authorized)
        {
            return;
        }

        metadata.UncountSend();
        throw Refused(metadata, "a handler between the SDK's retry policy and the transport (such as a retry or hedging handler added to the client's HttpClient) tried to send it again");
    }

    /// <summary>The exception for a send the SDK's policy did not decide on.</summary>
    internal static DuplicateSendRefusedException Refused(RequestMetadata metadata, string who)
    {
        var previous = metadata.LastStatus;
        var answer = previous == 0 ? "without an answer" : "after HTTP " + previous.ToString(CultureInfo.InvariantCulture);
        var rule = metadata.Idempotent
            ? "the SDK's retry policy already decided how often it may be sent"
            : "it is not safe to repeat, and the SDK's retry policy had not decided to send it again";
        return new DuplicateSendRefusedException(
            FormattableString.Invariant($"The {metadata.Service} call '{metadata.Operation}' was sent {metadata.Sends} time(s) {answer}; then {who}. ")
            + $"The SDK refused, because {rule}. Remove that handler from this client: the SDK's own policy retries what is safe.",
            metadata.Operation,
            previous == 0 ? null : previous);
    }

    private static UnexpectedRedirectException Redirect(RequestMetadata? metadata, int status, string? origin, Uri? sentTo, bool followed)
    {
        var service = metadata?.Service ?? "The service";
        var operation = metadata?.Operation ?? "request";
        var where = origin ?? "an unnamed location";
        var summary = followed
            ? $"The {service} call '{operation}' was answered from {where}, not from the endpoint it was sent to ({Origin(sentTo)}): the HttpClient given to the client follows redirects. "
              + "An answer from elsewhere says nothing about whether the service acted, so it is not reported as a success; turn AllowAutoRedirect off on that HttpClient's handler and check the endpoint."
            : $"{service} answered '{operation}' with a redirect to {where}. The SDK does not follow redirects, which could carry credentials to another origin or repeat the request there; check the endpoint.";
        return new UnexpectedRedirectException(
            summary,
            new ServiceErrorInfo { StatusCode = status, Operation = metadata?.Operation },
            origin,
            followed);
    }

    /// <summary>Scheme, host and port only: never user info, path or query.</summary>
    private static string? Origin(Uri? uri) =>
        uri is { IsAbsoluteUri: true } ? uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) : null;

    private static bool SameUri(Uri? a, Uri? b) => ReferenceEquals(a, b) || (a is not null && b is not null && a.Equals(b));
}
