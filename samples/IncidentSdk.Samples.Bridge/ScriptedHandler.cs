using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.Samples.Bridge;

/// <summary>
/// Sends to a fake service, after a hook that sees each request first (to inject a failure at a given request, or to
/// "crash" the process before one is sent). It never disposes the fake, which outlives the hosts of a scenario.
/// </summary>
internal sealed class ScriptedHandler(HttpMessageHandler fake) : HttpMessageHandler
{
    private readonly HttpMessageInvoker _inner = new(fake, disposeHandler: false);

    /// <summary>Called with each request (its body buffered) before it goes to the fake; may throw to stop it.</summary>
    public Func<HttpRequestMessage, string, CancellationToken, Task>? BeforeSend { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (BeforeSend is { } hook)
        {
            var body = string.Empty;
            if (request.Content is not null)
            {
                await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
                body = await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }

            await hook(request, body, cancellationToken).ConfigureAwait(false);
        }

        return await _inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>A Zabbix JSON-RPC request body, read: the method, the event ids and the message.</summary>
internal sealed record ZabbixCall(string Method, IReadOnlyList<string> EventIds, string? Message, int Action)
{
    public static ZabbixCall Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var method = root.TryGetProperty("method", out var m) ? m.GetString() ?? string.Empty : string.Empty;
        var ids = new List<string>();
        string? message = null;
        var action = 0;
        if (root.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Object)
        {
            if (parameters.TryGetProperty("eventids", out var eventIds))
            {
                if (eventIds.ValueKind == JsonValueKind.Array)
                {
                    foreach (var id in eventIds.EnumerateArray())
                    {
                        ids.Add(id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText());
                    }
                }
                else
                {
                    ids.Add(eventIds.ValueKind == JsonValueKind.String ? eventIds.GetString()! : eventIds.GetRawText());
                }
            }

            if (parameters.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String)
            {
                message = text.GetString();
            }

            if (parameters.TryGetProperty("action", out var bits) && bits.ValueKind == JsonValueKind.Number)
            {
                action = bits.GetInt32();
            }
        }

        return new ZabbixCall(method, ids, message, action);
    }
}
