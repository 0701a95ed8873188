using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Testing.Internal;

namespace IncidentSdk.Testing;

// The HTTP entry: failure injection, the path, authentication, the Content-Type and the JSON body.
public sealed partial class FakeCocService
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await Bodies.ReadAsync(request.Content, cancellationToken).ConfigureAwait(false);
        var text = Encoding.UTF8.GetString(body);
        var route = RouteOf(request);
        var (incidentNumber, operateKey) = route switch
        {
            Route.Detail => (DetailNumber(request.RequestUri!), null),
            Route.Tasks or Route.Histories => (TicketPathNumber(request.RequestUri!), null),
            Route.Actions => (TicketPathNumber(request.RequestUri!), Bodies.Peek(body, root => Bodies.StringProperty(root, "action"), null)),
            _ => PeekIdentity(body),
        };
        var method = request.Method.Method;
        var path = request.RequestUri?.AbsolutePath;
        var (injected, loseResponse) = await Failures.ApplyNextAsync(
            _timeProvider,
            (status, answered) => _requests.Add(new FakeCocRequest(incidentNumber, operateKey, text, status, PeekErrorCode(answered)) { Method = method, Path = path }),
            cancellationToken).ConfigureAwait(false);
        if (injected is not null)
        {
            return injected;
        }

        var requestId = Guid.NewGuid().ToString("N");
        var answer = Handle(request, body, route);
        _requests.Add(new FakeCocRequest(incidentNumber, operateKey, text, (int)answer.Status, answer.ErrorCode) { ResponseLost = loseResponse, RequestId = requestId, Method = method, Path = path });
        if (loseResponse)
        {
            throw FakeFailures.LostResponse();
        }

        return BuildResponse(answer, requestId);
    }

    private enum Route
    {
        None,
        Handle,
        Detail,
        List,
        Create,
        Tasks,
        Actions,
        Histories,
    }

    /// <summary>Which API a request is for: the method and the path decide, as at the gateway.</summary>
    private static Route RouteOf(HttpRequestMessage request)
    {
        var path = request.RequestUri?.AbsolutePath;
        if (path is null)
        {
            return Route.None;
        }

        if (TicketPathSuffix(path) is { } suffix)
        {
            // The v2 per-ticket APIs: /v2/incidents/{incident_id}/tasks (GET), /actions and /histories (POST).
            return (suffix, request.Method.Method) switch
            {
                ("tasks", "GET") => Route.Tasks,
                ("actions", "POST") => Route.Actions,
                ("histories", "POST") => Route.Histories,
                _ => Route.None,
            };
        }

        if (request.Method == HttpMethod.Post)
        {
            return path switch
            {
                HandlePath => Route.Handle,
                ListPath => Route.List,
                CreatePath => Route.Create,
                _ => Route.None,
            };
        }

        return request.Method == HttpMethod.Get && path.StartsWith(DetailPathPrefix, StringComparison.Ordinal)
            && path.Length > DetailPathPrefix.Length && path.IndexOf('/', DetailPathPrefix.Length) < 0
                ? Route.Detail
                : Route.None;
    }

    private static string DetailNumber(Uri uri) => Uri.UnescapeDataString(uri.AbsolutePath.Substring(DetailPathPrefix.Length));

    /// <summary>The last segment of <c>/v2/incidents/{incident_id}/{suffix}</c>, or <see langword="null"/> for any other path.</summary>
    private static string? TicketPathSuffix(string path)
    {
        if (!path.StartsWith(TicketPathPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var slash = path.IndexOf('/', TicketPathPrefix.Length);
        return slash > TicketPathPrefix.Length && path.IndexOf('/', slash + 1) < 0 ? path.Substring(slash + 1) : null;
    }

    private static string TicketPathNumber(Uri uri)
    {
        var path = uri.AbsolutePath;
        var slash = path.IndexOf('/', TicketPathPrefix.Length);
        return Uri.UnescapeDataString(path.Substring(TicketPathPrefix.Length, slash - TicketPathPrefix.Length));
    }

    private Answer Handle(HttpRequestMessage request, byte[] body, Route route)
    {
        if (route == Route.None)
        {
            return Gateway(HttpStatusCode.NotFound, "APIG.0101", "The API does not exist or has not been published in the environment");
        }

        if (Authenticate(request, body) is { } refused)
        {
            return refused;
        }

        if (route == Route.Detail)
        {
            return ReadTicket(DetailNumber(request.RequestUri!));
        }

        if (route == Route.Tasks)
        {
            return ReadTasks(TicketPathNumber(request.RequestUri!));
        }

        if (route == Route.List && body.Length == 0)
        {
            // The list's body is optional (§3): no body lists with the defaults.
            return ListTickets(null);
        }

        if (route == Route.Histories && body.Length == 0)
        {
            // The histories' body is optional too (§4b).
            return ListHistory(TicketPathNumber(request.RequestUri!), null);
        }

        var contentType = request.Content?.Headers.ContentType?.MediaType;
        if (!string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Invalid($"The Content-Type [{contentType}] is not supported; use application/json");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return Invalid("The request body is not valid JSON");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Invalid("The request body must be a JSON object");
            }

            return route switch
            {
                Route.List => ListTickets(document.RootElement),
                Route.Create => CreateTicket(document.RootElement),
                Route.Actions => HandleTaskAction(TicketPathNumber(request.RequestUri!), document.RootElement),
                Route.Histories => ListHistory(TicketPathNumber(request.RequestUri!), document.RootElement),
                _ => HandleAction(document.RootElement),
            };
        }
    }

    private static (string? IncidentNumber, string? OperateKey) PeekIdentity(byte[] body) =>
        Bodies.Peek<(string?, string?)>(body, root => (Bodies.StringProperty(root, "incident_num"), Bodies.StringProperty(root, "operate_key")), (null, null));

    private static string? PeekErrorCode(byte[] body) => Bodies.Peek(body, root => Bodies.StringProperty(root, "error_code"), null);
}
