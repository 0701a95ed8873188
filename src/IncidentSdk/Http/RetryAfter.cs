using System;
using System.Net.Http;

namespace IncidentSdk.Http;

/// <summary>Reads the <c>Retry-After</c> header in either of its forms.</summary>
internal static class RetryAfter
{
    public static TimeSpan? Get(HttpResponseMessage response, TimeProvider timeProvider)
    {
        var header = response.Headers.RetryAfter;
        if (header is null)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
