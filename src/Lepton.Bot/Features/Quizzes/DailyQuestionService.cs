using Lepton.Bot.Chat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Quizzes;

/// <summary>
/// Posts one question a day at Quizzes:DailyTimeUtc in Quizzes:DailyChannel, as a one-question round
/// open for Quizzes:DailySeconds. Each slot is stored with a unique index, so it posts once even if
/// two bots share a database; slots missed while the bot was down are skipped, not posted late.
/// </summary>
public sealed partial class DailyQuestionService(
    ChannelRounds rounds,
    QuizLibrary library,
    IOptions<QuizOptions> options,
    TimeProvider clock,
    IServiceProvider services,
    ILogger<DailyQuestionService> logger) : BackgroundService
{
    /// <summary>The first daily slot strictly after <paramref name="after"/>.</summary>
    public static DateTimeOffset NextSlot(DateTimeOffset after, TimeSpan timeOfDay)
    {
        var utc = after.ToUniversalTime();
        var today = new DateTimeOffset(utc.Date, TimeSpan.Zero) + timeOfDay;
        return today > utc ? today : today.AddDays(1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.DailyEnabled || services.GetService<IChatChannels>() is null)
        {
            return;
        }

        // Computed before the first await, so the first slot is fixed when StartAsync returns.
        var next = NextSlot(clock.GetUtcNow(), settings.DailyTime);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = next - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, stoppingToken).ConfigureAwait(false);
            }

            try
            {
                await PostAsync(settings, next, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex, next);
            }

            next = NextSlot(next, settings.DailyTime);
        }
    }

    private async Task PostAsync(QuizOptions settings, DateTimeOffset slot, CancellationToken cancellationToken)
    {
        var bank = library.Find(settings.DailyTopic, settings.DailyLanguage);
        if (bank is null || bank.Questions.Count == 0)
        {
            LogNoBank(settings.DailyTopic);
            return;
        }

        var request = new RoundRequest("daily", null, settings.DailyChannel, bank, null, 1, settings.DailySeconds, slot.ToUnixTimeMilliseconds());
        await rounds.StartAsync(request, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Daily question: no quiz bank for topic '{Topic}' (Quizzes:DailyTopic); nothing posted")]
    private partial void LogNoBank(string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "Daily question for {Slot} failed")]
    private partial void LogFailed(Exception exception, DateTimeOffset slot);
}
