using Lepton.Bot.Chat;
using Lepton.Bot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Faq;

public static class FaqRegistration
{
    /// <summary>The FAQ: /faq, its index and store, optional auto-suggest, the loader at start and `bench faq`.</summary>
    public static IServiceCollection AddFaq(this IServiceCollection services)
    {
        services.AddOptions<FaqOptions>().BindConfiguration(FaqOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FaqOptions>, FaqOptionsValidator>();
        services.AddSingleton<FaqStore>();
        services.AddSingleton<FaqLibrary>();
        services.AddSingleton<FaqAnswerer>();
        services.AddSingleton<IChatFeature, FaqFeature>();
        services.AddSingleton<IChatEventHandler, FaqAutoSuggest>();
        services.AddHostedService<FaqStartup>();
        services.AddSingleton<IBenchmark, FaqBenchmark>();
        return services;
    }
}
