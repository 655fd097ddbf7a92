using Lepton.Bot.Features.Tutorials;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Onboarding;

/// <summary>Newcomer onboarding settings. Section "Onboarding"; the checklist itself is config/onboarding.yaml.</summary>
public sealed class OnboardingOptions
{
    public const string Section = "Onboarding";

    /// <summary>Welcome members who join (a channel post and a DM). Off: joins are ignored; /onboarding still works.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Channel (by name) for the public welcome.</summary>
    public string WelcomeChannel { get; set; } = "welcome";

    /// <summary>Channel (by name) where a post ticks "introduce yourself".</summary>
    public string IntroductionsChannel { get; set; } = "introductions";

    /// <summary>
    /// Characters an introduction needs to count. 0 counts any post, which also works without the
    /// MESSAGE_CONTENT intent (Discord then sends the post with empty text).
    /// </summary>
    public int MinimumIntroductionLength { get; set; }

    /// <summary>Language ("en" or "zh") for a newcomer whose locale the platform does not tell.</summary>
    public string DefaultLanguage { get; set; } = ContentText.English;
}

/// <summary>Checks the Onboarding section at start; every message names the key.</summary>
public sealed class OnboardingOptionsValidator : IValidateOptions<OnboardingOptions>
{
    public ValidateOptionsResult Validate(string? name, OnboardingOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.WelcomeChannel) || options.WelcomeChannel.Length > 100)
        {
            problems.Add($"Onboarding:WelcomeChannel must be a channel name of 1-100 characters (got '{options.WelcomeChannel}')");
        }

        if (string.IsNullOrWhiteSpace(options.IntroductionsChannel) || options.IntroductionsChannel.Length > 100)
        {
            problems.Add($"Onboarding:IntroductionsChannel must be a channel name of 1-100 characters (got '{options.IntroductionsChannel}')");
        }

        if (options.MinimumIntroductionLength is < 0 or > 2000)
        {
            problems.Add($"Onboarding:MinimumIntroductionLength must be between 0 and 2000 (got {options.MinimumIntroductionLength})");
        }

        if (!ContentText.Languages.Contains(options.DefaultLanguage))
        {
            problems.Add($"Onboarding:DefaultLanguage must be one of {string.Join(", ", ContentText.Languages)} (got '{options.DefaultLanguage}')");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
