using Lepton.Bot.Chat;
using Lepton.Bot.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Quizzes;

public static class QuizzesRegistration
{
    /// <summary>Registers the quiz feature, its store, the round timers and the daily question.</summary>
    public static IServiceCollection AddQuizzes(this IServiceCollection services)
    {
        services.AddOptions<QuizOptions>().BindConfiguration(QuizOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QuizOptions>, QuizOptionsValidator>();
        services.AddSingleton(sp => QuizLibrary.Load(sp.GetRequiredService<IOptions<ContentOptions>>(), sp.GetRequiredService<ILogger<QuizLibrary>>()));
        services.AddSingleton<QuizStore>();
        services.AddSingleton<SoloQuizzes>();
        services.AddSingleton<ChannelRounds>();
        services.AddSingleton<IChatFeature, QuizFeature>();
        services.AddHostedService<QuizRoundsHostedService>();
        services.AddHostedService<DailyQuestionService>();
        services.AddSingleton<IBenchmark, QuizBenchmark>();
        return services;
    }
}
