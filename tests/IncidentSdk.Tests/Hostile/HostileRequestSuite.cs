using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentSdk.Validation;
using static System.FormattableString;

namespace IncidentSdk.Tests.Hostile;

/// <summary>
/// What the COC and Zabbix hostile-request suites judge alike: a request is either refused by the validator with
/// exactly the rules the spec predicts and nothing sent, or sent once and its body equals the input; a lone surrogate
/// is refused with an SDK exception and never sent replaced. Each suite supplies its clients, its calls and its wire.
/// </summary>
public abstract class HostileRequestSuite
{
    /// <summary>The transport every client of the suite sends through; it records what was sent.</summary>
    private protected HostileTransport Transport { get; private set; } = null!;

    /// <summary>Whether two lists of (path, rule) hold the same pairs, in any order.</summary>
    internal static bool SameMultiset(List<(string Path, string Rule)> actual, List<(string Path, string Rule)> expected) =>
        actual.Count == expected.Count
        && actual.OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Rule, StringComparer.Ordinal)
            .SequenceEqual(expected.OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Rule, StringComparer.Ordinal));

    /// <summary>Runs <paramref name="check"/> on a case and adds <c>"{where}: {failure}"</c> with the input to <paramref name="failures"/> when it fails.</summary>
    private protected static async Task CheckCaseAsync<TCase>(List<string> failures, string where, TCase @case, Func<TCase, Task<string?>> check)
    {
        if (await check(@case) is { } failure)
        {
            failures.Add(where + ": " + failure + "\n  input: " + @case);
        }
    }

    /// <summary>Asserts that no case failed, showing the first five.</summary>
    private protected static void AssertNoFailures(List<string> failures) =>
        Assert.That(failures.Count, Is.Zero, string.Join("\n\n", failures.Take(5)));

    /// <summary>Runs before the deriving suite's own set-up, which builds its clients over <see cref="Transport"/>.</summary>
    [SetUp]
    public void CreateTransport() => Transport = new HostileTransport(Answer);

    /// <summary>Runs after the deriving suite's own tear-down, which disposes its clients.</summary>
    [TearDown]
    public void DisposeTransport() => Transport.Dispose();

    /// <summary>The server's answer to every request that reaches the transport.</summary>
    private protected abstract HttpResponseMessage Answer(HttpRequestMessage request, byte[] body);

    /// <summary>
    /// Judges one case: the validator's errors against the <paramref name="expected"/> ones, then the call's outcome.
    /// An invalid case must send nothing and throw <see cref="RequestValidationException"/> that
    /// <paramref name="checkRefusal"/> accepts; a valid one must send exactly once, and <paramref name="checkSent"/>
    /// judges its result and request. Returns what went wrong, or <see langword="null"/>.
    /// </summary>
    private protected async Task<string?> CheckAsync<TResult>(
        IReadOnlyList<ValidationError> validatorErrors,
        List<(string Path, string Rule)> expected,
        Func<Task<TResult>> call,
        Func<RequestValidationException, string?> checkRefusal,
        Func<TResult, SentRequest, string?> checkSent)
    {
        Transport.Clear();
        var reported = validatorErrors.Select(e => (e.Path, e.Rule)).ToList();
        if (!SameMultiset(reported, expected))
        {
            return $"the validator reported [{string.Join("; ", reported)}], the spec predicts [{string.Join("; ", expected)}]";
        }

        if (validatorErrors.FirstOrDefault(e => string.IsNullOrEmpty(e.Path) || string.IsNullOrEmpty(e.Rule) || string.IsNullOrEmpty(e.Message)) is { } blank)
        {
            return "a validation error lacks a path, rule or message: " + blank;
        }

        var (result, thrown) = await OutcomeAsync(call);
        if (expected.Count > 0)
        {
            if (Transport.Requests.Count != 0)
            {
                return Invariant($"an invalid request was sent {Transport.Requests.Count} time(s)");
            }

            return thrown is RequestValidationException refused
                ? checkRefusal(refused)
                : "an invalid request did not throw RequestValidationException but " + (thrown?.ToString() ?? "nothing");
        }

        if (thrown is not null)
        {
            return "a valid request threw " + thrown;
        }

        return Transport.Requests.Count != 1
            ? Invariant($"a valid request reached the transport {Transport.Requests.Count} times")
            : checkSent(result!, Transport.Requests[0]);
    }

    /// <summary>
    /// Runs a call whose input holds a lone surrogate: it must send nothing and throw an <see cref="IncidentSdkException"/>,
    /// and a <see cref="RequestValidationException"/> must satisfy <paramref name="checkRefusal"/>. <paramref name="describeSent"/>
    /// says how a body that was sent anyway wrote the text. Returns what went wrong, or <see langword="null"/>.
    /// </summary>
    private protected async Task<string?> LoneSurrogateProblemAsync(Func<Task> call, Func<JsonElement, string> describeSent, Func<RequestValidationException, string?> checkRefusal)
    {
        Transport.Clear();
        var (_, thrown) = await OutcomeAsync(async () =>
        {
            await call();
            return true;
        });
        if (Transport.Requests.Count != 0)
        {
            using var document = JsonDocument.Parse(Transport.Requests[0].Body);
            return "it was sent, with " + describeSent(document.RootElement);
        }

        return thrown switch
        {
            not IncidentSdkException => "the call threw " + (thrown?.GetType().FullName ?? "nothing") + ", not an IncidentSdkException",
            RequestValidationException refused => checkRefusal(refused),
            _ => null,
        };
    }

    /// <summary>
    /// Compares a sent body with what the input predicts (<paramref name="expected"/>, built from the parsed body for
    /// values the client chooses), then lets <paramref name="more"/> check the rest. Returns what differs, or <see langword="null"/>.
    /// </summary>
    private protected static string? CheckBody(byte[] body, Func<JsonElement, JsonObject> expected, Func<JsonElement, string?> more)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return "the body is not valid JSON (" + ex.Message + "): " + HostileText.Show(Encoding.UTF8.GetString(body), 600);
        }

        using (document)
        {
            var differences = new List<string>();
            try
            {
                JsonWire.Compare(expected(document.RootElement), document.RootElement, "$", differences);
            }
            catch (InvalidOperationException ex)
            {
                return "a string in the body is not valid UTF-8 or UTF-16: " + ex.Message;
            }

            return differences.Count > 0
                ? "the body differs from the input: " + string.Join("; ", differences.Take(5))
                : more(document.RootElement);
        }
    }

    /// <summary>Runs <paramref name="call"/> once: its result, or the exception it threw (every exception is judged by the caller).</summary>
    internal static async Task<(T? Result, Exception? Thrown)> OutcomeAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return (await call(), null);
        }
#pragma warning disable CA1031 // Any exception is judged by the caller.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (default, ex);
        }
    }
}
