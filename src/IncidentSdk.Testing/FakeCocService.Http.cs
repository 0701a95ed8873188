using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.Testing;

// The HTTP entry: failure injection, the path, authentication, the Content-Type and the JSON body.
public sealed partial class FakeCocService
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var text = Encoding.UTF8.GetString(body);
        var (incidentNumber, operateKey) = PeekIdentity(body);
        var injected = Failures.Take();
        switch (injected?.Kind)
        {
            case FakeFailures.InjectedKind.Throw:
                Record(new FakeCocRequest(incidentNumber, operateKey, text, 0, null));
                throw injected.Exception!;
            case FakeFailures.InjectedKind.Respond:
                var response = injected.Response!();
                var injectedBody = response.Content is null ? [] : await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                Record(new FakeCocRequest(incidentNumber, operateKey, text, (int)response.StatusCode, PeekErrorCode(injectedBody)));
                return response;
            case FakeFailures.InjectedKind.Delay:
                await FakeFailures.WaitAsync(injected.Delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                break;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var requestId = Guid.NewGuid().ToString("N");
        var answer = Handle(request, body);
        var lost = injected?.Kind == FakeFailures.InjectedKind.Lose;
        Record(new FakeCocRequest(incidentNumber, operateKey, text, (int)answer.Status, answer.ErrorCode) { ResponseLost = lost, RequestId = requestId });
        if (lost)
        {
            throw FakeFailures.LostResponse();
        }

        return BuildResponse(answer, requestId);
    }

    private Answer Handle(HttpRequestMessage request, byte[] body)
    {
        if (request.Method != HttpMethod.Post || request.RequestUri is null || request.RequestUri.AbsolutePath != HandlePath)
        {
            return Gateway(HttpStatusCode.NotFound, "APIG.0101", "The API does not exist or has not been published in the environment");
        }

        if (Authenticate(request, body) is { } refused)
        {
            return refused;
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

            return HandleAction(document.RootElement);
        }
    }

    private void Record(FakeCocRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
        }
    }

    private static (string? IncidentNumber, string? OperateKey) PeekIdentity(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind != JsonValueKind.Object
                ? (null, null)
                : (StringProperty(root, "incident_num"), StringProperty(root, "operate_key"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? PeekErrorCode(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? StringProperty(document.RootElement, "error_code") : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringProperty(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
