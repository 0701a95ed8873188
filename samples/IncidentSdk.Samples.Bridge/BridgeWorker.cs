using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IncidentSdk.Samples.Bridge;

/// <summary>Runs <see cref="BridgeCycle"/> every <see cref="BridgeOptions.PollInterval"/> until the host stops. A failed cycle is logged and the next one runs.</summary>
internal sealed class BridgeWorker(BridgeCycle cycle, IOptions<BridgeOptions> options, ILogger<BridgeWorker> logger, TimeProvider timeProvider) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await cycle.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                Safe(() => BridgeLog.CycleDone(logger, result));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The worker outlives any one cycle's failure: the next cycle starts again from what Zabbix and COC say.
            catch (Exception error)
#pragma warning restore CA1031
            {
                Safe(() => BridgeLog.CycleFailed(logger, error.GetType().Name, error.Message, interval, error));
            }

            try
            {
                await Task.Delay(interval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static void Safe(Action log)
    {
        try
        {
            log();
        }
#pragma warning disable CA1031 // A log provider's failure must not stop the worker.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
