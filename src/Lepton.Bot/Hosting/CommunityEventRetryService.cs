using Lepton.Bot.Chat;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Bot.Hosting;

/// <summary>Once a minute (and at start), delivers again the community events a handler failed on.</summary>
public sealed partial class CommunityEventRetryService(CommunityEvents events, TimeProvider clock, ILogger<CommunityEventRetryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        do
        {
            try
            {
                var delivered = await events.RetryDueAsync(clock.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                if (delivered > 0)
                {
                    LogDelivered(delivered);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRetryFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered {Count} community event(s) that had failed before")]
    private partial void LogDelivered(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrying failed community events failed; trying again in a minute")]
    private partial void LogRetryFailed(Exception exception);
}
