using System.Diagnostics;

namespace IncidentSdk.FaultTests.Support;

/// <summary>Runs a call that must fail with exactly one exception type, and times it.</summary>
internal static class Expect
{
    /// <summary>Generous slack on top of a configured time budget: this checks the budget, not performance.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    public static async Task<(T Error, TimeSpan Elapsed)> ThrowsExactlyAsync<T>(Func<Task> call)
        where T : Exception
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await call();
        }
        catch (Exception ex)
        {
            clock.Stop();
            Assert.That(ex.GetType(), Is.EqualTo(typeof(T)), () => "unexpected exception: " + ex);
            return ((T)ex, clock.Elapsed);
        }

        Assert.Fail($"expected {typeof(T).Name}, but the call succeeded after {clock.Elapsed}");
        throw new UnreachableException();
    }

    /// <summary>Runs a call that must fail with <typeparamref name="T"/> or a type derived from it, and returns the exception.</summary>
    public static async Task<T> FailureOfAsync<T>(Func<Task> call)
        where T : Exception
    {
        try
        {
            await call();
        }
        catch (T ex)
        {
            return ex;
        }

        Assert.Fail($"expected {typeof(T).Name}, but the call succeeded");
        throw new UnreachableException();
    }

    /// <summary>The call finished within its configured budget (plus <see cref="Margin"/>).</summary>
    public static void WithinBudget(TimeSpan elapsed, TimeSpan budget) =>
        Assert.That(elapsed, Is.LessThan(budget + Margin), $"the call must end within its budget of {budget}");
}
