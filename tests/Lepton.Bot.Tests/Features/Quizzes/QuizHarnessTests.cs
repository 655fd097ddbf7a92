using Lepton.Bot.Tests.Support;

namespace Lepton.Bot.Tests.Features.Quizzes;

/// <summary>The quiz through <see cref="ConsoleHarness"/>: the console bot as a user pipes a script to it, real clock.</summary>
public sealed class QuizHarnessTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_piped_script_plays_a_quiz_with_numbered_choices_and_sees_the_score()
    {
        var content = QuizTestContent.Create(_folder);
        var settings = new Dictionary<string, string?> { ["Content:Directory"] = content };

        // Choices [1] [2] [3] are the menu's options (in the quiz's order), [4] is Quit; picking all three includes "cat".
        // Bob's press on Ada's quiz must change nothing: Ada's own press afterwards still counts.
        var script = "/as user:ada\n/quiz start topic:colours\n/as user:bob\n1\n/as user:ada\n1 2 3\n/quiz stats\n/quiz leaderboard period:all\n";
        var output = await ConsoleHarness.RunAsync(_folder.File("data"), script, settings: settings);

        Assert.Contains("Question 1/1 · colours", output);
        Assert.Contains("> 1\nbot (only you): This quiz belongs to someone else, so your press changed nothing.", output);
        Assert.Contains("[4] Quit", output);
        Assert.Contains("❌ Not quite.", output);
        Assert.Contains("Quiz finished: colours", output);
        Assert.Contains("0/1 correct · 0 points", output);
        Assert.Contains("Accuracy: 0 % (0 correct)", output);
        Assert.Contains("No quiz points in this period yet.", output);
    }

    [Fact]
    public async Task Help_describes_every_quiz_subcommand_and_marks_rounds_for_maintainers()
    {
        var output = await ConsoleHarness.RunAsync(_folder.File("data"), "/help command:quiz\n");

        Assert.Contains("/quiz start topic:<text> [length:<1-20>] [difficulty:<easy|medium|hard>] [lang:<en|zh>]", output);
        Assert.Contains("/quiz round (maintainers)", output);
        Assert.Contains("/quiz leaderboard [period:<week|month|all>]", output);
    }
}
