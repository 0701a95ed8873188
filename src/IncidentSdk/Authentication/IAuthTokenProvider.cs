using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.Authentication;

/// <summary>
/// Supplies the IAM token sent as <c>X-Auth-Token</c>. Implement it to refresh a token before its 24-hour expiry;
/// it is asked once per attempt, so a retry picks up a refreshed token.
/// </summary>
public interface IAuthTokenProvider
{
    /// <summary>Returns the token to send now.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The IAM token (the <c>X-Subject-Token</c> IAM issued).</returns>
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);
}
