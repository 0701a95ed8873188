using System;
using System.Diagnostics;
using System.Text.Json.Serialization;
using IncidentSdk.Internal;

namespace IncidentSdk.Authentication;

/// <summary>
/// A Huawei Cloud access key pair, with the optional headers that scope it. <see cref="ToString"/> never shows
/// the keys or the token, nor does the debugger; JSON serialization leaves them out.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AkSkCredentials
{
    private readonly string? _projectId;
    private readonly string? _domainId;
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly string? _securityToken;
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private byte[]? _secretKeyBytes;
    private string[]? _signedHeaderNames;
    private string? _signedHeaders;

    /// <summary>Creates credentials from an access key id and its secret.</summary>
    /// <param name="accessKey">The access key id (AK).</param>
    /// <param name="secretKey">The secret access key (SK).</param>
    /// <exception cref="ArgumentException">
    /// A key is null or empty, or holds a character outside printable ASCII or a leading or trailing space; the
    /// message names the key and never shows it.
    /// </exception>
    public AkSkCredentials(string accessKey, string secretKey)
    {
        if (string.IsNullOrEmpty(accessKey))
        {
            throw new ArgumentException("The access key (AccessKey) must not be empty.", nameof(accessKey));
        }

        if (string.IsNullOrEmpty(secretKey))
        {
            throw new ArgumentException("The secret key (SecretKey) must not be empty.", nameof(secretKey));
        }

        AccessKey = HeaderValue.Require(accessKey, nameof(AccessKey), nameof(accessKey))!;
        SecretKey = HeaderValue.Require(secretKey, nameof(SecretKey), nameof(secretKey))!;
    }

    /// <summary>
    /// Reads credentials from <c>HUAWEICLOUD_SDK_AK</c> and <c>HUAWEICLOUD_SDK_SK</c>, with
    /// <c>HUAWEICLOUD_SDK_PROJECT_ID</c>, <c>HUAWEICLOUD_SDK_DOMAIN_ID</c> and <c>HUAWEICLOUD_SDK_SECURITY_TOKEN</c> when
    /// set, as Huawei Cloud's own SDKs do (<see cref="ServiceEnvironment"/>).
    /// </summary>
    /// <param name="variables">Reads a variable; <see cref="Environment.GetEnvironmentVariable(string)"/> unless given.</param>
    /// <returns>The credentials, or <see langword="null"/> when neither key is set.</returns>
    /// <exception cref="InvalidOperationException">Only one of the two keys is set.</exception>
    /// <exception cref="ArgumentException">A value is not usable in a header; the message names the variable's key and never shows it.</exception>
    public static AkSkCredentials? FromEnvironment(Func<string, string?>? variables = null)
    {
        var read = ServiceEnvironment.Reader(variables);
        var accessKey = read(ServiceEnvironment.AccessKey);
        var secretKey = read(ServiceEnvironment.SecretKey);
        if (accessKey is null && secretKey is null)
        {
            return null;
        }

        if (accessKey is null || secretKey is null)
        {
            throw new InvalidOperationException(accessKey is null
                ? $"{ServiceEnvironment.SecretKey} is set but {ServiceEnvironment.AccessKey} is not; set both or neither."
                : $"{ServiceEnvironment.AccessKey} is set but {ServiceEnvironment.SecretKey} is not; set both or neither.");
        }

        return new AkSkCredentials(accessKey, secretKey)
        {
            ProjectId = read(ServiceEnvironment.ProjectId),
            DomainId = read(ServiceEnvironment.DomainId),
            SecurityToken = read(ServiceEnvironment.SecurityToken),
        };
    }

    /// <summary>The access key id (AK). Left out of JSON serialization and hidden from the debugger.</summary>
    [JsonIgnore]
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string AccessKey { get; }

    /// <summary>The secret access key (SK). Used only as the HMAC key; never sent, serialized or shown.</summary>
    [JsonIgnore]
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string SecretKey { get; }

    /// <summary>The project id, sent and signed as <c>X-Project-Id</c> for project-level credentials.</summary>
    /// <exception cref="ArgumentException">The value holds a character outside printable ASCII, or a leading or trailing space.</exception>
    public string? ProjectId
    {
        get => _projectId;
        init => _projectId = HeaderValue.Require(value, nameof(ProjectId), nameof(ProjectId));
    }

    /// <summary>The account (domain) id, sent and signed as <c>X-Domain-Id</c> for account-level credentials.</summary>
    /// <exception cref="ArgumentException">The value holds a character outside printable ASCII, or a leading or trailing space.</exception>
    public string? DomainId
    {
        get => _domainId;
        init => _domainId = HeaderValue.Require(value, nameof(DomainId), nameof(DomainId));
    }

    /// <summary>The security token of temporary credentials, sent and signed as <c>X-Security-Token</c>; never serialized or shown.</summary>
    /// <exception cref="ArgumentException">The value holds a character outside printable ASCII, or a leading or trailing space; the message never shows it.</exception>
    [JsonIgnore]
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string? SecurityToken
    {
        get => _securityToken;
        init => _securityToken = HeaderValue.Require(value, nameof(SecurityToken), nameof(SecurityToken));
    }

    /// <summary>The SK as the HMAC key, encoded once.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    internal byte[] SecretKeyBytes => _secretKeyBytes ??= System.Text.Encoding.UTF8.GetBytes(SecretKey);

    /// <summary>The header names these credentials sign, lower case and sorted: host, x-sdk-date and the credential headers set.</summary>
    internal string[] SignedHeaderNames => _signedHeaderNames ??= BuildSignedHeaderNames();

    /// <summary><see cref="SignedHeaderNames"/> joined with <c>;</c>.</summary>
    internal string SignedHeaders => _signedHeaders ??= string.Join(";", SignedHeaderNames);

    /// <summary>Describes the credentials without revealing the AK, the SK or the token.</summary>
    public override string ToString() =>
        $"AkSkCredentials {{ AccessKey = ***, SecretKey = ***, ProjectId = {ProjectId ?? "(none)"}, DomainId = {DomainId ?? "(none)"}, SecurityToken = {(SecurityToken is null ? "(none)" : "***")} }}";

    private string[] BuildSignedHeaderNames()
    {
        // Already in ordinal order: host < x-domain-id < x-project-id < x-sdk-date < x-security-token.
        var names = new System.Collections.Generic.List<string>(5) { "host" };
        if (DomainId is not null)
        {
            names.Add("x-domain-id");
        }

        if (ProjectId is not null)
        {
            names.Add("x-project-id");
        }

        names.Add("x-sdk-date");
        if (SecurityToken is not null)
        {
            names.Add("x-security-token");
        }

        return names.ToArray();
    }
}
