using System.Globalization;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Features.Members;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Quizzes;

/// <summary>
/// /quiz: solo quizzes (start), channel rounds (round, maintainers), stats and the leaderboard.
/// Component ids: quiz:a|m|n|q:SESSION[:POSITION[:OPTION]] for solo quizzes, quiz:ra|rm:ROUND:POSITION[:OPTION] for rounds.
/// </summary>
public sealed class QuizFeature(
    QuizLibrary library,
    SoloQuizzes solo,
    ChannelRounds rounds,
    QuizStore store,
    MemberDirectory members,
    TimeProvider clock,
    IOptions<QuizOptions> options) : IChatFeature
{
    public const int MaxLength = 20;
    public const int MaxRoundQuestions = 10;
    private const int LeaderboardSize = 10;

    public string Key => QuizCards.FeatureKey;

    public IReadOnlyList<CommandDeclaration> Commands { get; } =
    [
        new("quiz", "Quizzes: test yourself privately, join channel rounds, see stats")
        {
            Subcommands =
            [
                new("start", "Start (or continue) a private quiz")
                {
                    RepliesPrivately = true,
                    Options =
                    [
                        new("topic", "Topic, e.g. deep-learning or community") { Required = true, Autocomplete = true, MaxLength = 40 },
                        new("length", "Number of questions (default 5)", OptionType.Integer) { Min = 1, Max = MaxLength },
                        new("difficulty", "Only questions of this difficulty") { Choices = OptionDeclaration.ChoicesOf("easy", "medium", "hard") },
                        new("lang", "Language of the questions (default: yours)") { Choices = OptionDeclaration.ChoicesOf("en", "zh") },
                    ],
                },
                new("round", "Post a quiz round in this channel: everyone answers once")
                {
                    Access = CommandAccess.Maintainer,
                    Options =
                    [
                        new("topic", "Topic, e.g. deep-learning or community") { Required = true, Autocomplete = true, MaxLength = 40 },
                        new("questions", "Number of questions (default 3)", OptionType.Integer) { Min = 1, Max = MaxRoundQuestions },
                        new("seconds", "Seconds per question", OptionType.Integer) { Min = 5, Max = 600 },
                        new("lang", "Language of the questions (default: yours)") { Choices = OptionDeclaration.ChoicesOf("en", "zh") },
                    ],
                },
                new("stats", "Quiz results of a member: accuracy, streaks, topics")
                {
                    RepliesPrivately = true,
                    Options = [new("user", "Whose stats (default: yours)", OptionType.User)],
                },
                new("leaderboard", "Members with the most quiz points")
                {
                    RepliesPrivately = true,
                    Options = [new("period", "week (default), month or all") { Choices = OptionDeclaration.ChoicesOf("week", "month", "all") }],
                },
            ],
        },
    ];

    public Task HandleAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken) => invocation.Subcommand switch
    {
        "start" => solo.StartAsync(invocation, responder, cancellationToken),
        "round" => StartRoundAsync(invocation, responder, cancellationToken),
        "stats" => StatsAsync(invocation, responder, cancellationToken),
        _ => LeaderboardAsync(invocation, responder, cancellationToken),
    };

    public Task HandleComponentAsync(ComponentInteraction interaction, IResponder responder, CancellationToken cancellationToken)
    {
        var (_, action, args) = ComponentId.Parse(interaction.CustomId);
        return action switch
        {
            ChannelRounds.AnswerAction or ChannelRounds.SelectAction => rounds.HandleComponentAsync(interaction, action, args, responder, cancellationToken),
            SoloQuizzes.AnswerAction or SoloQuizzes.SelectAction or SoloQuizzes.NextAction or SoloQuizzes.QuitAction => solo.HandleComponentAsync(interaction, action, args, responder, cancellationToken),
            _ => responder.ReplyAsync(Reply.Private("That button no longer does anything."), cancellationToken),
        };
    }

    public Task<IReadOnlyList<OptionChoice>> AutocompleteAsync(AutocompleteRequest request, CancellationToken cancellationToken)
    {
        var typed = request.Text.Trim();
        IReadOnlyList<OptionChoice> choices = request.OptionName == "topic"
            ? library.Topics.Where(t => t.Contains(typed, StringComparison.OrdinalIgnoreCase)).Select(t => new OptionChoice(t, t)).ToList()
            : [];
        return Task.FromResult(choices);
    }

    /// <summary>The lang option, else Chinese for members whose client is set to Chinese, else English.</summary>
    internal static string LanguageOf(string? option, ChatUser caller) =>
        option ?? (caller.Locale.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh" : "en");

    internal static Difficulty? DifficultyOf(string? option) => option switch
    {
        "easy" => Difficulty.Easy,
        "medium" => Difficulty.Medium,
        "hard" => Difficulty.Hard,
        _ => null,
    };

    internal static string UnknownTopic(string topic, QuizLibrary library) =>
        library.Topics.Count == 0
            ? "No quiz topics are loaded (see the bot's log for problems in config/quizzes)."
            : $"There is no quiz topic '{topic}'. Topics: {string.Join(", ", library.Topics)}.";

    private async Task StartRoundAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var topic = invocation.Options.GetRequiredString("topic").Trim();
        var bank = library.Find(topic, LanguageOf(invocation.Options.GetString("lang"), invocation.Caller));
        if (bank is null)
        {
            await responder.ReplyAsync(Reply.Private(UnknownTopic(topic, library)), cancellationToken).ConfigureAwait(false);
            return;
        }

        var channel = invocation.Channel.Name;
        if (invocation.Channel.IsDirect)
        {
            await responder.ReplyAsync(Reply.Private("Rounds are for server channels; run /quiz round where members can answer."), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (await rounds.HasOpenRoundAsync(channel, cancellationToken).ConfigureAwait(false))
        {
            await responder.ReplyAsync(Reply.Private($"A round is already running in #{channel}; wait for its reveal."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var count = (int)Math.Min(invocation.Options.GetInteger("questions") ?? 3, bank.Questions.Count);
        var seconds = (int)(invocation.Options.GetInteger("seconds") ?? options.Value.RoundSeconds);
        await responder.ReplyAsync(Reply.Private($"Starting a {count}-question round on {bank.Title} in #{channel}, {seconds} s per question."), cancellationToken).ConfigureAwait(false);
        await rounds.StartAsync(new RoundRequest("round", invocation.GuildId, channel, bank, invocation.Caller.Id, count, seconds), cancellationToken).ConfigureAwait(false);
    }

    private async Task StatsAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var member = invocation.Options.GetUser("user") ?? invocation.Caller;
        var stats = QuizStats.From(await store.MemberHistoryAsync(member.Id, cancellationToken).ConfigureAwait(false));
        if (stats.Answered == 0)
        {
            var who = member.Id == invocation.Caller.Id ? "You have" : $"{member.DisplayName} has";
            await responder.ReplyAsync(Reply.Private($"{who} not answered any quiz question yet. Try /quiz start topic:community."), cancellationToken).ConfigureAwait(false);
            return;
        }

        static string Topic(TopicAccuracy? t) => t is null ? "—" : $"{t.Topic} ({t.Accuracy:P0} of {t.Answered})";
        var card = new Card($"Quiz stats: {member.DisplayName}")
        {
            Fields =
            [
                new CardField("Answered", stats.Answered.ToString(CultureInfo.InvariantCulture), Inline: true),
                new CardField("Accuracy", $"{stats.Accuracy.ToString("P0", CultureInfo.InvariantCulture)} ({stats.Correct} correct)", Inline: true),
                new CardField("Streak", $"current {stats.CurrentStreak} · best {stats.BestStreak}", Inline: true),
                new CardField("Strongest topic", Topic(stats.Strongest), Inline: true),
                new CardField("Weakest topic", Topic(stats.Weakest), Inline: true),
            ],
            Footer = $"Topics count once they have {QuizStats.MinAnswersPerTopic} answers.",
            Color = 0x9B59B6,
        };
        await responder.ReplyAsync(Reply.Of(card).AsPrivate(), cancellationToken).ConfigureAwait(false);
    }

    private async Task LeaderboardAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var period = invocation.Options.GetString("period") ?? "week";
        var since = PeriodStart(period, clock.GetUtcNow());
        var rows = await store.LeaderboardAsync(since.ToUnixTimeMilliseconds(), LeaderboardSize, cancellationToken).ConfigureAwait(false);
        var names = await members.NamesAsync(rows.Select(r => (ulong)r.UserId), cancellationToken).ConfigureAwait(false);
        var heading = period switch
        {
            "all" => "all time",
            "month" => $"since {since:yyyy-MM-dd}",
            _ => $"this week (since Monday {since:yyyy-MM-dd})",
        };
        var lines = rows.Select((r, i) => $"{i + 1}. {names.GetValueOrDefault((ulong)r.UserId, "member")}: {r.Points} points ({r.Correct}/{r.Answered} correct)");
        var card = new Card($"Quiz leaderboard: {heading}")
        {
            Description = rows.Count == 0 ? "No quiz points in this period yet. Be the first: /quiz start" : string.Join("\n", lines),
            Color = 0xF1C40F,
        };
        await responder.ReplyAsync(Reply.Of(card).AsPrivate(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Calendar periods in UTC: the week starts Monday 00:00, the month on the 1st.</summary>
    internal static DateTimeOffset PeriodStart(string period, DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return period switch
        {
            "all" => DateTimeOffset.UnixEpoch,
            "month" => new DateTimeOffset(today.Year, today.Month, 1, 0, 0, 0, TimeSpan.Zero),
            _ => today.AddDays(-(((int)today.DayOfWeek + 6) % 7)),
        };
    }
}
