using System;
using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.JsonRpc;

// Checking an acknowledge request against every rule, the server version's included, before anything is sent.
public partial class JsonRpcEventClient
{
    /// <summary>
    /// Validates against every rule, the server version's included, and throws one exception listing them all.
    /// </summary>
    /// <remarks>
    /// A request that is invalid whatever the version is never sent, but its errors do not stop the version check: when
    /// it uses a bit some versions lack, the version is learned (one unauthenticated <c>apiinfo.version</c>, or the
    /// cached or configured one) so that, say, a suppress without an end on 6.0 reports both the missing end and the
    /// version at once. If the version cannot be learned then, or the caller cancels, the caller still gets the
    /// validation errors (the failure is the inner exception), never a transport error for a request that could not
    /// have been sent anyway. A request valid without the version fetches it as before, and a failure then surfaces as is.
    /// </remarks>
    private async Task ValidateAsync(AcknowledgeEventRequest request, CancellationToken cancellationToken)
    {
        var withoutVersion = AcknowledgeEventRequestValidator.Validate(request);
        if (!withoutVersion.IsValid)
        {
            if (!AcknowledgeEventRequestValidator.DependsOnVersion(request) || cancellationToken.IsCancellationRequested)
            {
                withoutVersion.ThrowIfInvalid(nameof(AcknowledgeEventRequest));
            }

            ZabbixVersion known;
            try
            {
                known = await GetServerVersionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception failure) when (failure is IncidentSdkException or OperationCanceledException)
            {
                throw new RequestValidationException(
                    nameof(AcknowledgeEventRequest),
                    withoutVersion.Errors,
                    "The server version could not be learned, so the rules that depend on it were not checked: " + failure.Message,
                    failure);
            }

            // The version-aware pass repeats every version-independent error, so it is never valid here.
            throw new RequestValidationException(nameof(AcknowledgeEventRequest), AcknowledgeEventRequestValidator.Validate(request, known).Errors);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var version = await GetServerVersionAsync(cancellationToken).ConfigureAwait(false);
        AcknowledgeEventRequestValidator.Validate(request, version).ThrowIfInvalid(nameof(AcknowledgeEventRequest));
    }
}
