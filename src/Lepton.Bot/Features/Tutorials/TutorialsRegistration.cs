using Lepton.Bot.Chat;
using Lepton.Bot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Tutorials;

public static class TutorialsRegistration
{
    /// <summary>The tutorials feature: content catalog (loaded at start), progress store, /tutorial, its benchmark.</summary>
    public static IServiceCollection AddTutorials(this IServiceCollection services)
    {
        services.AddSingleton(sp => new TutorialCatalog(sp.GetRequiredService<IOptions<ContentOptions>>(), sp.GetRequiredService<ILogger<TutorialCatalog>>()));
        services.AddSingleton<TutorialProgressStore>();
        services.AddSingleton<TutorialsFeature>();
        services.AddSingleton<IChatFeature>(sp => sp.GetRequiredService<TutorialsFeature>());
        services.AddHostedService<TutorialsStartup>();
        services.AddSingleton<IBenchmark, TutorialsBenchmark>();
        return services;
    }

    /// <summary>Loads the tutorials when the bot starts, so a broken file is reported then and not at first use.</summary>
    private sealed class TutorialsStartup(TutorialCatalog catalog) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(catalog.Folder);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
