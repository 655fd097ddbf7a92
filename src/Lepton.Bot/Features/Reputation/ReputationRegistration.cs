using Lepton.Bot.Chat;
using Lepton.Bot.ConsoleChat;
using Lepton.Bot.Features.Reputation.GitHub;
using Lepton.Bot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Reputation;

/// <summary>Everything the reputation feature adds to the host.</summary>
public static class ReputationRegistration
{
    public static IServiceCollection AddReputation(this IServiceCollection services)
    {
        services.AddOptions<ReputationOptions>().BindConfiguration(ReputationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReputationOptions>, ReputationOptionsValidator>();
        services.AddSingleton<ReputationStore>();
        services.AddSingleton<RoleRewards>();
        services.AddSingleton<ReputationService>();
        services.AddSingleton<ReputationFeature>();
        services.AddSingleton<IChatFeature>(sp => sp.GetRequiredService<ReputationFeature>());
        services.AddSingleton<IChatEventHandler, ReputationChatEvents>();
        services.AddSingleton<ICommunityEventHandler, ReputationCommunityEvents>();
        services.AddSingleton<GitHubWebhook>();
        services.AddSingleton<GitHubWebhookServer>();
        services.AddHostedService(sp => sp.GetRequiredService<GitHubWebhookServer>());
        services.AddSingleton<ISimulation, GitHubSimulation>();
        services.AddSingleton<IBenchmark, ReputationBenchmark>();
        return services;
    }
}
