using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Faq;

/// <summary>Settings of the FAQ. Section "Faq".</summary>
public sealed class FaqOptions
{
    public const string Section = "Faq";

    /// <summary>Where members are sent when no entry answers: a channel name ("help") or id (shown as a link).</summary>
    public string HelpChannel { get; set; } = "help";

    /// <summary>How much of a question (0..1, rare words weigh more) the best entry must cover to count as an answer.</summary>
    public double MinConfidence { get; set; } = 0.4;

    /// <summary>A runner-up scoring at least this share of the best BM25 score is offered as "did you mean".</summary>
    public double DidYouMeanRatio { get; set; } = 0.85;

    public FaqAutoSuggestOptions AutoSuggest { get; set; } = new();
}

/// <summary>Answering questions posted in help channels without a command (needs MESSAGE_CONTENT). Off by default.</summary>
public sealed class FaqAutoSuggestOptions
{
    public bool Enabled { get; set; }

    /// <summary>Channel names or ids to watch.</summary>
    public List<string> Channels { get; set; } = ["help"];

    /// <summary>Minimum coverage (0..1) of the question by the entry before the bot speaks up unasked.</summary>
    public double Threshold { get; set; } = 0.8;

    /// <summary>At most one suggestion per channel in this many minutes.</summary>
    public double CooldownMinutes { get; set; } = 10;
}

public sealed class FaqOptionsValidator : IValidateOptions<FaqOptions>
{
    public ValidateOptionsResult Validate(string? name, FaqOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.HelpChannel))
        {
            failures.Add("Faq:HelpChannel must name a channel");
        }

        CheckShare(failures, "Faq:MinConfidence", options.MinConfidence);
        CheckShare(failures, "Faq:DidYouMeanRatio", options.DidYouMeanRatio);
        CheckShare(failures, "Faq:AutoSuggest:Threshold", options.AutoSuggest.Threshold);
        if (options.AutoSuggest.CooldownMinutes is < 0 or > 10080 || double.IsNaN(options.AutoSuggest.CooldownMinutes))
        {
            failures.Add($"Faq:AutoSuggest:CooldownMinutes must be between 0 and 10080 (got {options.AutoSuggest.CooldownMinutes})");
        }

        if (options.AutoSuggest.Enabled && options.AutoSuggest.Channels.All(string.IsNullOrWhiteSpace))
        {
            failures.Add("Faq:AutoSuggest:Channels must list at least one channel when auto-suggest is enabled");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckShare(List<string> failures, string key, double value)
    {
        if (value is < 0 or > 1 || double.IsNaN(value))
        {
            failures.Add($"{key} must be between 0 and 1 (got {value})");
        }
    }
}
