using static System.FormattableString;

namespace IncidentSdk.Tests.Hostile;

/// <summary>Runs a seeded property over many generated cases and reports the first failures with their seeds.</summary>
internal static class RandomCases
{
    /// <param name="seed">The master seed; each case gets its own seed from it, printed with any failure.</param>
    /// <param name="cases">How many cases to run.</param>
    /// <param name="generate">Builds a case from its own random source.</param>
    /// <param name="check">Runs a case: <see langword="null"/> when it held, else what went wrong.</param>
    /// <param name="requestsSent">How many requests the last case sent (counted when it held).</param>
    public static async Task RunAsync<TCase>(int seed, int cases, Func<Random, TCase> generate, Func<TCase, Task<string?>> check, Func<int> requestsSent)
        where TCase : notnull
    {
        var master = new Random(seed);
        var failures = new List<string>();
        var sent = 0;
        for (var i = 0; i < cases && failures.Count < 5; i++)
        {
            var caseSeed = master.Next();
            var @case = generate(new Random(caseSeed));
            var failure = await check(@case);
            if (failure is null)
            {
                sent += requestsSent();
            }
            else
            {
                failures.Add(Invariant($"seed {seed}, case {i} (case seed {caseSeed}): {failure}\n  input: {@case}"));
            }
        }

        Assert.That(failures.Count, Is.Zero, string.Join("\n\n", failures));

        // The generator must exercise both outcomes substantially, or the property proves little.
        Assert.That(sent, Is.InRange(cases / 5, cases * 4 / 5), "share of cases that were valid and sent");
    }
}
