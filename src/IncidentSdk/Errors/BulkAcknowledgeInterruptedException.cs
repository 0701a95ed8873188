using System;
using IncidentSdk.JsonRpc;

namespace IncidentSdk;

/// <summary>
/// A bulk acknowledge stopped before it had sent every chunk: the caller's progress callback threw, or the client
/// was disposed during the run. No outcome is lost: <see cref="Result"/> accounts for every item, as the call would
/// have returned it (chunks already running were allowed to finish; chunks not started are
/// <see cref="BulkItemStatus.NotAttempted"/>), and <see cref="Exception.InnerException"/> is what stopped the run.
/// </summary>
public class BulkAcknowledgeInterruptedException : IncidentSdkException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="result">The account of every item.</param>
    /// <param name="innerException">What stopped the run: the progress callback's exception, or an <see cref="ObjectDisposedException"/>.</param>
    public BulkAcknowledgeInterruptedException(string message, BulkAcknowledgeResult result, Exception innerException)
        : base(message, requestMayHaveReachedServer: (result ?? throw new ArgumentNullException(nameof(result))).Calls > 0, innerException)
    {
        Result = result;
    }

    /// <summary>Every input item's outcome, in input order, as far as the run got.</summary>
    public BulkAcknowledgeResult Result { get; }
}
