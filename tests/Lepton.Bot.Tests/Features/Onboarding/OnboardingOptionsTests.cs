using Lepton.Bot.Features.Onboarding;

namespace Lepton.Bot.Tests.Features.Onboarding;

public sealed class OnboardingOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(new OnboardingOptionsValidator().Validate(null, new OnboardingOptions()).Succeeded);
    }

    [Fact]
    public void Every_bad_setting_is_named_by_its_key()
    {
        var options = new OnboardingOptions { WelcomeChannel = " ", IntroductionsChannel = new string('x', 101), MinimumIntroductionLength = -1, DefaultLanguage = "fr" };

        var failures = new OnboardingOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Onboarding:WelcomeChannel must be a channel name", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Onboarding:IntroductionsChannel must be a channel name", StringComparison.Ordinal));
        Assert.Contains("Onboarding:MinimumIntroductionLength must be between 0 and 2000 (got -1)", failures);
        Assert.Contains("Onboarding:DefaultLanguage must be one of en, zh (got 'fr')", failures);
    }
}
