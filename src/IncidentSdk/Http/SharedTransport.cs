using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.Http;

/// <summary>
/// The one connection pool of the process, used by every client built from options without an app's
/// <see cref="HttpClient"/> (as Azure.Core shares one transport), so a client created and disposed per call
/// neither opens a connection per call nor leaves sockets behind. It never follows redirects, keeps no cookies
/// (clients of other accounts share it), and renews connections after <see cref="ConnectionLifetime"/> so a DNS
/// change of an endpoint is seen. It is never disposed.
/// </summary>
internal static class SharedTransport
{
    /// <summary>How long a pooled connection is used before a new one (with a fresh DNS look-up) replaces it.</summary>
    public static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(5);

    private static readonly Lazy<HttpMessageHandler> Shared = new(() => Create(ConnectionLifetime, TimeProvider.System), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The process-wide transport.</summary>
    public static HttpMessageHandler Instance => Shared.Value;

    /// <summary>A transport that follows no redirects and keeps no cookies, with connections renewed after <paramref name="lifetime"/>.</summary>
    public static HttpMessageHandler Create(TimeSpan lifetime, TimeProvider timeProvider)
    {
#if NET8_0_OR_GREATER
        _ = timeProvider;
        return CreateHandler(lifetime);
#else
        return new RotatingHandler(lifetime, timeProvider);
#endif
    }

#if NET8_0_OR_GREATER
    /// <summary>A socket handler that follows no redirects and keeps no cookies.</summary>
    public static SocketsHttpHandler CreateHandler(TimeSpan lifetime) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = lifetime,
    };
#else
    /// <summary>A handler that follows no redirects and keeps no cookies.</summary>
    public static HttpClientHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
    };

    /// <summary>
    /// netstandard2.0 has no pooled-connection lifetime, so the pool itself is renewed: after the lifetime a new
    /// handler takes new requests, and the old one is disposed once its last request has ended.
    /// </summary>
    internal sealed class RotatingHandler(TimeSpan lifetime, TimeProvider timeProvider) : HttpMessageHandler
    {
        private readonly object _gate = new();
        private Generation _current = new(CreateHandler(), timeProvider.GetTimestamp());

        /// <summary>How many handlers were created so far (for tests).</summary>
        public int Generations { get; private set; } = 1;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var generation = Enter();
            try
            {
                return await generation.Invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                generation.Leave();
            }
        }

        private Generation Enter()
        {
            while (true)
            {
                var generation = Volatile.Read(ref _current);
                if (timeProvider.GetElapsedTime(generation.Created) >= lifetime)
                {
                    lock (_gate)
                    {
                        if (ReferenceEquals(_current, generation))
                        {
                            _current = new Generation(CreateHandler(), timeProvider.GetTimestamp());
                            Generations++;
                            generation.Retire();
                        }
                    }

                    continue;
                }

                if (generation.TryEnter())
                {
                    return generation;
                }
            }
        }
    }

    /// <summary>One handler and the requests in flight on it; -1 in flight means disposed.</summary>
    internal sealed class Generation(HttpClientHandler handler, long created)
    {
        private int _inFlight;
        private int _retired;

        public HttpMessageInvoker Invoker { get; } = new(handler, disposeHandler: true);

        public long Created { get; } = created;

        public bool TryEnter()
        {
            while (true)
            {
                var count = Volatile.Read(ref _inFlight);
                if (count < 0)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref _inFlight, count + 1, count) == count)
                {
                    return true;
                }
            }
        }

        public void Leave()
        {
            if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _retired) == 1)
            {
                TryDispose();
            }
        }

        public void Retire()
        {
            Volatile.Write(ref _retired, 1);
            TryDispose();
        }

        private void TryDispose()
        {
            if (Interlocked.CompareExchange(ref _inFlight, -1, 0) == 0)
            {
                Invoker.Dispose();
            }
        }
    }
#endif
}
