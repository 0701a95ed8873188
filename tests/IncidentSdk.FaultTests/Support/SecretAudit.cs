using System.Collections;
using IncidentSdk.FaultTests.Coc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NUnit.Framework.Interfaces;

[assembly: IncidentSdk.FaultTests.Support.NoSecretsLeak]

namespace IncidentSdk.FaultTests.Support;

/// <summary>
/// Watches the whole fault suite for secrets: every client logs at Trace into one capturing logger, and every
/// exception thrown anywhere in the process is inspected (message, <c>ToString()</c>, <c>Data</c>, inner ones).
/// After each test, any AK, SK, security token, API token, password or session id found fails it.
/// </summary>
internal static class SecretAudit
{
    private static readonly ConcurrentDictionary<string, string> Secrets = new(StringComparer.Ordinal);
    private static readonly ConcurrentQueue<string> Leaks = new();
    private static readonly object Gate = new();
    private static int _checkedRecords;

    [ThreadStatic]
    private static bool _inspecting;

    static SecretAudit()
    {
        Add("COC access key", CocFaultTests.Credentials.AccessKey);
        Add("COC secret key", CocFaultTests.SecretKey);
        Add("COC security token", CocFaultTests.Credentials.SecurityToken!);
        Add("Zabbix API token", FakeZabbix.ApiToken);
        Add("Zabbix password", FakeZabbix.Password);
        AppDomain.CurrentDomain.FirstChanceException += (_, e) => InspectException(e.Exception);
    }

    public static FakeLoggerProvider Provider { get; } = new();

    /// <summary>The logger factory every client of the suite logs into, at Trace.</summary>
    public static ILoggerFactory Factory { get; } = LoggerFactory.Create(b => b.AddProvider(Provider).SetMinimumLevel(LogLevel.Trace));

    /// <summary>Registers a secret to look for (sessions are created while the suite runs).</summary>
    public static void Add(string kind, string secret) => Secrets[secret] = kind;

    /// <summary>What leaked since the last call: log records are scanned here, exceptions as they are thrown.</summary>
    public static List<string> TakeLeaks()
    {
        lock (Gate)
        {
            var records = Provider.Collector.GetSnapshot();
            for (var i = _checkedRecords; i < records.Count; i++)
            {
                var record = records[i];
                var text = new StringBuilder(record.Message).Append(' ').Append(record.Exception);
                foreach (var pair in record.StructuredState ?? [])
                {
                    text.Append(' ').Append(pair.Key).Append('=').Append(pair.Value);
                }

                Find($"a {record.Level} log line of {record.Category}", text.ToString());
            }

            _checkedRecords = records.Count;
        }

        var leaks = new List<string>();
        while (Leaks.TryDequeue(out var leak))
        {
            leaks.Add(leak);
        }

        return leaks;
    }

    private static void InspectException(Exception exception)
    {
        if (_inspecting)
        {
            return;
        }

        _inspecting = true;
        try
        {
            var text = new StringBuilder();
            for (var current = exception; current is not null; current = current.InnerException)
            {
                text.Append(current.Message).Append(' ');
                foreach (DictionaryEntry entry in current.Data)
                {
                    text.Append(entry.Key).Append('=').Append(entry.Value).Append(' ');
                }
            }

            text.Append(exception);
            Find($"a thrown {exception.GetType().Name}", text.ToString());
        }
#pragma warning disable CA1031 // The audit must never change what the code under test sees.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            _inspecting = false;
        }
    }

    private static void Find(string where, string text)
    {
        foreach (var (secret, kind) in Secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                // Name the kind of secret, never the secret itself.
                Leaks.Enqueue($"{kind} in {where}");
            }
        }
    }
}

/// <summary>Fails a test when a secret leaked into a log line or an exception while it ran.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class NoSecretsLeakAttribute : Attribute, ITestAction
{
    /// <inheritdoc />
    public ActionTargets Targets => ActionTargets.Test;

    /// <inheritdoc />
    public void BeforeTest(ITest test) => _ = SecretAudit.Factory;

    /// <inheritdoc />
    public void AfterTest(ITest test)
    {
        var leaks = SecretAudit.TakeLeaks();
        if (leaks.Count > 0)
        {
            Assert.Fail("Secrets leaked: " + string.Join("; ", leaks.Distinct()));
        }
    }
}
