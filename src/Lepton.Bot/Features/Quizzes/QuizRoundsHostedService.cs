using Lepton.Bot.Chat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lepton.Bot.Features.Quizzes;

/// <summary>
/// Resumes or closes open rounds when the bot starts (after migrations: registered later), and stops
/// their timers when it stops. Does nothing in verbs without a chat adapter (migrate).
/// </summary>
public sealed class QuizRoundsHostedService(ChannelRounds rounds, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<IChatChannels>() is not null)
        {
            rounds.BeginResumingOpenRounds();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => rounds.StopAsync();
}
