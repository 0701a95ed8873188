using System;
using System.Text.Json.Serialization;

namespace IncidentSdk.Coc;

/// <summary>The parameter of <c>confirm</c>: whether the fix is confirmed, and why.</summary>
public sealed class VerificationParameter : IncidentParameter
{
    /// <summary>The maximum length of <see cref="Comment"/>.</summary>
    public const int MaxCommentLength = 300;

    /// <summary>Creates a verification.</summary>
    /// <param name="confirmed"><see langword="true"/> when the fix is confirmed (<c>virtual_confirm_result</c>).</param>
    /// <param name="comment">The explanation (<c>virtual_confirm_comment</c>), at most 300 characters.</param>
    public VerificationParameter(bool confirmed, string comment)
    {
        Confirmed = confirmed;
        Comment = comment ?? throw new ArgumentNullException(nameof(comment));
    }

    /// <summary><see langword="true"/> when the fix is confirmed (<c>virtual_confirm_result</c>).</summary>
    [JsonPropertyName("virtual_confirm_result")]
    public bool Confirmed { get; }

    /// <summary>The explanation (<c>virtual_confirm_comment</c>), required, at most 300 characters.</summary>
    [JsonPropertyName("virtual_confirm_comment")]
    public string Comment { get; }
}
