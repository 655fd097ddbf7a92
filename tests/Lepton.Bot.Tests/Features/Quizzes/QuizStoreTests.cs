using Lepton.Bot.Chat;
using Lepton.Bot.Features.Quizzes;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Bot.Tests.Features.Quizzes;

/// <summary>The store's rules, against the migrated SQLite database of a real host.</summary>
public sealed class QuizStoreTests : QuizTestsBase
{
    [Fact]
    public async Task Simultaneous_answers_to_one_question_are_recorded_once()
    {
        await using var bot = await StartBotAsync();
        var store = bot.Services.GetRequiredService<QuizStore>();
        var session = (await store.CreateSessionAsync(42, null, "testing", "en", null, 30, ["q-one"], 0))!.Value;
        var answers = Enumerable.Range(0, 8).Select(i =>
            new AnswerRow(42, session, null, 0, "testing", "q-one", i.ToString(System.Globalization.CultureInfo.InvariantCulture), 0, 0, i, i));

        var recorded = await Task.WhenAll(answers.Select(a => Task.Run(() => store.RecordAnswerAsync(a))));

        Assert.Single(recorded, r => r);
        Assert.Single(await store.SessionAnswersAsync(session));
    }

    [Fact]
    public async Task A_member_has_at_most_one_open_quiz_and_a_daily_slot_is_posted_once()
    {
        await using var bot = await StartBotAsync();
        var store = bot.Services.GetRequiredService<QuizStore>();
        Assert.NotNull(await store.CreateSessionAsync(7, null, "testing", "en", null, 30, ["q-one"], 0));
        Assert.Null(await store.CreateSessionAsync(7, null, "testing", "en", null, 30, ["q-two"], 0));

        Assert.NotNull(await store.CreateRoundAsync("daily", null, "quiz", "testing", "en", null, 60, ["q-one"], dailySlot: 1000, 0));
        Assert.Null(await store.CreateRoundAsync("daily", null, "quiz", "testing", "en", null, 60, ["q-two"], dailySlot: 1000, 0));
    }

    [Fact]
    public async Task Topic_autocomplete_offers_the_loaded_topics()
    {
        await using var bot = await StartBotAsync();
        var router = bot.Services.GetRequiredService<CommandRouter>();

        var choices = await router.AutocompleteAsync(new AutocompleteRequest(new ChatUser(1, "ada"), ["quiz", "start"], "topic", "col"), CancellationToken.None);

        Assert.Equal(["colours"], choices.Select(c => c.Value));
    }

    [Fact]
    public async Task The_benchmark_plays_quizzes_and_ranks_an_imported_history()
    {
        var settings = new Dictionary<string, string?> { ["Bench:Quizzes"] = "3", ["Bench:Answers"] = "500", ["Bench:Members"] = "20" };
        await using var bot = await StartBotAsync(settings: settings);
        var benchmark = bot.Services.GetServices<Lepton.Bot.Hosting.IBenchmark>().Single(b => b.Name == "quizzes");
        var output = new StringWriter();

        await benchmark.RunAsync(output, CancellationToken.None);

        Assert.Contains("3 solo quizzes of 5 on colours", output.ToString());
        Assert.Contains("history: 500 answers by 20 members", output.ToString());
        Assert.Contains("/quiz leaderboard period:all: p50", output.ToString());
        // Every played quiz finished: each published its result.
        Assert.Equal(3, bot.Events.All.OfType<QuizFinished>().Count());
    }
}
