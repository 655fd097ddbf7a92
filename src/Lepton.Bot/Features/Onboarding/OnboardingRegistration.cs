using Lepton.Bot.Chat;
using Lepton.Bot.Hosting;
using Lepton.Bot.Features.Tutorials;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Onboarding;

public static class OnboardingRegistration
{
    /// <summary>Onboarding: options, checklist content (loaded at start), store, service, /onboarding, join/message and event handlers.</summary>
    public static IServiceCollection AddOnboarding(this IServiceCollection services)
    {
        services.AddOptions<OnboardingOptions>().BindConfiguration(OnboardingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OnboardingOptions>, OnboardingOptionsValidator>();
        services.AddSingleton(sp => new OnboardingChecklist(
            sp.GetRequiredService<IOptions<ContentOptions>>(), sp.GetRequiredService<TutorialCatalog>(), sp.GetRequiredService<ILogger<OnboardingChecklist>>()));
        services.AddSingleton<OnboardingStore>();
        services.AddSingleton<OnboardingService>();
        services.AddSingleton<OnboardingFeature>();
        services.AddSingleton<IChatFeature>(sp => sp.GetRequiredService<OnboardingFeature>());
        services.AddSingleton<IChatEventHandler>(sp => sp.GetRequiredService<OnboardingFeature>());
        services.AddSingleton<ICommunityEventHandler, OnboardingEventsHandler>();
        services.AddHostedService<OnboardingStartup>();
        services.AddSingleton<IBenchmark, OnboardingBenchmark>();
        return services;
    }

    /// <summary>Loads the checklist when the bot starts, so a broken file is reported then.</summary>
    private sealed class OnboardingStartup(OnboardingChecklist checklist) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(checklist.File);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
