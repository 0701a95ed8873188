using System.Net.Http;

namespace IncidentSdk;

/// <summary>
/// What the SDK's handlers need to know about a request they did not build: the operation's name, whether
/// repeating it is harmless, and the exact body bytes (so signing need not read the content again).
/// Stored as one request option.
/// </summary>
internal sealed class RequestMetadata
{
    private const string Key = "IncidentSdk.Request";

    private RequestMetadata(string operation, bool idempotent, byte[]? body, string? contentType)
    {
        Operation = operation;
        Idempotent = idempotent;
        Body = body;
        ContentType = contentType;
    }

    public string Operation { get; }

    public bool Idempotent { get; }

    public byte[]? Body { get; }

    /// <summary>How many attempts the resilience handler made (1 when the first one settled the call).</summary>
    public int Attempts => _attempts;

    private int _attempts;

    /// <summary>Counts one more attempt; called by the resilience handler before each send.</summary>
    public static void CountAttempt(HttpRequestMessage request)
    {
        if (Get(request) is { } metadata)
        {
            System.Threading.Interlocked.Increment(ref metadata._attempts);
        }
    }

    /// <summary>How many attempts were made for the request (0 when it carries no SDK metadata).</summary>
    public static int GetAttempts(HttpRequestMessage request) => Get(request)?.Attempts ?? 0;

    /// <summary>The Content-Type exactly as the SDK set it (copies must not re-format it).</summary>
    public string? ContentType { get; }

    public static void Set(HttpRequestMessage request, string operation, bool idempotent, byte[]? body, string? contentType = null)
    {
        var metadata = new RequestMetadata(operation, idempotent, body, contentType);
#if NET8_0_OR_GREATER
        request.Options.Set(new HttpRequestOptionsKey<RequestMetadata>(Key), metadata);
#else
        request.Properties[Key] = metadata;
#endif
    }

    /// <summary>Copies the SDK's marks to a copy of the request.</summary>
    public static void CopyTo(HttpRequestMessage source, HttpRequestMessage target)
    {
        if (Get(source) is { } metadata)
        {
            Set(target, metadata.Operation, metadata.Idempotent, metadata.Body, metadata.ContentType);
        }
    }

    /// <summary>Whether repeating the request is harmless. A request the SDK did not mark is not.</summary>
    public static bool IsIdempotent(HttpRequestMessage request) => Get(request)?.Idempotent ?? false;

    public static string? GetOperation(HttpRequestMessage request) => Get(request)?.Operation;

    public static byte[]? GetBody(HttpRequestMessage request) => Get(request)?.Body;

    public static string? GetContentType(HttpRequestMessage request) => Get(request)?.ContentType;

    private static RequestMetadata? Get(HttpRequestMessage request)
    {
#if NET8_0_OR_GREATER
        return request.Options.TryGetValue(new HttpRequestOptionsKey<RequestMetadata>(Key), out var metadata) ? metadata : null;
#else
        return request.Properties.TryGetValue(Key, out var value) ? value as RequestMetadata : null;
#endif
    }
}
