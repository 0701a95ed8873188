using System.Net;
using System.Net.Http;
using System.Threading;

namespace IncidentSdk;

/// <summary>
/// What the SDK's handlers need to know about a request they did not build: the service and operation names,
/// whether repeating it is harmless, and the exact body bytes (so signing need not read the content again). It
/// also keeps the request's account of sends: how many attempts the SDK's own policy decided on, and how many
/// reached the transport. Stored as one request option.
/// </summary>
internal sealed class RequestMetadata
{
    private const string Key = "IncidentSdk.Request";

    private int _authorized;
    private int _sends;
    private int _entries;
    private int _lastStatus;

    private RequestMetadata(string service, string operation, bool idempotent, byte[]? body, string? contentType)
    {
        Service = service;
        Operation = operation;
        Idempotent = idempotent;
        Body = body;
        ContentType = contentType;
    }

    /// <summary>The service's name for messages: <c>COC</c> or <c>Zabbix</c>.</summary>
    public string Service { get; }

    public string Operation { get; }

    public bool Idempotent { get; }

    public byte[]? Body { get; }

    /// <summary>The Content-Type exactly as the SDK set it (copies must not re-format it).</summary>
    public string? ContentType { get; }

    /// <summary>Attempts the SDK's retry policy decided on.</summary>
    public int Authorized => Volatile.Read(ref _authorized);

    /// <summary>Requests handed to the transport.</summary>
    public int Sends => Volatile.Read(ref _sends);

    /// <summary>The status of the last answer the transport returned, 0 when none.</summary>
    public int LastStatus => Volatile.Read(ref _lastStatus);

    public static void Set(HttpRequestMessage request, string service, string operation, bool idempotent, byte[]? body, string? contentType = null)
    {
        var metadata = new RequestMetadata(service, operation, idempotent, body, contentType);
#if NET8_0_OR_GREATER
        request.Options.Set(new HttpRequestOptionsKey<RequestMetadata>(Key), metadata);
#else
        request.Properties[Key] = metadata;
#endif
    }

    /// <summary>Copies the SDK's marks (not the counts) to a copy of the request.</summary>
    public static void CopyTo(HttpRequestMessage source, HttpRequestMessage target)
    {
        if (Get(source) is { } metadata)
        {
            Set(target, metadata.Service, metadata.Operation, metadata.Idempotent, metadata.Body, metadata.ContentType);
        }
    }

    /// <summary>Counts one entry of the request into the SDK's retry policy; returns how many there were before.</summary>
    public int Enter() => Interlocked.Increment(ref _entries) - 1;

    /// <summary>Counts one attempt the SDK's policy decided on; returns the new count.</summary>
    public int Authorize() => Interlocked.Increment(ref _authorized);

    /// <summary>Counts one request handed to the transport; returns the new count.</summary>
    public int CountSend() => Interlocked.Increment(ref _sends);

    /// <summary>Takes back a send the guard refused.</summary>
    public void UncountSend() => Interlocked.Decrement(ref _sends);

    /// <summary>Records the status of an answer the transport returned.</summary>
    public void RecordStatus(HttpStatusCode status) => Volatile.Write(ref _lastStatus, (int)status);

    /// <summary>How many requests reached the transport (0 when the request carries no SDK metadata).</summary>
    public static int GetAttempts(HttpRequestMessage request) => Get(request)?.Sends ?? 0;

    /// <summary>Whether repeating the request is harmless. A request the SDK did not mark is not.</summary>
    public static bool IsIdempotent(HttpRequestMessage request) => Get(request)?.Idempotent ?? false;

    public static string? GetOperation(HttpRequestMessage request) => Get(request)?.Operation;

    public static byte[]? GetBody(HttpRequestMessage request) => Get(request)?.Body;

    public static string? GetContentType(HttpRequestMessage request) => Get(request)?.ContentType;

    public static RequestMetadata? Get(HttpRequestMessage request)
    {
#if NET8_0_OR_GREATER
        return request.Options.TryGetValue(new HttpRequestOptionsKey<RequestMetadata>(Key), out var metadata) ? metadata : null;
#else
        return request.Properties.TryGetValue(Key, out var value) ? value as RequestMetadata : null;
#endif
    }
}
