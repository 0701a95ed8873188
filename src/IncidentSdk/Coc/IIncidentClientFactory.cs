namespace IncidentSdk.Coc;

/// <summary>Creates the <see cref="IncidentClient"/>s registered with <c>services.AddIncidentClient(name, ...)</c>; works on every target framework and container.</summary>
public interface IIncidentClientFactory
{
    /// <summary>Creates a client of the registration <paramref name="name"/> (the empty string for the default registration).</summary>
    /// <param name="name">The registration's name.</param>
    /// <returns>A client with that registration's options, connection pool, retry policy and circuit.</returns>
    /// <exception cref="System.InvalidOperationException">No registration has that name.</exception>
    IncidentClient CreateClient(string name);
}
