using System;
using System.Text.Json.Nodes;

namespace IncidentSdk.Coc;

/// <summary>
/// A free-form <c>parameter</c> object for actions whose keys COC does not document, or to send keys the typed
/// parameters do not know. The values are sent exactly as given, nested at most <see cref="MaxDepth"/> levels deep.
/// </summary>
/// <example><code>
/// var parameter = new RawIncidentParameter { ["target_user"] = "f1d2...", ["reason"] = "on leave" };
/// </code></example>
public sealed class RawIncidentParameter : IncidentParameter
{
    /// <summary>
    /// How deep objects and arrays may nest, counting the parameter object itself as level 1: 63. The client writes the
    /// request body with System.Text.Json's default <see cref="System.Text.Json.JsonSerializerOptions.MaxDepth"/> of 64
    /// levels, and the parameter object sits one level down in it. A deeper parameter is refused by
    /// <see cref="HandleIncidentRequestValidator"/> (rule <c>max-depth</c>) and never sent.
    /// </summary>
    public const int MaxDepth = 63;

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
