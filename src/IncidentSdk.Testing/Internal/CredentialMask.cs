using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IncidentSdk.Testing.Internal;

/// <summary>Prints recorded request bodies for people: the credentials a JSON-RPC body can carry are masked.</summary>
internal static class CredentialMask
{
    /// <summary>What a masked value is printed as.</summary>
    public const string Masked = "***";

    /// <summary>
    /// <paramref name="body"/> as compact JSON with the value of every <c>auth</c>, <c>password</c>, <c>token</c> and
    /// <c>sessionid</c> property (at any depth, any case) masked; a body that is not JSON is described, not shown,
    /// since nothing in it can be told apart from a credential.
    /// </summary>
    public static string JsonBody(string body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
            Mask(root);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            // Malformed JSON, or duplicate property names, which JsonObject refuses.
            return $"({Encoding.UTF8.GetByteCount(body)} bytes that are not a JSON document; not shown)";
        }

        return root?.ToJsonString() ?? "null";
    }

    private static void Mask(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToArray())
                {
                    if (IsCredential(name) && obj[name] is not null)
                    {
                        obj[name] = Masked;
                    }
                    else
                    {
                        Mask(obj[name]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Mask(item);
                }

                break;
        }
    }

    private static bool IsCredential(string name) =>
        name.Equals("auth", StringComparison.OrdinalIgnoreCase)
        || name.Equals("password", StringComparison.OrdinalIgnoreCase)
        || name.Equals("token", StringComparison.OrdinalIgnoreCase)
        || name.Equals("sessionid", StringComparison.OrdinalIgnoreCase);
}
