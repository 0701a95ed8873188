using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using IncidentSdk.Authentication;

namespace IncidentSdk.Samples.CocQuickstart;

/// <summary>
/// An in-process stand-in for COC's ticket action API: checks the AK/SK signature the way the gateway does,
/// keeps each ticket's state, and answers with COC's envelope, so the quickstart runs with no network.
/// </summary>
internal sealed class FakeCocHandler(AkSkCredentials credentials) : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, string> _states = new(StringComparer.Ordinal);
    private int _requests;

    public void AddTicket(string incidentNumber) => _states[incidentNumber] = "TRIGGERED";

    public string StateOf(string incidentNumber) => _states.TryGetValue(incidentNumber, out var state) ? state : "UNKNOWN";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var requestId = "fake-" + Interlocked.Increment(ref _requests).ToString(CultureInfo.InvariantCulture);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!await SignatureIsValidAsync(request, body, cancellationToken))
        {
            return Answer(HttpStatusCode.Unauthorized, requestId, """{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail","request_id":"%ID%"}""");
        }

        if (request.Method != HttpMethod.Post || request.RequestUri?.AbsolutePath != "/v1/external/incident/handle")
        {
            return Answer(HttpStatusCode.NotFound, requestId, """{"error_code":"APIG.0101","error_msg":"The API does not exist or has not been published in the environment","request_id":"%ID%"}""");
        }

        var json = JsonNode.Parse(body)!.AsObject();
        var ticket = json["incident_num"]?.GetValue<string>() ?? string.Empty;
        var action = json["operate_key"]?.GetValue<string>() ?? string.Empty;
        var (from, to) = action switch
        {
            "acceptedIncident1" => ("TRIGGERED", "ACKNOWLEDGED"),
            "commitSolution1" => ("ACKNOWLEDGED", "SOLVED"),
            "confirm" => ("SOLVED", "CLOSED"),
            _ => (string.Empty, string.Empty),
        };

        if (to.Length == 0 || !_states.TryUpdate(ticket, to, from))
        {
            return Answer(HttpStatusCode.BadRequest, requestId, $$"""{"error_code":"GOM.00007256","error_msg":"The field[operate_key] value[{{action}}] invalid for ticket state {{StateOf(ticket)}}","provider_code":"049","data":null}""");
        }

        return Answer(HttpStatusCode.OK, requestId, """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null}""");
    }

    private async Task<bool> SignatureIsValidAsync(HttpRequestMessage request, byte[] body, CancellationToken cancellationToken)
    {
        var authorization = request.Headers.NonValidated.TryGetValues("Authorization", out var values) ? values.ToString() : string.Empty;
        var date = request.Headers.NonValidated.TryGetValues("X-Sdk-Date", out var dates) ? dates.ToString() : string.Empty;
        if (!authorization.StartsWith(HuaweiRequestSigner.Algorithm + " Access=" + credentials.AccessKey + ",", StringComparison.Ordinal)
            || !DateTimeOffset.TryParseExact(date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || (DateTimeOffset.UtcNow - signedAt).Duration() > TimeSpan.FromMinutes(15))
        {
            return false;
        }

        using var replay = new HttpRequestMessage(request.Method, request.RequestUri) { Content = new ByteArrayContent(body) };
        var expected = await HuaweiRequestSigner.SignAsync(replay, credentials, signedAt, cancellationToken: cancellationToken);
        return expected.Authorization == authorization;
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, string requestId, string body)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent(body.Replace("%ID%", requestId, StringComparison.Ordinal), Encoding.UTF8, "application/json"),
        };
        response.Headers.Add("X-Request-Id", requestId);
        return response;
    }
}
