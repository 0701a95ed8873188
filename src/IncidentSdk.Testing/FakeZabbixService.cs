using System;
using System.Collections.Generic;
using System.Net.Http;
using IncidentSdk.JsonRpc;
using IncidentSdk.Testing.Internal;

namespace IncidentSdk.Testing;

/// <summary>
/// An in-memory fake of the Zabbix JSON-RPC API (<c>apiinfo.version</c>, <c>user.login</c>, <c>user.logout</c>,
/// <c>user.checkAuthentication</c>, <c>event.acknowledge</c>, <c>event.get</c>, <c>problem.get</c>) as an <see cref="HttpMessageHandler"/>:
/// problem events record acknowledges with the user who made them and enforce the server's rules for the configured
/// version, every answer carries a <c>Date</c> header from the fake's clock, and failures can be injected.
/// </summary>
/// <remarks>
/// <para>Answers are modelled on Zabbix 6.0.14 and 7.0.22 (zabbix-event-acknowledge.md): JSON-RPC errors come with HTTP 200,
/// another Content-Type than <c>application/json-rpc</c>, <c>application/json</c> or <c>application/jsonrequest</c> gets
/// HTTP 412 with an empty body, and error <c>data</c> texts are the servers' own. Versions before 6.4 read credentials
/// from the <c>auth</c> field only and check <c>event.acknowledge</c> the 6.0 way (extra parameters ignored, a too long
/// message is <c>-32500</c>); 6.4 to 7.0 also take <c>Authorization: Bearer</c> (the header wins over the field) and check
/// parameters strictly the 7.0 way; 7.2 and later refuse the <c>auth</c> field.</para>
/// <para>Like a server with its daemon, the fake applies suppression and rank changes at once; like a server without it,
/// a close is only recorded (<see cref="FakeZabbixEvent.IsClosed"/>) and the problem is not resolved.</para>
/// <para>Thread-safe: calls may arrive concurrently; each call sees and changes the state atomically.</para>
/// </remarks>
public sealed partial class FakeZabbixService : HttpMessageHandler
{
    /// <summary>The API URL to give <c>JsonRpcEventClientOptions.Url</c>; any host works, this one never resolves.</summary>
    public static readonly Uri Endpoint = new("https://zabbix.fake.invalid/api_jsonrpc.php");

    private const string AdminId = "1";

    private readonly ZabbixVersion _version;
    private readonly TimeProvider _timeProvider;
    private readonly object _gate = new();
    private readonly TokenSet _tokens = new();
    private readonly Dictionary<string, FakeUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeUser> _sessions = new(StringComparer.Ordinal);
    private readonly SortedDictionary<ulong, EventState> _events = [];
    private readonly RequestLog<FakeZabbixRequest> _requests = new();
    private readonly FakeUser _tokenOwner = new(AdminId, "Admin", string.Empty, "Zabbix", "Administrator");
    private ulong _nextEventId = 1;
    private ulong _nextAcknowledgeId = 1;
    private int _nextUserId = 2;

    /// <summary>Creates the fake.</summary>
    /// <param name="version">The Zabbix version it behaves as (<c>6.0.14</c>, <c>7.0.22</c>, ...).</param>
    /// <param name="timeProvider">The fake's clock, for acknowledge times; the system clock by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="version"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="version"/> is not a version such as <c>6.0.14</c>.</exception>
    public FakeZabbixService(string version = "7.0.22", TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        _version = ZabbixVersion.Parse(version);
        Version = version.Trim();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The version the fake reports.</summary>
    public string Version { get; }

    /// <summary>Hooks that make the next requests fail.</summary>
    public FakeFailures Failures { get; } = new();

    /// <summary>
    /// When <see langword="true"/>, <c>event.acknowledge</c> answers event ids as strings (<c>["20427"]</c>), the shape the
    /// Zabbix manual shows. By default they are JSON numbers (<c>[20427]</c>), as real 6.0.14 and 7.0.22 servers answer.
    /// </summary>
    public bool AnswersEventIdsAsStrings { get; set; }

    /// <summary>
    /// Whether a close that is applied also resolves the problem, as a Zabbix server whose daemon runs the close task
    /// does (a recovery event; <c>problem.get</c> then lists it only with <c>recent</c>). <see langword="true"/> unless
    /// set; <see langword="false"/> records the close only, like a frontend without its daemon (the integration test
    /// servers). <see cref="ResolveProblem"/> resolves a problem either way.
    /// </summary>
    public bool ResolveOnClose { get; set; } = true;

    /// <summary>Every JSON-RPC request received, in order, failed or not (a snapshot).</summary>
    public IReadOnlyList<FakeZabbixRequest> Requests => _requests.Snapshot();

    private bool AtLeast(int major, int minor) => _version.IsAtLeast(major, minor);

    private long Now() => _timeProvider.GetUtcNow().ToUnixTimeSeconds();
}
