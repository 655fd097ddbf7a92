using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Features.Members;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lepton.Bot.Features.Quizzes;

/// <summary>A round to start: where, what, how long; a daily question is a one-question round with its slot.</summary>
public sealed record RoundRequest(string Kind, ulong? GuildId, string Channel, QuizBank Bank, ulong? StartedBy, int Questions, int Seconds, long? DailySlot = null);

/// <summary>
/// Public quiz rounds in a channel (maintainers' /quiz round and the daily question). Each question is
/// posted through <see cref="IChatChannels"/>; everyone answers once, privately confirmed; when its
/// timer ends the post is edited into the reveal (answer, count per option, fastest correct). All
/// state is in SQLite, so at start an open round resumes its timer, or, if its time ran out while
/// the bot was down, is revealed and closed. Rounds started by a command register with
/// <see cref="PendingWork"/> so a scripted console session waits for the reveal.
/// </summary>
public sealed partial class ChannelRounds(
    QuizLibrary library,
    QuizStore store,
    CommunityEvents events,
    MemberDirectory members,
    PendingWork pending,
    TimeProvider clock,
    IServiceProvider services,
    ILogger<ChannelRounds> logger) : IAsyncDisposable
{
    public const string AnswerAction = "ra";
    public const string SelectAction = "rm";
    private const int StandingsShown = 10;
    private const int FastestShown = 3;

    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly Random _random = new();

    private IChatChannels Channels => services.GetRequiredService<IChatChannels>();

    /// <summary>Creates the round, posts its first question and runs its timers in the background; null when the daily slot was already posted.</summary>
    public async Task<long?> StartAsync(RoundRequest request, CancellationToken cancellationToken)
    {
        var picked = QuizLibrary.Pick(request.Bank, request.Questions, null, _random);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var id = await store.CreateRoundAsync(request.Kind, request.GuildId, request.Channel, request.Bank.Topic, request.Bank.Language, request.StartedBy,
            request.Seconds, picked.Select(q => q.Id).ToList(), request.DailySlot, now, cancellationToken).ConfigureAwait(false);
        if (id is { } roundId)
        {
            var round = (await store.RoundAsync(roundId, cancellationToken).ConfigureAwait(false))!;
            var questions = await store.RoundQuestionsAsync(roundId, cancellationToken).ConfigureAwait(false);
            try
            {
                await PostAsync(round, questions[0], questions.Count, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Nothing was posted (say the channel does not exist): close the round so it blocks nothing.
                await store.FinishRoundAsync(roundId, clock.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            Launch(round);
        }

        return id;
    }

    /// <summary>
    /// At start: resume every open round whose current question still has time; reveal and close the
    /// others. Runs in the background (<see cref="ResumeTask"/>), because posting may have to wait for
    /// the chat adapter to connect, which starts after this feature.
    /// </summary>
    public void BeginResumingOpenRounds() => ResumeTask = Task.Run(ResumeOpenRoundsAsync);

    /// <summary>The start-up resumption, once begun; awaited at stop.</summary>
    public Task ResumeTask { get; private set; } = Task.CompletedTask;

    private async Task ResumeOpenRoundsAsync()
    {
        var cancellationToken = _stopping.Token;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            foreach (var round in await store.OpenRoundsAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await ResumeAsync(round, now, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    LogRoundFailed(ex, round.Id);
                    await CloseAfterFailureAsync(round.Id).ConfigureAwait(false);
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped before start-up finished: whatever is still open is looked at next start.
        }
    }

    private async Task ResumeAsync(RoundRow round, long now, CancellationToken cancellationToken)
    {
        var questions = await store.RoundQuestionsAsync(round.Id, cancellationToken).ConfigureAwait(false);
        var current = questions.FirstOrDefault(q => q.RevealedAt is null);
        if (current is { PostedAt: not null, Deadline: { } deadline } && deadline > now)
        {
            LogResumed(round.Id, current.Position + 1);
            Launch(round);
            return;
        }

        LogClosedAtStart(round.Id);
        if (current is { PostedAt: not null })
        {
            await RevealAsync(round, current, questions.Count, cancellationToken).ConfigureAwait(false);
        }

        await FinishAsync(round, cancellationToken).ConfigureAwait(false);
    }

    private async Task CloseAfterFailureAsync(long roundId)
    {
        try
        {
            var round = await store.RoundAsync(roundId, CancellationToken.None).ConfigureAwait(false);
            if (round is { Status: "open" })
            {
                await FinishAsync(round, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            LogRoundFailed(ex, roundId);
        }
    }

    public async Task HandleComponentAsync(ComponentInteraction interaction, string action, string[] args, IResponder responder, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (args.Length < 2
            || !long.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var roundId)
            || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var position))
        {
            await responder.ReplyAsync(Reply.Private("That button is damaged."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var round = await store.RoundAsync(roundId, cancellationToken).ConfigureAwait(false);
        var texts = QuizTexts.For(round?.Language ?? "en");
        var row = round is null ? null : (await store.RoundQuestionsAsync(roundId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(q => q.Position == position);
        var question = row is null ? null : Presented(round!, row);
        if (round is not { Status: "open" } || row is not { PostedAt: { } postedAt, Deadline: { } deadline, RevealedAt: null } || now > deadline || question is null)
        {
            await responder.ReplyAsync(Reply.Private(texts.RoundClosed), cancellationToken).ConfigureAwait(false);
            return;
        }

        var raw = action == AnswerAction ? (args.Length > 2 ? [args[2]] : []) : interaction.Values;
        var chosen = raw.Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1).Distinct().Order().ToList();
        if (chosen.Count == 0 || chosen.Any(i => i < 0 || i >= question.Options.Count))
        {
            await responder.ReplyAsync(Reply.Private("That choice is not one of this question's options."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var elapsed = TimeSpan.FromMilliseconds(now - postedAt);
        var correct = question.IsCorrect(chosen);
        var answer = new AnswerRow((long)interaction.Caller.Id, null, roundId, position, round.Topic, row.QuestionId, string.Join(',', chosen),
            correct ? 1 : 0, QuizScoring.Points(question.Difficulty, correct, elapsed, TimeSpan.FromSeconds(round.QuestionSeconds)), (long)elapsed.TotalMilliseconds, now);
        if (!await store.RecordAnswerAsync(answer, cancellationToken).ConfigureAwait(false))
        {
            await responder.ReplyAsync(Reply.Private(texts.AlreadyAnswered), cancellationToken).ConfigureAwait(false);
            return;
        }

        // Presses do not pass the router's invocation observers, and the reveal needs names for ids.
        await members.RememberAsync(interaction.Caller, cancellationToken).ConfigureAwait(false);
        await responder.ReplyAsync(Reply.Private(QuizTexts.Format(texts.RoundConfirmed, QuizCards.ChosenText(question, chosen))), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> HasOpenRoundAsync(string channel, CancellationToken cancellationToken) =>
        (await store.OpenRoundsAsync(cancellationToken).ConfigureAwait(false)).Any(r => r.Kind == "round" && string.Equals(r.Channel, channel, StringComparison.OrdinalIgnoreCase));

    /// <summary>Stops the timers (rounds stay open in the database and resume at the next start).</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_running.Values.Append(ResumeTask)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void Launch(RoundRow round)
    {
        // Only command-started rounds hold the console open; the daily question runs for hours.
        var token = round.Kind == "round" ? pending.Begin($"quiz round {round.Id} in #{round.Channel}") : null;
        _running[round.Id] = Task.Run(() => RunAsync(round.Id, token));
    }

    private async Task RunAsync(long roundId, IDisposable? pendingToken)
    {
        var cancellationToken = _stopping.Token;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var round = await store.RoundAsync(roundId, cancellationToken).ConfigureAwait(false);
                if (round is not { Status: "open" })
                {
                    return;
                }

                var questions = await store.RoundQuestionsAsync(roundId, cancellationToken).ConfigureAwait(false);
                var current = questions.FirstOrDefault(q => q.RevealedAt is null);
                if (current is null)
                {
                    await FinishAsync(round, cancellationToken).ConfigureAwait(false);
                    return;
                }

                if (current.Deadline is not { } deadline)
                {
                    await PostAsync(round, current, questions.Count, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var wait = TimeSpan.FromMilliseconds(deadline - clock.GetUtcNow().ToUnixTimeMilliseconds());
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
                }

                await RevealAsync(round, current, questions.Count, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Host stopping (whatever the interrupted call threw: a cancelled query, a closed writer):
            // the round stays open and resumes at the next start.
        }
        catch (Exception ex)
        {
            // A post or edit that keeps failing (a deleted channel, Discord down): close the round so
            // results are published and the channel is free for the next one.
            LogRoundFailed(ex, roundId);
            await CloseAfterFailureAsync(roundId).ConfigureAwait(false);
        }
        finally
        {
            pendingToken?.Dispose();
            _running.TryRemove(roundId, out _);
        }
    }

    private async Task PostAsync(RoundRow round, RoundQuestionRow row, int count, CancellationToken cancellationToken)
    {
        var question = Presented(round, row);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var deadline = now + (round.QuestionSeconds * 1000);
        if (question is null)
        {
            // Removed from the bank since the round began: mark it done without a post.
            await store.MarkPostedAsync(round.Id, row.Position, now, now, new SentMessage("", ""), cancellationToken).ConfigureAwait(false);
            await store.MarkRevealedAsync(round.Id, row.Position, now, cancellationToken).ConfigureAwait(false);
            return;
        }

        var texts = QuizTexts.For(round.Language);
        var id = round.Id.ToString(CultureInfo.InvariantCulture);
        var pos = row.Position.ToString(CultureInfo.InvariantCulture);
        var rows = QuizCards.AnswerRows(question,
            i => ComponentId.Create(QuizCards.FeatureKey, AnswerAction, id, pos, i.ToString(CultureInfo.InvariantCulture)),
            ComponentId.Create(QuizCards.FeatureKey, SelectAction, id, pos), texts);
        var card = QuizCards.QuestionCard(Title(round, row.Position, count, texts), question, QuizTexts.Format(texts.RoundFooter, round.QuestionSeconds), texts);
        var message = await Channels.PostAsync(round.Channel, Reply.Of(card) with { Rows = rows }, cancellationToken).ConfigureAwait(false);
        await store.MarkPostedAsync(round.Id, row.Position, now, deadline, message, cancellationToken).ConfigureAwait(false);
    }

    private async Task RevealAsync(RoundRow round, RoundQuestionRow row, int count, CancellationToken cancellationToken)
    {
        if (!await store.MarkRevealedAsync(round.Id, row.Position, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var question = Presented(round, row);
        if (question is null)
        {
            return;
        }

        var texts = QuizTexts.For(round.Language);
        var answers = await store.RoundAnswersAsync(round.Id, row.Position, cancellationToken).ConfigureAwait(false);
        var counts = new int[question.Options.Count];
        foreach (var index in answers.SelectMany(a => a.ChosenIndices).Where(i => i < counts.Length))
        {
            counts[index]++;
        }

        var optionLines = new StringBuilder();
        for (var i = 0; i < counts.Length; i++)
        {
            optionLines.Append(CultureInfo.InvariantCulture, $"{(question.Correct.Contains(i) ? "✅" : "▫️")} {QuizQuestion.Letter(i)}. {question.Options[i]}: {counts[i]}\n");
        }

        var fastest = answers.Where(a => a.IsCorrect).Take(FastestShown).ToList();
        var names = await members.NamesAsync(fastest.Select(a => (ulong)a.UserId), cancellationToken).ConfigureAwait(false);
        var fastestText = fastest.Count == 0
            ? texts.NobodyRight
            : string.Join("\n", fastest.Select((a, i) => $"{i + 1}. {names.GetValueOrDefault((ulong)a.UserId, "member")} ({QuizCards.Seconds(a.ElapsedMs)} s)"));
        var answerLetters = string.Join(", ", question.Correct.Select(QuizQuestion.Letter));
        var card = new Card(QuizTexts.Format(texts.Reveal, row.Position + 1, count, answerLetters))
        {
            Description = question.Text,
            Fields =
            [
                new CardField(QuizTexts.Format(texts.Responses, answers.Count), QuizCards.Truncate(optionLines.ToString().TrimEnd(), QuizCards.MaxFieldLength)),
                new CardField(texts.Fastest, QuizCards.Truncate(fastestText, QuizCards.MaxFieldLength)),
                new CardField(texts.Why, question.Explanation),
            ],
            Footer = round.Kind == "daily" ? QuizTexts.Format(texts.Daily, library.Find(round.Topic, round.Language)?.Title ?? round.Topic) : null,
            Color = 0x2ECC71,
        };
        if (row.Message is { MessageId.Length: > 0 } message)
        {
            await Channels.EditAsync(message, Reply.Of(card), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await Channels.PostAsync(round.Channel, Reply.Of(card), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the round (once), posts the standings of a multi-question round and publishes each member's result.</summary>
    private async Task FinishAsync(RoundRow round, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!await store.FinishRoundAsync(round.Id, now.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var questions = await store.RoundQuestionsAsync(round.Id, cancellationToken).ConfigureAwait(false);
        var asked = questions.Count(q => q.PostedAt is not null && q.MessageId is { Length: > 0 });
        var standings = await store.RoundStandingsAsync(round.Id, cancellationToken).ConfigureAwait(false);
        var names = await members.NamesAsync(standings.Select(s => (ulong)s.UserId), cancellationToken).ConfigureAwait(false);

        // Results first: members' points must not depend on the standings post getting through.
        foreach (var standing in standings)
        {
            var member = new ChatUser((ulong)standing.UserId, names.GetValueOrDefault((ulong)standing.UserId, "member"));
            await events.PublishAsync(new QuizFinished(member, (ulong?)round.GuildId, now, $"round-{round.Id}", round.Topic, (int)standing.Correct, asked, (int)standing.Points), cancellationToken).ConfigureAwait(false);
        }

        var texts = QuizTexts.For(round.Language);
        if (questions.Count > 1)
        {
            var lines = standings.Take(StandingsShown).Select((s, i) =>
                $"{i + 1}. {names.GetValueOrDefault((ulong)s.UserId, "member")}: {QuizTexts.Format(texts.Score, s.Correct, asked, s.Points)}");
            var card = new Card(QuizTexts.Format(texts.Standings, library.Find(round.Topic, round.Language)?.Title ?? round.Topic))
            {
                Description = standings.Count == 0 ? "—" : string.Join("\n", lines),
                Color = 0xF1C40F,
            };
            await Channels.PostAsync(round.Channel, Reply.Of(card), cancellationToken).ConfigureAwait(false);
        }
    }

    private QuizQuestion? Presented(RoundRow round, RoundQuestionRow row) =>
        library.Question(round.Topic, round.Language, row.QuestionId)?.PresentedFor($"round:{round.Id}:{row.Position}");

    private string Title(RoundRow round, long position, int count, QuizTexts texts)
    {
        var topic = library.Find(round.Topic, round.Language)?.Title ?? round.Topic;
        return round.Kind == "daily" ? QuizTexts.Format(texts.Daily, topic) : QuizTexts.Format(texts.Question, position + 1, count, topic);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Quiz round {RoundId} resumed at question {Position}")]
    private partial void LogResumed(long roundId, long position);

    [LoggerMessage(Level = LogLevel.Information, Message = "Quiz round {RoundId} ran out of time while the bot was down; revealed and closed")]
    private partial void LogClosedAtStart(long roundId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Quiz round {RoundId} failed")]
    private partial void LogRoundFailed(Exception exception, long roundId);
}
