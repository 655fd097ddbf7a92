using Lepton.Bot.Features.Tutorials;

namespace Lepton.Bot.Features.Onboarding;

/// <summary>Text in both content languages.</summary>
public sealed record LocalizedText(string English, string Chinese)
{
    public string In(string language) => language == ContentText.Chinese ? Chinese : English;
}

/// <summary>How a checklist step gets ticked.</summary>
public enum OnboardingStepKind
{
    /// <summary>The member presses "I have read the rules".</summary>
    Rules,

    /// <summary>The member posts in the introductions channel.</summary>
    Introduction,

    /// <summary>The member picks interests in the select menu (which grants their roles).</summary>
    Interests,

    /// <summary>The member finishes the configured tutorial (a <c>TutorialCompleted</c> event).</summary>
    Tutorial,

    /// <summary>The member finishes a quiz (a <c>QuizFinished</c> event), of the configured topic when one is set.</summary>
    Quiz,
}

/// <summary>An interest a member can pick; picking it grants the platform role named <see cref="Role"/>.</summary>
public sealed record InterestChoice(string Id, string Role, LocalizedText Label);

/// <param name="Target">Tutorial id for a tutorial step, quiz topic for a quiz step (empty: any quiz).</param>
public sealed record OnboardingStep(string Id, OnboardingStepKind Kind, LocalizedText Title, LocalizedText Hint, LocalizedText? Button, string Target, IReadOnlyList<InterestChoice> Choices);

/// <summary>The checklist from <c>config/onboarding.yaml</c>.</summary>
/// <param name="Welcome">The channel welcome; "{name}" becomes the member's name.</param>
public sealed record OnboardingContent(LocalizedText Title, LocalizedText Welcome, LocalizedText Rules, IReadOnlyList<OnboardingStep> Steps)
{
    public OnboardingStep? StepOf(OnboardingStepKind kind) => Steps.FirstOrDefault(s => s.Kind == kind);
}
