using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace IncidentSdk.IntegrationTests;

/// <summary>
/// The real Zabbix API that tests/zabbix/start-zabbix.sh started, read from the settings file it wrote.
/// A missing server marks the tests as not run, unless <see cref="RequireVariable"/> is <c>1</c> (CI sets it): then
/// they fail.
/// </summary>
internal sealed class ZabbixServer
{
    public const string RequireVariable = "INCIDENTSDK_REQUIRE_ZABBIX";

    private readonly string _repository;
    private readonly Dictionary<string, string> _settings;

    private ZabbixServer(string repository, string envFile)
    {
        _repository = repository;
        _settings = File.ReadAllLines(envFile)
            .Where(line => line.Contains('=', StringComparison.Ordinal))
            .ToDictionary(line => line[..line.IndexOf('=', StringComparison.Ordinal)], line => line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..]);
    }

    public Uri Url => new(_settings["ZABBIX_URL"]);

    public string Version => _settings["ZABBIX_VERSION"];

    public string Token => _settings["ZABBIX_TOKEN"];

    public string User => _settings["ZABBIX_USER"];

    public string Password => _settings["ZABBIX_PASSWORD"];

    public string ClosableTrigger => _settings["ZABBIX_CLOSABLE_TRIGGER"];

    public string UnclosableTrigger => _settings["ZABBIX_UNCLOSABLE_TRIGGER"];

    public static ZabbixServer Load(string name)
    {
        var repository = FindRepository();
        var envFile = Environment.GetEnvironmentVariable("ZABBIX_ENV_FILE") ?? Path.Combine(repository, "tests", "zabbix", ".state", name + ".env");
        if (!File.Exists(envFile))
        {
            var message = $"No Zabbix test server ({envFile} is missing): start both with `sudo bash tests/zabbix/start-zabbix.sh all`.";
            if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            {
                Assert.Fail(message + " " + RequireVariable + "=1 makes a missing server a failure.");
            }

            // A fresh machine has no server: the tests are reported as not run rather than failed.
            Assert.Ignore(message + " Set " + RequireVariable + "=1 to fail instead.");
        }

        return new ZabbixServer(repository, envFile);
    }

    public JsonRpcEventClientOptions TokenOptions(Action<JsonRpcEventClientOptions>? configure = null)
    {
        var options = new JsonRpcEventClientOptions { Url = Url, ApiToken = Token };
        configure?.Invoke(options);
        return options;
    }

    public JsonRpcEventClientOptions PasswordOptions() => new() { Url = Url, Username = User, Password = Password };

    /// <summary>Sends a raw JSON-RPC body, bypassing the client, to show what the server itself accepts.</summary>
    public async System.Threading.Tasks.Task<System.Text.Json.Nodes.JsonNode> RawAsync(string body, string? bearer = null)
    {
        using var http = new System.Net.Http.HttpClient();
        using var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Post, Url)
        {
            Content = new System.Net.Http.StringContent(body, System.Text.Encoding.UTF8, "application/json-rpc"),
        };
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        }

        using var response = await http.SendAsync(request);
        return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Inserts new PROBLEM events for a trigger, as the Zabbix server daemon would, and returns their ids.</summary>
    public IReadOnlyList<string> NewProblems(string triggerId, int count = 1)
    {
        var script = Path.Combine(_repository, "tests", "zabbix", "new-problems.sh");
        var start = new ProcessStartInfo("bash", [script, triggerId, count.ToString(System.Globalization.CultureInfo.InvariantCulture), _settings["ZABBIX_DB"]])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, errors);
        var ids = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(ids, Has.Length.EqualTo(count), output + errors);
        return ids;
    }

    /// <summary>Runs SQL on the server's database (as the daemon or a maintenance would change it) and returns the output lines.</summary>
    public IReadOnlyList<string> Sql(string sql)
    {
        var start = new ProcessStartInfo("psql", ["-h", "127.0.0.1", "-U", "zabbix", "-d", _settings["ZABBIX_DB"], "-v", "ON_ERROR_STOP=1", "-qtAX", "-c", sql])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PGPASSWORD"] = "zabbix-ci-db";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, errors);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Adds a tag to a problem (its <c>problem_tag</c> row, which problem.get reads and filters on).</summary>
    public void TagProblem(string eventId, string tag, string value) => Sql(
        $"lock table problem_tag in exclusive mode; insert into problem_tag (problemtagid, eventid, tag, value) select coalesce(max(problemtagid), 0) + 1, {long.Parse(eventId, System.Globalization.CultureInfo.InvariantCulture)}, '{tag.Replace("'", "''", StringComparison.Ordinal)}', '{value.Replace("'", "''", StringComparison.Ordinal)}' from problem_tag");

    /// <summary>Suppresses a problem indefinitely as a maintenance would (an <c>event_suppress</c> row); the API cannot without the daemon.</summary>
    public void SuppressProblem(string eventId) => Sql(
        $"lock table event_suppress in exclusive mode; insert into event_suppress (event_suppressid, eventid, maintenanceid, suppress_until) select coalesce(max(event_suppressid), 0) + 1, {long.Parse(eventId, System.Globalization.CultureInfo.InvariantCulture)}, null, 0 from event_suppress");

    /// <summary>The host of a trigger.</summary>
    public string HostOf(string triggerId) =>
        Sql($"select distinct i.hostid from functions f join items i on i.itemid = f.itemid where f.triggerid = {long.Parse(triggerId, System.Globalization.CultureInfo.InvariantCulture)}").Single();

    /// <summary>A problem's start time (<c>clock</c>).</summary>
    public DateTimeOffset ClockOf(string eventId) =>
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(Sql($"select clock from problem where eventid = {long.Parse(eventId, System.Globalization.CultureInfo.InvariantCulture)}").Single(), System.Globalization.CultureInfo.InvariantCulture));

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IncidentSdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (IncidentSdk.sln) was not found above the test directory.");
    }
}
