using System;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace IncidentSdk.DependencyInjection;

/// <summary>
/// Reads typed values from a configuration section without the reflection-based binder, so binding stays
/// trimming and AOT safe. A value that does not parse throws with the full key and the expected form. Values are
/// trimmed, except secrets, which are read verbatim.
/// </summary>
internal readonly struct ConfigurationReader(IConfiguration section)
{
    public string? String(string key)
    {
        var value = section[key];
        return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }

    /// <summary>A password, key or token exactly as configured: surrounding spaces can be part of a password.</summary>
    public string? Secret(string key)
    {
        var value = section[key];
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>An absolute URI; a value that does not parse is not repeated in the message, as it may carry a password.</summary>
    public Uri? AbsoluteUri(string key) => Parse(key, static text => Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null, "an absolute URI such as https://coc.myhuaweicloud.com", showValue: false);

    public TimeSpan? TimeSpan(string key) => Parse<TimeSpan?>(key, static text => System.TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : null, "a time span such as 00:00:30");

    public int? Int32(string key) => Parse<int?>(key, static text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null, "a whole number");

    public double? Double(string key) => Parse<double?>(key, static text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null, "a number such as 0.5");

    public bool? Boolean(string key) => Parse<bool?>(key, static text => bool.TryParse(text, out var value) ? value : null, "true or false");

    private T? Parse<T>(string key, Func<string, T?> parse, string expected, bool showValue = true)
    {
        var text = String(key);
        if (text is null)
        {
            return default;
        }

        var path = section is IConfigurationSection s ? s.Path + ":" + key : key;
        return parse(text) ?? throw new InvalidOperationException(showValue
            ? $"Configuration value '{path}' = '{text}' is not {expected}."
            : $"Configuration value '{path}' is not {expected}; the value is not shown.");
    }
}
