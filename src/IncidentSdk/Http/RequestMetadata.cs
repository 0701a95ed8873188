using System.Net.Http;

namespace IncidentSdk;

/// <summary>
/// What the SDK's handlers need to know about a request they did not build: the operation's name, whether
/// repeating it is harmless, and the exact body bytes (so signing need not read the content again).
/// </summary>
internal static class RequestMetadata
{
    private const string IdempotentKey = "IncidentSdk.Idempotent";
    private const string OperationKey = "IncidentSdk.Operation";
    private const string BodyKey = "IncidentSdk.Body";

    public static void Set(HttpRequestMessage request, string operation, bool idempotent, byte[]? body)
    {
        SetValue(request, OperationKey, operation);
        SetValue(request, IdempotentKey, idempotent);
        if (body is not null)
        {
            SetValue(request, BodyKey, body);
        }
    }

    /// <summary>Copies the SDK's marks to a copy of the request.</summary>
    public static void CopyTo(HttpRequestMessage source, HttpRequestMessage target)
    {
        var operation = GetOperation(source);
        if (operation is not null)
        {
            Set(target, operation, IsIdempotent(source), GetBody(source));
        }
    }

    /// <summary>Whether repeating the request is harmless. A request the SDK did not mark is not.</summary>
    public static bool IsIdempotent(HttpRequestMessage request) => TryGet<bool>(request, IdempotentKey, out var value) && value;

    public static string? GetOperation(HttpRequestMessage request) => TryGet<string>(request, OperationKey, out var value) ? value : null;

    public static byte[]? GetBody(HttpRequestMessage request) => TryGet<byte[]>(request, BodyKey, out var value) ? value : null;

    private static void SetValue<T>(HttpRequestMessage request, string key, T value)
    {
#if NET8_0_OR_GREATER
        request.Options.Set(new HttpRequestOptionsKey<T>(key), value);
#else
        request.Properties[key] = value;
#endif
    }

    private static bool TryGet<T>(HttpRequestMessage request, string key, out T? value)
    {
#if NET8_0_OR_GREATER
        return request.Options.TryGetValue(new HttpRequestOptionsKey<T>(key), out value);
#else
        if (request.Properties.TryGetValue(key, out var raw) && raw is T typed)
        {
            value = typed;
            return true;
        }

        value = default;
        return false;
#endif
    }
}
