using System;
using System.Text.Json.Nodes;

namespace IncidentSdk.Coc;

/// <summary>
/// A free-form <c>parameter</c> object for actions whose keys COC does not document, or to send keys the typed
/// parameters do not know. The values are sent exactly as given.
/// </summary>
/// <example><code>
/// var parameter = new RawIncidentParameter { ["target_user"] = "f1d2...", ["reason"] = "on leave" };
/// </code></example>
public sealed class RawIncidentParameter : IncidentParameter
{
    /// <summary>Creates an empty parameter object (<c>{}</c>).</summary>
    public RawIncidentParameter()
        : this(new JsonObject())
    {
    }

    /// <summary>Creates a parameter object from existing JSON.</summary>
    /// <param name="values">The keys and values to send.</param>
    public RawIncidentParameter(JsonObject values)
    {
        Values = values ?? throw new ArgumentNullException(nameof(values));
    }

    /// <summary>The keys and values sent as <c>parameter</c>.</summary>
    public JsonObject Values { get; }

    /// <summary>Gets or sets one key.</summary>
    /// <param name="key">The JSON key.</param>
    public JsonNode? this[string key]
    {
        get => Values[key];
        set => Values[key] = value;
    }
}
