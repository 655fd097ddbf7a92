using System.Diagnostics;
using System.Globalization;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Hosting;
using Microsoft.Extensions.Configuration;

namespace Lepton.Bot.Features.Quizzes;

/// <summary>
/// `bench quizzes`: solo quizzes played through the router (start and every press, p50/p99), then
/// /quiz leaderboard and /quiz stats over a large answer history.
/// Parameters: --Bench:Quizzes (200), --Bench:Answers (200000), --Bench:Members (2000).
/// </summary>
public sealed class QuizBenchmark(CommandRouter router, QuizStore store, QuizLibrary library, IConfiguration configuration, TimeProvider clock) : IBenchmark
{
    public string Name => "quizzes";

    public string Description => "solo quiz presses through the router; leaderboard and stats over a large history";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var quizzes = Setting("Quizzes", 200);
        var history = Setting("Answers", 200_000);
        var members = Setting("Members", 2_000);
        var topic = library.Topics.Contains("deep-learning") ? "deep-learning" : library.Topics[0];
        var channel = new ChatChannel(3, "general");

        var starts = new List<double>();
        var presses = new List<double>();
        for (var i = 0; i < quizzes; i++)
        {
            var member = new ChatUser((ulong)(1_000_000 + i), $"bench-{i}");
            var responder = new CapturingResponder();
            var request = new CommandRequest(member, channel, 1, ["quiz", "start"], new Dictionary<string, object> { ["topic"] = topic, ["length"] = "5" });
            starts.Add(await TimeAsync(() => router.DispatchAsync(request, responder, null, cancellationToken)).ConfigureAwait(false));
            while (responder.Last is { Rows.Count: > 0 } shown && NextPress(shown, member, channel) is { } press)
            {
                presses.Add(await TimeAsync(() => router.DispatchComponentAsync(press, responder, cancellationToken)).ConfigureAwait(false));
            }
        }

        output.WriteLine($"{quizzes} solo quizzes of 5 on {topic}: /quiz start {BenchFigures.Summary(starts)}");
        output.WriteLine($"  presses (answers and Next): {BenchFigures.Summary(presses)}");

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var random = new Random(7);
        var seeded = Stopwatch.StartNew();
        // One finished round carries the whole history (answers need a real quiz or round to belong to).
        var round = (await store.CreateRoundAsync("round", 1, "bench", topic, "en", null, 30, ["q"], null, now, cancellationToken).ConfigureAwait(false))!.Value;
        await store.FinishRoundAsync(round, now, cancellationToken).ConfigureAwait(false);
        var rows = Enumerable.Range(0, history).Select(i =>
            new AnswerRow(2_000_000 + random.Next(members), null, round, i, i % 3 == 0 ? "community" : topic, "q", "0",
                random.Next(3) == 0 ? 0 : 1, random.Next(31), 5_000, now - random.NextInt64(90L * 24 * 3600 * 1000)));
        var inserted = await store.ImportAnswersAsync(rows, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"history: {inserted:N0} answers by {members:N0} members over 90 days, imported in {seeded.Elapsed.TotalSeconds:0.0} s");

        foreach (var (label, path, options) in new (string, string[], Dictionary<string, object>)[]
        {
            ("/quiz leaderboard period:week", ["quiz", "leaderboard"], new() { ["period"] = "week" }),
            ("/quiz leaderboard period:all", ["quiz", "leaderboard"], new() { ["period"] = "all" }),
            ("/quiz stats (member with ~100 answers)", ["quiz", "stats"], new()),
        })
        {
            var caller = new ChatUser(2_000_000 + 17, "bench-history");
            var times = new List<double>();
            for (var i = 0; i < 30; i++)
            {
                var request = new CommandRequest(caller, channel, 1, path, options);
                times.Add(await TimeAsync(() => router.DispatchAsync(request, new CapturingResponder(), null, cancellationToken)).ConfigureAwait(false));
            }

            output.WriteLine($"{label}: {BenchFigures.Summary(times)}");
        }
    }

    /// <summary>The first answer button (or the first menu choice), else Next; null when the quiz is over.</summary>
    private static ComponentInteraction? NextPress(Reply shown, ChatUser member, ChatChannel channel)
    {
        foreach (var item in shown.Rows.SelectMany(r => r.Items))
        {
            switch (item)
            {
                case SelectMenu menu:
                    return new ComponentInteraction(member, channel, 1, menu.CustomId, [menu.Choices[0].Value]);
                case Button button when ComponentId.Parse(button.CustomId).Action is SoloQuizzes.AnswerAction or SoloQuizzes.NextAction:
                    return new ComponentInteraction(member, channel, 1, button.CustomId, []);
            }
        }

        return null;
    }

    private int Setting(string key, int fallback) =>
        int.TryParse(configuration[$"Bench:{key}"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private static async Task<double> TimeAsync(Func<Task> work)
    {
        var watch = Stopwatch.StartNew();
        await work().ConfigureAwait(false);
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>Keeps the message a press replaced or a command sent, as a member's client would show it.</summary>
    private sealed class CapturingResponder : IResponder
    {
        public Reply? Last { get; private set; }

        public Task<SentMessage> ReplyAsync(Reply reply, CancellationToken cancellationToken = default)
        {
            Last = reply;
            return Task.FromResult(new SentMessage("bench", "1"));
        }

        public Task EditAsync(SentMessage message, Reply reply, CancellationToken cancellationToken = default)
        {
            Last = reply;
            return Task.CompletedTask;
        }

        public Task UpdateSourceAsync(Reply reply, CancellationToken cancellationToken = default)
        {
            Last = reply;
            return Task.CompletedTask;
        }

        public Task ShowModalAsync(ModalForm form, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
