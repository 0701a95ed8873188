namespace IncidentSdk.JsonRpc;

/// <summary>Creates the <see cref="JsonRpcEventClient"/>s registered with <c>services.AddJsonRpcEventClient(name, ...)</c>; works on every target framework and container.</summary>
public interface IJsonRpcEventClientFactory
{
    /// <summary>Creates a client of the registration <paramref name="name"/> (the empty string for the default registration).</summary>
    /// <param name="name">The registration's name.</param>
    /// <returns>A client with that registration's options, connection pool, retry policy, circuit, server version and login session.</returns>
    /// <exception cref="System.InvalidOperationException">No registration has that name.</exception>
    JsonRpcEventClient CreateClient(string name);
}
