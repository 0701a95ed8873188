using System.Collections.Generic;

namespace IncidentSdk.Testing.Internal;

/// <summary>The requests a fake received, in the order it recorded them. Thread-safe.</summary>
/// <typeparam name="T">The fake's record of one request.</typeparam>
internal sealed class RequestLog<T>
{
    private readonly object _gate = new();
    private readonly List<T> _requests = [];

    /// <summary>Records one request.</summary>
    public void Add(T request)
    {
        lock (_gate)
        {
            _requests.Add(request);
        }
    }

    /// <summary>Records several requests in a row, none of another caller's between them.</summary>
    public void AddRange(IEnumerable<T> requests)
    {
        lock (_gate)
        {
            _requests.AddRange(requests);
        }
    }

    /// <summary>A copy of every request recorded so far.</summary>
    public T[] Snapshot()
    {
        lock (_gate)
        {
            return _requests.ToArray();
        }
    }
}
