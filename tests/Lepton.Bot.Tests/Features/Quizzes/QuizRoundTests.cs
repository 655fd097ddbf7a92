using Lepton.Bot.Chat;
using static Lepton.Bot.Tests.Features.Quizzes.QuizTestContent;

namespace Lepton.Bot.Tests.Features.Quizzes;

public sealed class QuizRoundTests : QuizTestsBase
{
    [Fact]
    public async Task Everyone_answers_once_and_the_reveal_shows_counts_and_fastest_correct()
    {
        await using var bot = await StartBotAsync();
        var posted = await bot.RunUntilAsync("/as user:grace maintainer:true\n/quiz round topic:testing questions:1 seconds:20\n", "[#general] bot:");
        Assert.Contains("[#general] bot:", posted);
        Assert.Contains("Everyone may answer once · the answer is revealed in 20 s", posted);

        bot.Clock.Advance(TimeSpan.FromSeconds(2));
        var ada = await bot.RunAsync($"/as user:ada\n{Number(posted, RightLetter(posted))}\n");
        Assert.Contains("Got it: you picked A. The answer is revealed when the timer ends.", ada);
        bot.Clock.Advance(TimeSpan.FromSeconds(3));
        var bob = await bot.RunAsync($"/as user:bob\n{Number(posted, WrongLetter(posted))}\n{Number(posted, RightLetter(posted))}\n");
        Assert.Contains($"Got it: you picked {WrongLetter(posted)}.", bob);
        Assert.Contains("You already answered this question; one answer per question.", bob);

        var reveal = await bot.AdvanceUntilAsync(TimeSpan.FromSeconds(15), "Fastest correct", nudge: TimeSpan.FromSeconds(1));
        Assert.Contains("[#general] bot (edited):", reveal);
        Assert.Contains($"the answer: {RightLetter(posted)}", reveal);
        Assert.Contains("Answers: 2", reveal);
        Assert.Matches($@"✅ {RightLetter(posted)}\. [^\n]*: 1", reveal);
        Assert.Matches($@"▫️ {WrongLetter(posted)}\. [^\n]*: 1", reveal);
        Assert.Contains("1. ada (2.0 s)", reveal);
        Assert.DoesNotContain("bob (", reveal);

        var late = await bot.RunAsync($"/as user:lin\n{Number(posted, RightLetter(posted))}\n");
        Assert.DoesNotContain("Got it", late);
        await WaitForAsync(() => bot.Events.All.Count == 2);
        Assert.Equal(new[] { ("ada", 1), ("bob", 0) }, bot.Events.All.Cast<QuizFinished>().Select(e => (e.Member.DisplayName, e.Correct)).OrderBy(x => x.DisplayName));
    }

    [Fact]
    public async Task An_open_round_resumes_its_timer_after_a_restart()
    {
        string posted;
        await using (var before = await StartBotAsync())
        {
            posted = await before.RunUntilAsync("/as user:grace maintainer:true\n/quiz round topic:testing questions:1 seconds:20\n/as user:ada\n", "[#general] bot:");
            await before.RunAsync(Number(posted, RightLetter(posted)) + "\n");
            await before.RoundsSettledAsync();
        }

        await using var after = await StartBotAsync(TimeSpan.FromSeconds(5));
        await after.ResumedAsync();
        Assert.DoesNotContain("Fastest correct", after.TakeOutput());
        var reveal = await after.AdvanceUntilAsync(TimeSpan.FromSeconds(15), "Fastest correct", nudge: TimeSpan.FromSeconds(1));
        Assert.True(reveal.Contains($"the answer: {RightLetter(posted)}", StringComparison.Ordinal), $"no reveal; printed: '{reveal}'; logs:\n{after.Logs.All}");
        Assert.Contains("1. ada (0.0 s)", reveal);
    }

    [Fact]
    public async Task A_round_whose_time_ran_out_while_the_bot_was_down_is_revealed_and_closed_at_start()
    {
        string right;
        await using (var before = await StartBotAsync())
        {
            var posted = await before.RunUntilAsync("/as user:grace maintainer:true\n/quiz round topic:testing questions:2 seconds:20\n/as user:ada\n", "[#general] bot:");
            right = RightLetter(posted);
            await before.RunAsync(Number(posted, right) + "\n");
            await before.RoundsSettledAsync();
        }

        await using var after = await StartBotAsync(TimeSpan.FromHours(1));
        await after.ResumedAsync();
        var output = await after.AdvanceUntilAsync(TimeSpan.Zero, "Round over");
        Assert.Contains($"Question 1/2 · the answer: {right}", output);
        Assert.Contains("Round over: Test topic", output);
        Assert.Contains("1. ada: 1/1 correct", output);
        var finished = Assert.IsType<QuizFinished>(Assert.Single(after.Events.All));
        Assert.Equal((1, 1), (finished.Correct, finished.Total));

        // Closed: a third start has nothing left to do.
        await using var third = await StartBotAsync(TimeSpan.FromHours(2));
        await third.ResumedAsync();
        Assert.DoesNotContain("the answer", third.TakeOutput());
        Assert.Empty(third.Events.All);
    }

    [Fact]
    public async Task The_daily_question_is_posted_at_the_configured_time_and_revealed_after_its_window()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Quizzes:DailyEnabled"] = "true",
            ["Quizzes:DailyChannel"] = "quiz",
            ["Quizzes:DailyTimeUtc"] = "10:30",
            ["Quizzes:DailyTopic"] = "testing",
            ["Quizzes:DailySeconds"] = "600",
        };
        await using var bot = await StartBotAsync(settings: settings);
        bot.Clock.Advance(TimeSpan.FromMinutes(29));
        await Task.Delay(100); // room for a wrongly early post to show
        Assert.DoesNotContain("[#quiz]", bot.TakeOutput());

        var posted = await bot.AdvanceUntilAsync(TimeSpan.FromMinutes(1), "[#quiz] bot:");
        Assert.Contains("Daily question · Test topic", posted);
        var reveal = await bot.AdvanceUntilAsync(TimeSpan.FromMinutes(10), "Fastest correct");
        Assert.Contains("[#quiz] bot (edited):", reveal);
        Assert.Contains("Nobody got this one.", reveal);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
