using System.Text.RegularExpressions;
using Lepton.Bot.Features.Tutorials;

namespace Lepton.Bot.Features.Onboarding;

/// <summary>
/// Reads <c>config/onboarding.yaml</c>. Any problem (reported with path and line) leaves onboarding
/// without a checklist rather than with half of one; the limits keep the checklist inside one Discord
/// message (field values 1024, select menus 25 choices with labels of 100).
/// </summary>
public static partial class OnboardingContentLoader
{
    /// <summary>With hints of at most 400 characters, eight steps and the rules stay inside one embed (6000 characters in all).</summary>
    public const int MaxSteps = 8;
    public const int MaxChoices = 25;

    public static OnboardingContent? Load(string file, List<ContentProblem> problems)
    {
        if (!File.Exists(file))
        {
            problems.Add(new ContentProblem(file, 0, "is missing; onboarding has no checklist"));
            return null;
        }

        var before = problems.Count;
        var root = YamlFields.ParseDocument(file, File.ReadAllText(file), problems);
        if (root is null)
        {
            return null;
        }

        var title = Localized(root, "title", 200);
        var welcome = Localized(root, "welcome", 1500);
        var rules = Localized(root, "rules", 1000);
        var steps = new List<OnboardingStep>();
        if (root.List("steps", required: true, minItems: 1, maxItems: MaxSteps) is { } items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (YamlFields.From(items[i], file, $"steps[{i + 1}]", problems, "a step") is { } fields && ReadStep(fields) is { } step)
                {
                    if (steps.Any(s => s.Id == step.Id))
                    {
                        fields.ProblemAt("id", $"step id '{step.Id}' is used twice");
                    }
                    else if (steps.Any(s => s.Kind == step.Kind))
                    {
                        fields.Problem(null, $"there is already a '{step.Kind.ToString().ToLowerInvariant()}' step; each kind ticks from one thing the member does");
                    }

                    steps.Add(step);
                }
            }
        }

        root.RejectUnknownKeys();
        return problems.Count == before ? new OnboardingContent(title!, welcome!, rules!, steps) : null;
    }

    private static OnboardingStep? ReadStep(YamlFields fields)
    {
        var id = fields.Text("id", required: true, maxLength: 30);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            fields.ProblemAt("id", $"{fields.Child("id")} '{id}' must be lower-case letters, digits and dashes");
            id = null;
        }

        var kindText = fields.Text("kind", required: true, maxLength: 20);
        OnboardingStepKind? kind = Enum.TryParse<OnboardingStepKind>(kindText, ignoreCase: true, out var parsed) && !int.TryParse(kindText, out _) ? parsed : null;
        if (kindText is not null && kind is null)
        {
            fields.ProblemAt("kind", $"{fields.Child("kind")} must be one of {string.Join(", ", Enum.GetNames<OnboardingStepKind>().Select(n => n.ToLowerInvariant()))} (got '{kindText}')");
        }

        var title = Localized(fields, "title", 100);
        var hint = Localized(fields, "hint", 400);
        var button = kind == OnboardingStepKind.Rules ? Localized(fields, "button", 80) : null;
        var target = kind switch
        {
            OnboardingStepKind.Tutorial => fields.Text("tutorial", required: true, maxLength: 40),
            OnboardingStepKind.Quiz => fields.Text("topic", required: false, maxLength: 60) ?? "",
            _ => "",
        };
        var choices = kind == OnboardingStepKind.Interests ? ReadChoices(fields) : [];
        fields.RejectUnknownKeys();
        return id is null || kind is null || title is null || hint is null || target is null || choices is null || (kind == OnboardingStepKind.Rules && button is null)
            ? null
            : new OnboardingStep(id, kind.Value, title, hint, button, target, choices);
    }

    private static List<InterestChoice>? ReadChoices(YamlFields fields)
    {
        if (fields.List("choices", required: true, minItems: 1, maxItems: MaxChoices) is not { } items)
        {
            return null;
        }

        var choices = new List<InterestChoice>();
        for (var i = 0; i < items.Count; i++)
        {
            if (fields.Item(items[i], $"{fields.Child("choices")}[{i + 1}]", "a choice") is not { } choice)
            {
                return null;
            }

            var id = choice.Text("id", required: true, maxLength: 40);
            var role = choice.Text("role", required: true, maxLength: 100);
            var label = Localized(choice, "label", 100);
            choice.RejectUnknownKeys();
            if (id is null || role is null || label is null)
            {
                return null;
            }

            if (choices.Any(c => c.Id == id))
            {
                choice.ProblemAt("id", $"choice id '{id}' is used twice");
                return null;
            }

            choices.Add(new InterestChoice(id, role, label));
        }

        return choices;
    }

    /// <summary>A text given as <c>{en: ..., zh: ...}</c>; both languages are required.</summary>
    private static LocalizedText? Localized(YamlFields fields, string key, int maxLength)
    {
        if (fields.Mapping(key, required: true) is not { } texts)
        {
            return null;
        }

        var english = texts.Text(ContentText.English, required: true, maxLength);
        var chinese = texts.Text(ContentText.Chinese, required: true, maxLength);
        texts.RejectUnknownKeys();
        return english is null || chinese is null ? null : new LocalizedText(english, chinese);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,29}$")]
    private static partial Regex IdPattern();
}
