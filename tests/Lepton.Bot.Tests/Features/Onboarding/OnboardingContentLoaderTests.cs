using Lepton.Bot.Features.Onboarding;
using Lepton.Bot.Features.Tutorials;
using Lepton.Bot.Tests.Features.Tutorials;
using Lepton.Bot.Tests.Support;

namespace Lepton.Bot.Tests.Features.Onboarding;

public sealed class OnboardingContentLoaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_shipped_checklist_loads_with_all_five_kinds_in_both_languages_and_names_a_shipped_tutorial()
    {
        var problems = new List<ContentProblem>();

        var content = OnboardingContentLoader.Load(Path.Combine(AppContext.BaseDirectory, "config", "onboarding.yaml"), problems);

        Assert.Empty(problems);
        Assert.NotNull(content);
        Assert.Equal(Enum.GetValues<OnboardingStepKind>().Order(), content.Steps.Select(s => s.Kind).Order());
        Assert.All(content.Steps, s => Assert.NotEqual(s.Title.English, s.Title.Chinese));
        Assert.Contains("{name}", content.Welcome.English, StringComparison.Ordinal);
        Assert.Contains("{name}", content.Welcome.Chinese, StringComparison.Ordinal);
        var (tutorials, _) = TutorialLoader.LoadFolder(Path.Combine(AppContext.BaseDirectory, "config", "tutorials"));
        Assert.Contains(tutorials, t => t.Id == content.StepOf(OnboardingStepKind.Tutorial)!.Target);
    }

    [Theory]
    [InlineData("title: {en: First steps, zh: 第一步}", "title: {en: First steps}", 1, "title.zh is required")]
    [InlineData("  - id: introduce", "  - id: rules", 10, "step id 'rules' is used twice")]
    [InlineData("    kind: introduction", "    kind: rules\n    button: {en: B, zh: B}", 10, "there is already a 'rules' step")]
    [InlineData("    tutorial: basics\n", "", 22, "steps[4].tutorial is required")]
    [InlineData("    button: {en: I have read the rules, zh: 我已阅读守则}\n", "", 5, "steps[1].button is required")]
    [InlineData("      - {id: nlp, role: NLP,", "      - {id: vision, role: NLP,", 20, "choice id 'vision' is used twice")]
    public void A_broken_checklist_is_refused_with_the_line_of_the_problem(string find, string replace, int line, string expected)
    {
        var file = _folder.Write("onboarding.yaml", TestContent.Onboarding.Replace(find, replace, StringComparison.Ordinal));
        var problems = new List<ContentProblem>();

        var content = OnboardingContentLoader.Load(file, problems);

        Assert.Null(content);
        Assert.Contains(problems, p => p.Line == line && p.Message.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_file_is_reported()
    {
        var problems = new List<ContentProblem>();

        Assert.Null(OnboardingContentLoader.Load(_folder.File("nope.yaml"), problems));
        Assert.Equal($"{_folder.File("nope.yaml")}: is missing; onboarding has no checklist", Assert.Single(problems).ToString());
    }
}
