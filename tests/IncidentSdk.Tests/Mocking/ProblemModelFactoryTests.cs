using System;
using System.Linq;
using IncidentSdk.JsonRpc;
using NUnit.Framework;

namespace IncidentSdk.Tests.Mocking;

/// <summary>The factory methods of the problem.get results round-trip every property, for apps that mock the client.</summary>
public class ProblemModelFactoryTests
{
    [Test]
    public void A_problem_page_round_trips_and_resolution_follows_the_recovery_event()
    {
        var at = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        var problem = IncidentSdkModelFactory.ZabbixProblem("42", "23133", "Disk full", EventSeverity.High, at, true, true, "43", "40", "Free: 1%", [IncidentSdkModelFactory.ZabbixTag("service", "db")]);
        var page = IncidentSdkModelFactory.ProblemPage([problem], "43");

        Assert.Multiple(() =>
        {
            Assert.That((problem.EventId, problem.ObjectId, problem.Name, problem.Severity, problem.Time), Is.EqualTo(("42", "23133", "Disk full", EventSeverity.High, at)));
            Assert.That((problem.IsAcknowledged, problem.IsSuppressed, problem.RecoveryEventId, problem.IsResolved, problem.CauseEventId, problem.OperationalData), Is.EqualTo((true, true, "43", true, "40", "Free: 1%")));
            Assert.That(problem.Tags.Select(t => (t.Tag, t.Value)), Is.EqualTo(new[] { ("service", "db") }));
            Assert.That((page.Problems.Single(), page.NextFromEventId), Is.EqualTo((problem, "43")));
            Assert.That(IncidentSdkModelFactory.ZabbixProblem("1").IsResolved, Is.False);
            Assert.That(IncidentSdkModelFactory.ProblemPage().Problems, Is.Empty);
            Assert.That(IncidentSdkModelFactory.ZabbixTag("env").Value, Is.Empty);
        });
    }
}
