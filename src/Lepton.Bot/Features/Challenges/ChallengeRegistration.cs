using Lepton.Bot.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Challenges;

public static class ChallengeRegistration
{
    public static IServiceCollection AddChallenges(this IServiceCollection services)
    {
        services.AddOptions<ChallengeOptions>().BindConfiguration(ChallengeOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChallengeOptions>, ChallengeOptionsValidator>();
        services.AddSingleton<ChallengeStore>();
        services.AddSingleton<ChallengeSpecs>();
        services.AddSingleton<ChallengeData>();
        services.AddSingleton<ChallengeReporter>();
        services.AddSingleton<ChallengeRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<ChallengeRunner>());
        services.AddSingleton<ChallengeLifecycle>();
        services.AddSingleton<ChallengeScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<ChallengeScheduler>());
        services.AddSingleton<Chat.IChatFeature, ChallengesFeature>();
        services.AddSingleton<IBenchmark, ChallengeBenchmark>();
        return services;
    }
}
