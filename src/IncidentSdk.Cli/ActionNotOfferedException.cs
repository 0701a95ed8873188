using System;

namespace IncidentSdk.Cli;

/// <summary>The ticket did not offer the action (within <c>--wait</c>); nothing was sent.</summary>
internal sealed class ActionNotOfferedException : Exception
{
    public ActionNotOfferedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ActionNotOfferedException(string message)
        : base(message)
    {
    }

    public ActionNotOfferedException()
    {
    }
}
