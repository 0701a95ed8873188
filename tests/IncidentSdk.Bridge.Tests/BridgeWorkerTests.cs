using System.Diagnostics;
using IncidentSdk.Samples.Bridge;
using IncidentSdk.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IncidentSdk.Bridge.Tests;

/// <summary>The worker loop and the host's wiring.</summary>
public sealed class BridgeWorkerTests
{
    [Test]
    public async Task A_failed_cycle_and_a_throwing_logger_do_not_stop_the_worker()
    {
        using var harness = new CycleHarness();
        var id = harness.AddProblem();
        var problemReads = 0;
        harness.ZabbixScript.BeforeSend = (_, body, _) =>
            ZabbixCall.Parse(body).Method == "problem.get" && ++problemReads == 1
                ? throw new InvalidOperationException("The first cycle fails.")
                : Task.CompletedTask;
        harness.Options.PollInterval = TimeSpan.FromMilliseconds(20);
        var logger = new ThrowingLogger<BridgeWorker>();
        using var worker = new BridgeWorker(harness.Cycle(new ThrowingLogger<BridgeCycle>()), Options.Create(harness.Options), logger, TimeProvider.System);

        await worker.StartAsync(CancellationToken.None);
        var clock = Stopwatch.StartNew();
        while ((harness.TicketOf(id) is null || logger.Calls < 3) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        await worker.StopAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(harness.TicketOf(id), Is.Not.Null, "a later cycle opened the ticket");
            Assert.That(logger.Calls, Is.GreaterThanOrEqualTo(3), "the failed cycle and the later ones were logged, and the logger threw each time");
            Assert.That(worker.ExecuteTask!.IsCompletedSuccessfully, Is.True, "stopping ends the loop without a fault");
            Assert.That(harness.Creates, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void The_host_refuses_to_start_with_missing_settings_and_names_them()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bridge:AssigneeScene"] = "scene",
            ["Bridge:Assignee"] = "user",
            ["Bridge:PollInterval"] = "00:00:00.5",
            ["Bridge:Levels:Critical"] = "level_10",
            ["Coc:Endpoint"] = FakeCocService.Endpoint.ToString(),
            ["Coc:AccessKey"] = "OFFLINEDEMOACCESSKEY",
            ["Coc:SecretKey"] = "offline-demo-secret-key",
            ["Zabbix:Url"] = FakeZabbixService.Endpoint.ToString(),
            ["Zabbix:ApiToken"] = "token",
        });
        builder.Services.AddBridge(builder.Configuration);
        using var host = builder.Build();

        var refused = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(refused!.Failures, Is.EqualTo(new[]
        {
            "Bridge:Creator is required: the COC user id the tickets are created by.",
            "Bridge:Category is required: an incident category key such as inc_type_p_reliability_issues.",
            "Set Bridge:Assignee, or Bridge:AssigneeScene with Bridge:AssigneeRole; not both.",
            "Bridge:PollInterval is 00:00:00.5000000; it must be from one second to one day.",
            "Bridge:Levels:Critical is not a Zabbix severity name (NotClassified, Information, Warning, Average, High, Disaster).",
        }));
    }

    [Test]
    public void Options_bind_from_the_Bridge_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bridge:MinimumSeverity"] = "Average",
            ["Bridge:PollInterval"] = "00:00:30",
            ["Bridge:Creator"] = "c1",
            ["Bridge:AssigneeScene"] = "s1",
            ["Bridge:AssigneeRole"] = "r1",
            ["Bridge:Category"] = "inc_type_p_config_issues",
            ["Bridge:Levels:High"] = "level_10",
            ["Bridge:ProblemTag"] = "service=checkout",
        }).Build();
        var services = new ServiceCollection();
        services.AddBridge(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<BridgeOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That((options.MinimumSeverity, options.PollInterval, options.Creator, options.AssigneeScene, options.AssigneeRole, options.Category, options.Source),
                Is.EqualTo((IncidentSdk.JsonRpc.EventSeverity.Average, TimeSpan.FromSeconds(30), "c1", "s1", "r1", "inc_type_p_config_issues", "incident_source_alarm")));
            Assert.That(options.LevelOf(IncidentSdk.JsonRpc.EventSeverity.High).Value, Is.EqualTo("level_10"));
            Assert.That(options.LevelOf(IncidentSdk.JsonRpc.EventSeverity.Disaster).Value, Is.EqualTo("level_10"));
            Assert.That(options.LevelOf(IncidentSdk.JsonRpc.EventSeverity.Average).Value, Is.EqualTo("level_30"));
            Assert.That((options.TagFilter()!.Tag, options.TagFilter()!.Value, options.TagFilter()!.Operator), Is.EqualTo(("service", "checkout", IncidentSdk.JsonRpc.ProblemTagOperator.Equals)));
            Assert.That(new BridgeOptionsValidator().Validate(null, options).Succeeded, Is.True);
        });
    }
}
