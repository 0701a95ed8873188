using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace IncidentSdk.JsonRpc;

// problem.get: open problems with an integration's filters, paged by event id.
public partial class JsonRpcEventClient
{
    /// <summary>
    /// Reads every problem that matches <paramref name="query"/> with <c>problem.get</c>, page after page by ascending
    /// event id (<c>eventid_from</c>, <see cref="ProblemQuery.PageSize"/> per request). A page that is not full is the last.
    /// Each request is a read and is retried on transient failures.
    /// </summary>
    /// <param name="query">The filters and the page size.</param>
    /// <param name="cancellationToken">Cancels the read, including retry delays.</param>
    /// <returns>The problems, by ascending event id; the query is validated and the first page read when enumeration starts.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="RequestValidationException">The query breaks a rule of <c>problem.get</c> or of the server's version; nothing was sent.</exception>
    /// <exception cref="ServiceException">Zabbix refused the call.</exception>
    /// <exception cref="InvalidResponseException">Zabbix answered a problem of the wrong shape (a malformed number, a missing id).</exception>
    /// <exception cref="TransportException">No usable response arrived.</exception>
    public virtual IAsyncEnumerable<ZabbixProblem> GetProblemsAsync(ProblemQuery query, CancellationToken cancellationToken = default)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        GetCore();
        return EnumerateProblemsAsync(query, cancellationToken);
    }

    /// <summary>Reads one page of problems with <c>problem.get</c>, starting at <see cref="ProblemQuery.FromEventId"/>; retried on transient failures.</summary>
    /// <param name="query">The filters, the page size and where the page starts.</param>
    /// <param name="cancellationToken">Cancels the call, including retry delays.</param>
    /// <returns>The page and where the next one starts.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="RequestValidationException">The query breaks a rule of <c>problem.get</c> or of the server's version; nothing was sent.</exception>
    /// <exception cref="ServiceException">Zabbix refused the call.</exception>
    /// <exception cref="InvalidResponseException">Zabbix answered a problem of the wrong shape.</exception>
    /// <exception cref="TransportException">No usable response arrived.</exception>
    public virtual async Task<ProblemPage> GetProblemPageAsync(ProblemQuery query, CancellationToken cancellationToken = default)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        GetCore();
        await ValidateProblemQueryAsync(query, cancellationToken).ConfigureAwait(false);
        return await ReadProblemPageAsync(query, query.FromEventId, cancellationToken).ConfigureAwait(false);
    }

    private async IAsyncEnumerable<ZabbixProblem> EnumerateProblemsAsync(ProblemQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await ValidateProblemQueryAsync(query, cancellationToken).ConfigureAwait(false);
        var from = query.FromEventId;
        while (true)
        {
            var page = await ReadProblemPageAsync(query, from, cancellationToken).ConfigureAwait(false);
            foreach (var problem in page.Problems)
            {
                yield return problem;
            }

            if (page.NextFromEventId is null)
            {
                yield break;
            }

            from = page.NextFromEventId;
        }
    }

    private async Task ValidateProblemQueryAsync(ProblemQuery query, CancellationToken cancellationToken)
    {
        var core = GetCore();
        core.ThrowIfInvalid(ProblemQueryValidator.Validate(query), nameof(ProblemQuery), "problem.get");
        cancellationToken.ThrowIfCancellationRequested();
        var version = await GetServerVersionAsync(cancellationToken).ConfigureAwait(false);
        core.ThrowIfInvalid(ProblemQueryValidator.Validate(query, version), nameof(ProblemQuery), "problem.get");
    }

    private async Task<ProblemPage> ReadProblemPageAsync(ProblemQuery query, string? fromEventId, CancellationToken cancellationToken)
    {
        var call = new JsonRpcCall<ProblemGetParams, List<ProblemBody>>(
            "problem.get", ProblemGetParams.From(query, fromEventId), ZabbixJsonContext.Wire.JsonRpcRequestProblemGetParams, ZabbixJsonContext.Wire.ListProblemBody, Idempotent: true);
        var bodies = await _session!.SendAsync(call, cancellationToken).ConfigureAwait(false);
        var problems = new ZabbixProblem[bodies.Count];
        ulong last = 0;
        for (var i = 0; i < bodies.Count; i++)
        {
            problems[i] = bodies[i].ToModel();
            last = Math.Max(last, bodies[i].EventId);
        }

        var start = fromEventId is null ? 0UL : ulong.Parse(fromEventId, NumberStyles.None, CultureInfo.InvariantCulture);
        if (bodies.Count > 0 && last < start)
        {
            // Paging relies on eventid_from; an answer below it would make the next page repeat this one for ever.
            throw new InvalidResponseException(
                FormattableString.Invariant($"Zabbix answered 'problem.get' with event ids below eventid_from {fromEventId}"),
                new ServiceErrorInfo { Operation = "problem.get" });
        }

        var full = bodies.Count >= query.PageSize && last < ulong.MaxValue;
        return new ProblemPage(problems, full ? (last + 1).ToString(CultureInfo.InvariantCulture) : null);
    }
}
