using System.Text.RegularExpressions;
using Lepton.Bot.Chat;
using Lepton.Bot.Tests.Support;

namespace Lepton.Bot.Tests.Features.Quizzes;

/// <summary>End-to-end through the console bot: the same router, store and replies as on Discord.</summary>
public sealed partial class QuizConsoleTests : IDisposable
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly string _content;

    public QuizConsoleTests() => _content = QuizTestContent.Create(_folder);

    public void Dispose() => _folder.Dispose();

    private string Data => _folder.File("data");

    /// <summary>The console number of the last shown button or menu choice with this label ("A", "Next").</summary>
    private static string Number(string output, string label)
    {
        var matches = ChoicePattern().Matches(output).Where(m => m.Groups[2].Value.Trim() == label || m.Groups[2].Value.StartsWith(label + ".", StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count > 0, $"no choice '{label}' in:\n{output}");
        return matches[^1].Groups[1].Value;
    }

    [Fact]
    public async Task Solo_quiz_gives_feedback_per_answer_and_a_final_score_with_what_to_read_next()
    {
        await using var bot = await QuizHost.StartAsync(Data, _content, Monday);
        var first = await bot.RunAsync("/as user:ada\n/quiz start topic:testing length:2\n");
        Assert.Contains("Question 1/2 · Test topic", first);
        Assert.Contains("(only you)", first);

        var feedback = await bot.RunAsync(Number(first, "A") + "\n");
        var points = first.Contains("One plus one?", StringComparison.Ordinal) ? 10 : 30;
        Assert.Contains($"✅ Correct! +{points} points (0.0 s).", feedback);
        Assert.Contains("Why: ", feedback);

        var second = await bot.RunAsync(Number(feedback, "Next") + "\n");
        Assert.Contains("Question 2/2", second);
        var final = await bot.RunAsync(Number(second, "B") + "\n");
        Assert.Contains("❌ Not quite.", final);
        Assert.Contains("Answer: A. ", final);
        Assert.Contains("Quiz finished: Test topic", final);
        Assert.Contains($"1/2 correct · {points} points", final);
        Assert.Contains("Read next: ", final);
        Assert.Matches("/tutorial start name:first-cifar10-model|/faq question:", final);

        var finished = Assert.IsType<QuizFinished>(Assert.Single(bot.Events.All));
        Assert.Equal(("ada", 1, 2, points, "testing"), (finished.Member.DisplayName, finished.Correct, finished.Total, finished.Points, finished.Topic));
    }

    [Fact]
    public async Task Points_fall_with_the_time_taken()
    {
        await using var bot = await QuizHost.StartAsync(Data, _content, Monday);
        var first = await bot.RunAsync("/quiz start topic:testing length:1\n");
        bot.Clock.Advance(TimeSpan.FromSeconds(15));
        var feedback = await bot.RunAsync(Number(first, "A") + "\n");
        // Half the time used: 75% of 10 (easy) or 30 (hard) points, rounded half away from zero.
        var expected = first.Contains("One plus one?", StringComparison.Ordinal) ? 8 : 23;
        Assert.Contains($"+{expected} points (15.0 s)", feedback);
    }

    [Fact]
    public async Task Someone_elses_press_gets_a_private_note_and_changes_nothing()
    {
        await using var bot = await QuizHost.StartAsync(Data, _content, Monday);
        var question = await bot.RunAsync("/as user:ada\n/quiz start topic:testing length:1\n");
        var intruder = await bot.RunAsync($"/as user:bob\n{Number(question, "B")}\n");
        Assert.Contains("bot (only you): This quiz belongs to someone else, so your press changed nothing.", intruder);
        Assert.DoesNotContain("(edited)", intruder);

        var owner = await bot.RunAsync($"/as user:ada\n{Number(question, "A")}\n");
        Assert.Contains("✅ Correct!", owner);
        Assert.Contains("1/1 correct", owner);
    }

    [Fact]
    public async Task An_answer_after_the_timer_counts_as_unanswered()
    {
        await using var bot = await QuizHost.StartAsync(Data, _content, Monday);
        var question = await bot.RunAsync("/quiz start topic:testing length:1\n");
        bot.Clock.Advance(TimeSpan.FromSeconds(31));
        var late = await bot.RunAsync(Number(question, "A") + "\n");
        Assert.Contains("⏱ Time's up (31.0 s of 30 s): this one counts as unanswered.", late);
        Assert.Contains("0/1 correct · 0 points · 1 unanswered", late);
        var stats = await bot.RunAsync("/quiz stats\n");
        Assert.Contains("Answered: 1", stats);
        Assert.Contains("Accuracy: 0 %", stats);
    }

    [Fact]
    public async Task A_restart_mid_quiz_loses_no_answer_and_continues_the_same_quiz()
    {
        string firstQuestion;
        await using (var before = await QuizHost.StartAsync(Data, _content, Monday))
        {
            var question = await before.RunAsync("/quiz start topic:testing length:2\n");
            firstQuestion = question.Contains("One plus one?", StringComparison.Ordinal) ? "One plus one?" : "The sky is blue";
            var feedback = await before.RunAsync(Number(question, "A") + "\n");
            Assert.Contains("✅ Correct!", feedback);
        }

        await using var after = await QuizHost.StartAsync(Data, _content, Monday.AddMinutes(5));
        var resumed = await after.RunAsync("/quiz start topic:deep-learning\n");
        Assert.Contains("You have an unfinished quiz on Test topic: continuing it (question 2/2).", resumed);
        Assert.Contains("Question 2/2", resumed);
        Assert.DoesNotContain(firstQuestion, resumed);
        var final = await after.RunAsync(Number(resumed, "A") + "\n");
        Assert.Contains("2/2 correct", final);
        Assert.Equal(2, Assert.IsType<QuizFinished>(Assert.Single(after.Events.All)).Correct);
    }

    [Fact]
    public async Task Unknown_topic_names_the_topics_there_are()
    {
        await using var bot = await QuizHost.StartAsync(Data, _content, Monday);
        var output = await bot.RunAsync("/quiz start topic:cooking\n/quiz round topic:testing\n");
        Assert.Contains("There is no quiz topic 'cooking'. Topics: testing.", output);
        Assert.Contains("/quiz round is for maintainers only.", output);
    }

    [GeneratedRegex(@"\[(\d+)\] ([^\[\n]+)")]
    private static partial Regex ChoicePattern();
}
