using System.Globalization;
using System.Text;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Features.Tutorials;

namespace Lepton.Bot.Features.Onboarding;

/// <summary>Draws a member's checklist: one field per step, ticked or not, with the buttons and menu that tick them.</summary>
internal static class OnboardingRenderer
{
    private const int Accent = 0xF5A623;
    private const int Done = 0x2EAD5B;

    /// <param name="introductions">The introductions channel's name, for "{introductions}" in hints.</param>
    public static Reply Checklist(OnboardingContent content, OnboardingMember state, string language, string introductions, bool interactive, string? note)
    {
        var words = OnboardingWords.For(language);
        var done = content.Steps.Count(s => state.DoneSteps.Contains(s.Id));
        var complete = done == content.Steps.Count;
        var description = new StringBuilder(complete ? words.AllDone : OnboardingWords.Format(words.Progress, done, content.Steps.Count));
        var rulesStep = content.StepOf(OnboardingStepKind.Rules);
        if (rulesStep is not null && !state.DoneSteps.Contains(rulesStep.Id))
        {
            description.Append("\n\n").Append(ContentText.NoPings(content.Rules.In(language)));
        }

        var fields = content.Steps.Select((step, i) =>
        {
            var isDone = state.DoneSteps.Contains(step.Id);
            var name = $"{(isDone ? "✅" : "⬜")} {(i + 1).ToString(CultureInfo.InvariantCulture)}. {step.Title.In(language)}";
            var hint = step.Hint.In(language).Replace("{introductions}", "#" + introductions.Trim().TrimStart('#'), StringComparison.Ordinal);
            return new CardField(name, isDone ? words.Done : ContentText.NoPings(hint));
        }).ToList();

        var card = new Card(content.Title.In(language))
        {
            Description = description.ToString(),
            Fields = fields,
            Footer = "/onboarding checklist",
            Color = complete ? Done : Accent,
        };
        var reply = new Reply { Text = note, Cards = [card] };
        return interactive && !complete ? reply with { Rows = Rows(content, state, language, words) } : reply;
    }

    private static ComponentRow[] Rows(OnboardingContent content, OnboardingMember state, string language, OnboardingWords words)
    {
        var owner = state.UserId.ToString(CultureInfo.InvariantCulture);
        var rows = new List<ComponentRow>();
        var buttons = new List<Component>();
        if (content.StepOf(OnboardingStepKind.Rules) is { Button: { } label } rules && !state.DoneSteps.Contains(rules.Id))
        {
            buttons.Add(new Button(ComponentId.Create(OnboardingService.Key, "rules", owner), label.In(language), ButtonStyle.Success));
        }

        if (content.StepOf(OnboardingStepKind.Tutorial) is { } tutorial && !state.DoneSteps.Contains(tutorial.Id))
        {
            buttons.Add(new Button(ComponentId.Create(OnboardingService.Key, "tutorial", owner), words.StartTutorial, ButtonStyle.Primary));
        }

        if (buttons.Count > 0)
        {
            rows.Add(new ComponentRow(buttons));
        }

        if (content.StepOf(OnboardingStepKind.Interests) is { } interests)
        {
            var choices = interests.Choices.Select(c => new SelectChoice(c.Label.In(language), c.Id)).ToList();
            rows.Add(ComponentRow.Of(new SelectMenu(ComponentId.Create(OnboardingService.Key, "interests", owner), words.PickInterests, choices, MinValues: 1, MaxValues: choices.Count)));
        }

        return [.. rows];
    }

    public static Card Stats(OnboardingContent content, OnboardingStats stats, int days, string language)
    {
        string Share(int count) => stats.Joined == 0 ? count.ToString(CultureInfo.InvariantCulture) : $"{count} ({(100.0 * count / stats.Joined).ToString("0", CultureInfo.InvariantCulture)}%)";

        var fields = new List<CardField> { new("Joined", stats.Joined.ToString(CultureInfo.InvariantCulture), Inline: true) };
        fields.AddRange(content.Steps.Select((s, i) =>
            new CardField($"{(i + 1).ToString(CultureInfo.InvariantCulture)}. {s.Title.In(language)}", Share(stats.ReachedStep.GetValueOrDefault(s.Id)), Inline: true)));
        fields.Add(new CardField("Completed", Share(stats.Completed), Inline: true));
        return new Card($"Onboarding, last {days.ToString(CultureInfo.InvariantCulture)} days")
        {
            Fields = fields,
            Footer = "Members whose latest join falls in the period; a step counts once they did it.",
            Color = Accent,
        };
    }
}
