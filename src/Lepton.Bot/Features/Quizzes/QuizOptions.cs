using System.Globalization;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Quizzes;

/// <summary>Timers and the daily question. Section "Quizzes".</summary>
public sealed class QuizOptions
{
    public const string Section = "Quizzes";

    /// <summary>Seconds a member has for each question of a solo quiz.</summary>
    public int QuestionSeconds { get; set; } = 30;

    /// <summary>Seconds per question of a channel round when /quiz round gives none.</summary>
    public int RoundSeconds { get; set; } = 30;

    /// <summary>Post one question a day in <see cref="DailyChannel"/>.</summary>
    public bool DailyEnabled { get; set; }

    public string DailyChannel { get; set; } = "general";

    /// <summary>"HH:mm", UTC.</summary>
    public string DailyTimeUtc { get; set; } = "09:00";

    public string DailyTopic { get; set; } = "deep-learning";

    /// <summary>en or zh.</summary>
    public string DailyLanguage { get; set; } = "en";

    /// <summary>How long the daily question stays open before the reveal.</summary>
    public int DailySeconds { get; set; } = 3600;

    public TimeSpan DailyTime => TimeSpan.ParseExact(DailyTimeUtc, @"hh\:mm", CultureInfo.InvariantCulture);
}

/// <summary>Checks the Quizzes section at start; every message names the key.</summary>
public sealed class QuizOptionsValidator : IValidateOptions<QuizOptions>
{
    public ValidateOptionsResult Validate(string? name, QuizOptions options)
    {
        var problems = new List<string>();
        if (options.QuestionSeconds is < 5 or > 600)
        {
            problems.Add($"Quizzes:QuestionSeconds must be between 5 and 600 (got {options.QuestionSeconds})");
        }

        if (options.RoundSeconds is < 5 or > 600)
        {
            problems.Add($"Quizzes:RoundSeconds must be between 5 and 600 (got {options.RoundSeconds})");
        }

        if (!TimeSpan.TryParseExact(options.DailyTimeUtc ?? "", @"hh\:mm", CultureInfo.InvariantCulture, out var time) || time >= TimeSpan.FromDays(1))
        {
            problems.Add($"Quizzes:DailyTimeUtc must be HH:mm in UTC, e.g. 09:00 (got '{options.DailyTimeUtc}')");
        }

        if (options.DailySeconds is < 10 or > 86_000)
        {
            problems.Add($"Quizzes:DailySeconds must be between 10 and 86000 (got {options.DailySeconds})");
        }

        if (options.DailyLanguage is not ("en" or "zh"))
        {
            problems.Add($"Quizzes:DailyLanguage must be en or zh (got '{options.DailyLanguage}')");
        }

        if (options.DailyEnabled && string.IsNullOrWhiteSpace(options.DailyChannel))
        {
            problems.Add("Quizzes:DailyChannel must name a channel when Quizzes:DailyEnabled is true");
        }

        if (options.DailyEnabled && string.IsNullOrWhiteSpace(options.DailyTopic))
        {
            problems.Add("Quizzes:DailyTopic must name a topic when Quizzes:DailyEnabled is true");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
