using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Challenges;

/// <summary>Section "Challenges": where challenges talk, how the runner trains, the weekly schedule.</summary>
public sealed class ChallengeOptions
{
    public const string Section = "Challenges";

    /// <summary>Default channel for progress and results of new challenges.</summary>
    public string Channel { get; set; } = "challenges";

    /// <summary>Torch threads for the runner; unset: cores − 1 (at least 1), so commands stay fast.</summary>
    public int? Threads { get; set; }

    /// <summary>Shortest time between two edits of a job's progress message.</summary>
    public int ProgressIntervalSeconds { get; set; } = 5;

    /// <summary>A job that was running when the bot died is retried this many times in all.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Folder holding real CIFAR-10 (cifar-10-batches-bin/); unset: &lt;data&gt;/cifar-10 when present.</summary>
    public string? DatasetDirectory { get; set; }

    /// <summary>Size of the generated CIFAR-format set used when real CIFAR-10 is absent.</summary>
    public int SyntheticTrainImages { get; set; } = 5000;

    public int SyntheticTestImages { get; set; } = 2000;

    public int SyntheticSeed { get; set; } = 2026;

    /// <summary>Budgets of a challenge created without them.</summary>
    public ChallengeBudgetDefaults Defaults { get; set; } = new();

    public WeeklySchedule Weekly { get; set; } = new();

    public int EffectiveThreads => Threads ?? Math.Max(1, Environment.ProcessorCount - 1);
}

public sealed class ChallengeBudgetDefaults
{
    public string Preset { get; set; } = "fast-baseline";

    public long MaxParameters { get; set; } = 2_000_000;

    public int MaxEpochs { get; set; } = 20;

    public int MaxMinutes { get; set; } = 15;

    public int DailySubmissions { get; set; } = 3;

    public int DurationDays { get; set; } = 7;
}

/// <summary>Opens the week's challenge by itself, and closes challenges whose deadline passed.</summary>
public sealed class WeeklySchedule
{
    public bool Enabled { get; set; }

    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;

    /// <summary>UTC time of day the week's challenge opens, "HH:mm".</summary>
    public string TimeUtc { get; set; } = "09:00";

    public string Description { get; set; } = "This week's CIFAR-10 challenge: beat the baseline within the budgets.";
}

public sealed class ChallengeOptionsValidator : IValidateOptions<ChallengeOptions>
{
    public ValidateOptionsResult Validate(string? name, ChallengeOptions options)
    {
        var problems = new List<string>();
        void Check(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }

        Check(!string.IsNullOrWhiteSpace(options.Channel), "Challenges:Channel must name a channel");
        Check(options.Threads is null or (>= 1 and <= 256), $"Challenges:Threads must be 1-256 (got {options.Threads})");
        Check(options.ProgressIntervalSeconds is >= 1 and <= 600, $"Challenges:ProgressIntervalSeconds must be 1-600 (got {options.ProgressIntervalSeconds})");
        Check(options.MaxAttempts is >= 1 and <= 10, $"Challenges:MaxAttempts must be 1-10 (got {options.MaxAttempts})");
        Check(options.SyntheticTrainImages is >= 10 and <= 100_000, $"Challenges:SyntheticTrainImages must be 10-100000 (got {options.SyntheticTrainImages})");
        Check(options.SyntheticTestImages is >= 10 and <= 20_000, $"Challenges:SyntheticTestImages must be 10-20000 (got {options.SyntheticTestImages})");
        Check(options.Defaults.MaxParameters is >= 1_000 and <= 50_000_000, $"Challenges:Defaults:MaxParameters must be 1000-50000000 (got {options.Defaults.MaxParameters})");
        Check(options.Defaults.MaxEpochs is >= 1 and <= 200, $"Challenges:Defaults:MaxEpochs must be 1-200 (got {options.Defaults.MaxEpochs})");
        Check(options.Defaults.MaxMinutes is >= 1 and <= 24 * 60, $"Challenges:Defaults:MaxMinutes must be 1-1440 (got {options.Defaults.MaxMinutes})");
        Check(options.Defaults.DailySubmissions is >= 1 and <= 100, $"Challenges:Defaults:DailySubmissions must be 1-100 (got {options.Defaults.DailySubmissions})");
        Check(options.Defaults.DurationDays is >= 1 and <= 60, $"Challenges:Defaults:DurationDays must be 1-60 (got {options.Defaults.DurationDays})");
        Check(TimeOnly.TryParseExact(options.Weekly.TimeUtc, "HH:mm", out _), $"Challenges:Weekly:TimeUtc must be HH:mm (got '{options.Weekly.TimeUtc}')");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
