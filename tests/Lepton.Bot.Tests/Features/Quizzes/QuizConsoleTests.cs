using System.Text.RegularExpressions;
using Lepton.Bot.Chat;
using static Lepton.Bot.Tests.Features.Quizzes.QuizTestContent;

namespace Lepton.Bot.Tests.Features.Quizzes;

/// <summary>End-to-end through the console bot: the same router, store and replies as on Discord.</summary>
public sealed class QuizConsoleTests : QuizTestsBase
{
    [Fact]
    public async Task Solo_quiz_gives_feedback_per_answer_and_a_final_score_with_what_to_read_next()
    {
        await using var bot = await StartBotAsync();
        var first = await bot.RunAsync("/as user:ada\n/quiz start topic:testing length:2\n");
        Assert.Contains("Question 1/2 · Test topic", first);
        Assert.Contains("(only you)", first);

        var feedback = await bot.RunAsync(Number(first, RightLetter(first)) + "\n");
        var points = first.Contains("One plus one?", StringComparison.Ordinal) ? 10 : 30;
        Assert.Contains($"✅ Correct! +{points} points (0.0 s).", feedback);
        Assert.Contains("Why: ", feedback);

        var second = await bot.RunAsync(Number(feedback, "Next") + "\n");
        Assert.Contains("Question 2/2", second);
        var final = await bot.RunAsync(Number(second, WrongLetter(second)) + "\n");
        Assert.Contains("❌ Not quite.", final);
        Assert.Contains($"Answer: {RightLetter(second)}. ", final);
        Assert.Contains("Quiz finished: Test topic", final);
        Assert.Contains($"1/2 correct · {points} points", final);
        Assert.Contains("Read next: ", final);
        Assert.Matches("/tutorial start name:first-cifar10-model|/faq show id:|/faq ask question:", final);

        var finished = Assert.IsType<QuizFinished>(Assert.Single(bot.Events.All));
        Assert.Equal(("ada", 1, 2, points, "testing"), (finished.Member.DisplayName, finished.Correct, finished.Total, finished.Points, finished.Topic));
    }

    [Fact]
    public async Task Points_fall_with_the_time_taken()
    {
        await using var bot = await StartBotAsync();
        var first = await bot.RunAsync("/quiz start topic:testing length:1\n");
        bot.Clock.Advance(TimeSpan.FromSeconds(15));
        var feedback = await bot.RunAsync(Number(first, RightLetter(first)) + "\n");
        // Half the time used: 75% of 10 (easy) or 30 (hard) points, rounded half away from zero.
        var expected = first.Contains("One plus one?", StringComparison.Ordinal) ? 8 : 23;
        Assert.Contains($"+{expected} points (15.0 s)", feedback);
    }

    [Fact]
    public async Task Someone_elses_press_gets_a_private_note_and_changes_nothing()
    {
        await using var bot = await StartBotAsync();
        var question = await bot.RunAsync("/as user:ada\n/quiz start topic:testing length:1\n");
        var intruder = await bot.RunAsync($"/as user:bob\n{Number(question, WrongLetter(question))}\n");
        Assert.Contains("bot (only you): This quiz belongs to someone else, so your press changed nothing.", intruder);
        Assert.DoesNotContain("(edited)", intruder);

        var owner = await bot.RunAsync($"/as user:ada\n{Number(question, RightLetter(question))}\n");
        Assert.Contains("✅ Correct!", owner);
        Assert.Contains("1/1 correct", owner);
    }

    [Fact]
    public async Task An_answer_after_the_timer_counts_as_unanswered()
    {
        await using var bot = await StartBotAsync();
        var question = await bot.RunAsync("/quiz start topic:testing length:1\n");
        bot.Clock.Advance(TimeSpan.FromSeconds(31));
        var late = await bot.RunAsync(Number(question, RightLetter(question)) + "\n");
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
        await using (var before = await StartBotAsync())
        {
            var question = await before.RunAsync("/quiz start topic:testing length:2\n");
            firstQuestion = question.Contains("One plus one?", StringComparison.Ordinal) ? "One plus one?" : "The sky is blue";
            var feedback = await before.RunAsync(Number(question, RightLetter(question)) + "\n");
            Assert.Contains("✅ Correct!", feedback);
        }

        await using var after = await StartBotAsync(TimeSpan.FromMinutes(5));
        var resumed = await after.RunAsync("/quiz start topic:deep-learning\n");
        Assert.Contains("You have an unfinished quiz on Test topic: continuing it (question 2/2).", resumed);
        Assert.Contains("Question 2/2", resumed);
        Assert.DoesNotContain(firstQuestion, resumed);
        var final = await after.RunAsync(Number(resumed, RightLetter(resumed)) + "\n");
        Assert.Contains("2/2 correct", final);
        Assert.Equal(2, Assert.IsType<QuizFinished>(Assert.Single(after.Events.All)).Correct);
    }

    [Fact]
    public async Task A_multiple_choice_question_takes_every_pick_in_one_menu_submission()
    {
        await using var bot = await StartBotAsync();
        var question = await bot.RunAsync("/quiz start topic:colours\n");
        Assert.Contains("(pick up to 3, e.g. \"3 5\")", question);
        var letters = Regex.Matches(question, @"│ ([A-C])\. (red|cat|blue)$", RegexOptions.Multiline).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);

        var partial = await bot.RunAsync($"/quiz start topic:colours\n{Number(question, letters["red"])}\n");
        Assert.Contains("continuing it (question 1/1)", partial);
        Assert.Contains("❌ Not quite.", partial);
        Assert.Contains("0/1 correct", partial);

        var again = await bot.RunAsync("/quiz start topic:colours\n");
        var both = $"{Number(again, letters["red"])} {Number(again, letters["blue"])}";
        var right = await bot.RunAsync(both + "\n");
        Assert.Contains("✅ Correct! +20 points", right);
    }

    [Fact]
    public async Task Unknown_topic_names_the_topics_there_are()
    {
        await using var bot = await StartBotAsync();
        var output = await bot.RunAsync("/quiz start topic:cooking\n/quiz round topic:testing\n");
        Assert.Contains("There is no quiz topic 'cooking'. Topics: colours, testing.", output);
        Assert.Contains("/quiz round is for maintainers only.", output);
    }
}
