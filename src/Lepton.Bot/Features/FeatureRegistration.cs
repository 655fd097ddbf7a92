using Lepton.Bot.Chat;
using Lepton.Bot.Features.Challenges;
using Lepton.Bot.Features.Faq;
using Lepton.Bot.Features.Help;
using Lepton.Bot.Features.Members;
using Lepton.Bot.Features.Onboarding;
using Lepton.Bot.Features.Quizzes;
using Lepton.Bot.Features.Reputation;
using Lepton.Bot.Features.Tutorials;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Bot.Features;

/// <summary>The one list of features the bot runs, whatever the adapter. Add a feature here.</summary>
public static class FeatureRegistration
{
    public static IServiceCollection AddBotFeatures(this IServiceCollection services)
    {
        services.AddSingleton<MemberDirectory>();
        services.AddSingleton<IInvocationObserver>(sp => sp.GetRequiredService<MemberDirectory>());
        services.AddSingleton<IChatFeature, HelpFeature>();
        services.AddChallenges();
        services.AddTutorials();
        services.AddOnboarding();
        services.AddQuizzes();
        services.AddReputation();
        services.AddFaq();
        return services;
    }
}
