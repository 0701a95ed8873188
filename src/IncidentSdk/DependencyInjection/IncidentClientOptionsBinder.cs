using System;
using IncidentSdk.Coc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentSdk.DependencyInjection;

/// <summary>
/// Binds <see cref="IncidentClientOptions"/> from a configuration section, with the keys listed on
/// <see cref="IncidentClientServiceCollectionExtensions.AddIncidentClient(IServiceCollection, IConfiguration, Action{IncidentClientOptions})"/>.
/// Binding uses the configuration binding source generator: no reflection, so it is trimming and AOT safe.
/// </summary>
public static class IncidentClientOptionsBinder
{
    /// <summary>Copies the values present in <paramref name="section"/> onto <paramref name="options"/>; absent keys keep their values.</summary>
    /// <param name="section">The configuration section, such as <c>configuration.GetSection("Coc")</c>.</param>
    /// <param name="options">The options to fill.</param>
    /// <exception cref="InvalidOperationException">
    /// A value does not parse, only one of AccessKey and SecretKey is set, or a credential holds a character it
    /// cannot be sent with; the message names the key and never shows a secret.
    /// </exception>
    public static void Bind(IConfiguration section, IncidentClientOptions options) =>
        ClientSection.Read(section, options, static s => s.Get<CocSection>()).ApplyTo(options, section);
}
