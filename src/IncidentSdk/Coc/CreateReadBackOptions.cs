using System;
using System.Collections.Generic;
using System.Globalization;

namespace IncidentSdk.Coc;

/// <summary>
/// How <see cref="IncidentClient.CreateIncidentAsync"/> finds out whether a create whose answer was lost opened a
/// ticket: it lists the tickets created since shortly before the call and looks for the call's marker, up to
/// <see cref="Attempts"/> times, <see cref="Delay"/> apart (a new ticket may reach the list some time after it exists).
/// </summary>
public sealed class CreateReadBackOptions
{
    /// <summary>How many times the list is read before the outcome is called unknown: 3 unless set; 1 to 10.</summary>
    public int Attempts { get; set; } = 3;

    /// <summary>The wait before each read: 2 seconds unless set; zero to one minute.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How far before the call the list is read from (<c>create_time &gt;=</c>), to allow for a difference between this
    /// machine's clock and COC's: 5 minutes unless set; zero to one day.
    /// </summary>
    public TimeSpan ClockTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether to send the create once more when every read found no ticket with the marker. Off unless set: COC does not
    /// document how soon a new ticket shows in the list, so a ticket that is slow to appear could be opened twice. With
    /// it on, the second send carries the same marker, so a duplicate can be found.
    /// </summary>
    public bool ResendWhenAbsent { get; set; }

    /// <summary>
    /// How often <see cref="IncidentClient.WaitForIncidentActionAsync"/> reads a ticket's tasks: 2 seconds unless set;
    /// 1 millisecond to one minute. (Tasks appear some seconds after a ticket is opened, as the create's read-back waits
    /// for the list, which is why the two settings live together.)
    /// </summary>
    public TimeSpan TaskPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    internal void Validate(List<string> problems)
    {
        if (TaskPollInterval < TimeSpan.FromMilliseconds(1) || TaskPollInterval > TimeSpan.FromMinutes(1))
        {
            problems.Add(string.Format(CultureInfo.InvariantCulture, "CreateReadBack:TaskPollInterval is {0}; it must be from 1 millisecond to one minute.", TaskPollInterval));
        }

        if (Attempts is < 1 or > 10)
        {
            problems.Add(string.Format(CultureInfo.InvariantCulture, "CreateReadBack:Attempts is {0}; it must be from 1 to 10.", Attempts));
        }

        if (Delay < TimeSpan.Zero || Delay > TimeSpan.FromMinutes(1))
        {
            problems.Add(string.Format(CultureInfo.InvariantCulture, "CreateReadBack:Delay is {0}; it must be from zero to one minute.", Delay));
        }

        if (ClockTolerance < TimeSpan.Zero || ClockTolerance > TimeSpan.FromDays(1))
        {
            problems.Add(string.Format(CultureInfo.InvariantCulture, "CreateReadBack:ClockTolerance is {0}; it must be from zero to one day.", ClockTolerance));
        }
    }
}

/// <summary>The read-back settings a client took from its options when it was built; later changes do not reach it.</summary>
internal sealed class ReadBackSettings(CreateReadBackOptions options)
{
    public int Attempts { get; } = options.Attempts;

    public TimeSpan Delay { get; } = options.Delay;

    public TimeSpan ClockTolerance { get; } = options.ClockTolerance;

    public bool ResendWhenAbsent { get; } = options.ResendWhenAbsent;

    public TimeSpan TaskPollInterval { get; } = options.TaskPollInterval;
}
