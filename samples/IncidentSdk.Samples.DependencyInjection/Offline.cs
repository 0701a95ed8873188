using System;
using System.Net.Http;
using System.Threading;
using IncidentSdk.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentSdk.Samples.DependencyInjection;

/// <summary>What the sample uses when a service has no credentials configured: in-process fakes and demo values.</summary>
internal static class Offline
{
    /// <summary>The AK/SK pair the COC fake checks signatures against.</summary>
    public static AkSkCredentials CocCredentials { get; } = new("OFFLINEDEMOACCESSKEY", "offline-demo-secret-key");

    /// <summary>A COC ticket number for the fake.</summary>
    public const string IncidentNumber = "IM202403221515060171753781";

    /// <summary>A COC operator id for the fake.</summary>
    public const string Operator = "7da46971b7e24eed90cf777cc2ff8b91";

    /// <summary>
    /// Makes the registered client send through <paramref name="fake"/> instead of the network: only the primary
    /// handler changes, so the SDK's own handlers (resilience, signing, logging) still run. The handler never
    /// expires, so the factory never disposes the shared fake.
    /// </summary>
    public static void Route(IHttpClientBuilder http, HttpMessageHandler fake) =>
        http.ConfigurePrimaryHttpMessageHandler(() => fake).SetHandlerLifetime(Timeout.InfiniteTimeSpan);

    /// <summary>Splits a comma-separated list of ids.</summary>
    public static string[] SplitIds(string? text) =>
        text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
