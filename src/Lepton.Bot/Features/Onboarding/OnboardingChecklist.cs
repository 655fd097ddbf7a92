using Lepton.Bot.Features.Tutorials;
using Lepton.Bot.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Onboarding;

/// <summary>
/// The checklist content, loaded once from <c>config/onboarding.yaml</c> when the bot starts. A broken
/// file is reported with path and line and leaves onboarding without a checklist (joins are then only logged).
/// </summary>
public sealed partial class OnboardingChecklist
{
    public OnboardingChecklist(IOptions<ContentOptions> content, TutorialCatalog tutorials, ILogger<OnboardingChecklist> logger)
        : this(Path.Combine(content.Value.ResolvedPath, "onboarding.yaml"), tutorials, logger)
    {
    }

    public OnboardingChecklist(string file, TutorialCatalog tutorials, ILogger<OnboardingChecklist> logger)
    {
        File = file;
        var problems = new List<ContentProblem>();
        Content = OnboardingContentLoader.Load(file, problems);
        if (Content?.StepOf(OnboardingStepKind.Tutorial) is { } step && tutorials.Find(step.Target, ContentText.English) is null)
        {
            // Not fatal: the step still ticks when a tutorial of that id is added later.
            problems.Add(new ContentProblem(file, 0, $"the tutorial step names '{step.Target}', which is not among the loaded tutorials ({string.Join(", ", tutorials.Ids)})"));
        }

        Problems = problems;
        foreach (var problem in problems)
        {
            LogProblem(logger, problem.ToString());
        }
    }

    public string File { get; }

    /// <summary>Null when the file is missing or broken.</summary>
    public OnboardingContent? Content { get; }

    public IReadOnlyList<ContentProblem> Problems { get; }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Onboarding content: {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);
}
