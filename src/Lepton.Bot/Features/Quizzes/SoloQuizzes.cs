using System.Globalization;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Quizzes;

/// <summary>
/// Private quizzes: one open quiz per member, every step stored before it is shown, so a restart
/// loses nothing and /quiz start continues the same quiz. A question's timer starts when it is first
/// shown (served_at); an answer after the limit, or coming back after it, counts as unanswered.
/// </summary>
public sealed class SoloQuizzes(QuizLibrary library, QuizStore store, CommunityEvents events, TimeProvider clock, IOptions<QuizOptions> options)
{
    public const string AnswerAction = "a";
    public const string SelectAction = "m";
    public const string NextAction = "n";
    public const string QuitAction = "q";

    private readonly Random _random = new();

    public async Task StartAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var caller = invocation.Caller;
        var open = await store.OpenSessionAsync(caller.Id, cancellationToken).ConfigureAwait(false);
        if (open is not null)
        {
            var state = await LoadAsync(open, cancellationToken).ConfigureAwait(false);
            var texts = QuizTexts.For(open.Language);
            var notice = QuizTexts.Format(texts.Resuming, state.Bank?.Title ?? open.Topic, Math.Min(state.CurrentPosition + 1, state.Questions.Count), state.Questions.Count);
            var reply = await CurrentStepAsync(state, caller, invocation.GuildId, cancellationToken).ConfigureAwait(false);
            await responder.ReplyAsync(reply with { Text = notice, Ephemeral = true }, cancellationToken).ConfigureAwait(false);
            return;
        }

        var topic = invocation.Options.GetRequiredString("topic").Trim();
        var language = QuizFeature.LanguageOf(invocation.Options.GetString("lang"), caller);
        var bank = library.Find(topic, language);
        if (bank is null)
        {
            await responder.ReplyAsync(Reply.Private(QuizFeature.UnknownTopic(topic, library)), cancellationToken).ConfigureAwait(false);
            return;
        }

        var difficulty = QuizFeature.DifficultyOf(invocation.Options.GetString("difficulty"));
        var length = (int)(invocation.Options.GetInteger("length") ?? 5);
        var picked = QuizLibrary.Pick(bank, length, difficulty, _random);
        if (picked.Count == 0)
        {
            await responder.ReplyAsync(Reply.Private($"The {bank.Topic} bank has no {difficulty?.ToString().ToLowerInvariant()} questions in it yet; try another difficulty."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var id = await store.CreateSessionAsync(caller.Id, invocation.GuildId, bank.Topic, bank.Language, difficulty, options.Value.QuestionSeconds,
            picked.Select(q => q.Id).ToList(), now, cancellationToken).ConfigureAwait(false);
        var session = id is { } created
            ? await store.SessionAsync(created, cancellationToken).ConfigureAwait(false)
            : await store.OpenSessionAsync(caller.Id, cancellationToken).ConfigureAwait(false);
        var started = await LoadAsync(session!, cancellationToken).ConfigureAwait(false);
        var first = await CurrentStepAsync(started, caller, invocation.GuildId, cancellationToken).ConfigureAwait(false);
        var note = picked.Count < length ? $"Only {picked.Count} question(s) match; here they are." : null;
        await responder.ReplyAsync(first with { Text = note, Ephemeral = true }, cancellationToken).ConfigureAwait(false);
    }

    public async Task HandleComponentAsync(ComponentInteraction interaction, string action, string[] args, IResponder responder, CancellationToken cancellationToken)
    {
        if (args.Length < 1 || !long.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sessionId))
        {
            await responder.ReplyAsync(Reply.Private("That button is damaged; start again with /quiz start."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var session = await store.SessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        var texts = QuizTexts.For(session?.Language ?? "en");
        if (session is null || session.Status != "open")
        {
            await responder.ReplyAsync(Reply.Private(texts.Over), cancellationToken).ConfigureAwait(false);
            return;
        }

        if ((ulong)session.UserId != interaction.Caller.Id)
        {
            await responder.ReplyAsync(Reply.Private(texts.NotYours), cancellationToken).ConfigureAwait(false);
            return;
        }

        var state = await LoadAsync(session, cancellationToken).ConfigureAwait(false);
        if (action == QuitAction)
        {
            await QuitAsync(state, responder, cancellationToken).ConfigureAwait(false);
            return;
        }

        var position = args.Length > 1 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : -1;
        if (action == NextAction)
        {
            if (position != state.CurrentPosition)
            {
                await responder.ReplyAsync(Reply.Private(texts.Moved), cancellationToken).ConfigureAwait(false);
                return;
            }

            var step = await CurrentStepAsync(state, interaction.Caller, interaction.GuildId, cancellationToken).ConfigureAwait(false);
            await responder.UpdateSourceAsync(step with { Ephemeral = true }, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (state.Answers.Any(a => a.Position == position))
        {
            await responder.ReplyAsync(Reply.Private(texts.AlreadyAnswered), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (position != state.CurrentPosition || state.Questions[position].ServedAt is null)
        {
            await responder.ReplyAsync(Reply.Private(texts.Moved), cancellationToken).ConfigureAwait(false);
            return;
        }

        var chosen = ChosenOptions(action, args, interaction.Values);
        var question = state.Question(position);
        if (chosen is null || (question is not null && chosen.Any(i => i >= question.Options.Count)))
        {
            await responder.ReplyAsync(Reply.Private("That choice is not one of this question's options."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var recorded = await RecordAsync(state, position, chosen, cancellationToken).ConfigureAwait(false);
        if (recorded is null)
        {
            await responder.ReplyAsync(Reply.Private(texts.AlreadyAnswered), cancellationToken).ConfigureAwait(false);
            return;
        }

        var after = await LoadAsync(session, cancellationToken).ConfigureAwait(false);
        var feedback = await FeedbackStepAsync(after, recorded, interaction.Caller, interaction.GuildId, cancellationToken).ConfigureAwait(false);
        await responder.UpdateSourceAsync(feedback with { Ephemeral = true }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Option indices from a button (its id carries the index) or a select menu (its values).</summary>
    private static List<int>? ChosenOptions(string action, string[] args, IReadOnlyList<string> values)
    {
        var raw = action == AnswerAction ? (args.Length > 2 ? [args[2]] : []) : values;
        var chosen = new List<int>();
        foreach (var value in raw)
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return null;
            }

            chosen.Add(index);
        }

        return chosen.Count == 0 ? null : chosen.Distinct().Order().ToList();
    }

    /// <summary>Stores the answer (late ones as unanswered); null when one was stored already.</summary>
    private async Task<AnswerRow?> RecordAsync(QuizState state, int position, IReadOnlyList<int> chosen, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var served = state.Questions[position].ServedAt ?? now;
        var elapsed = TimeSpan.FromMilliseconds(now - served);
        var limit = TimeSpan.FromSeconds(state.Session.QuestionSeconds);
        var question = state.Question(position);
        var late = elapsed > limit || question is null;
        var correct = !late && question!.IsCorrect(chosen);
        var answer = new AnswerRow(state.Session.UserId, state.Session.Id, null, position, state.Session.Topic, state.Questions[position].QuestionId,
            late ? "" : string.Join(',', chosen), correct ? 1 : 0, late ? 0 : QuizScoring.Points(question!.Difficulty, correct, elapsed, limit),
            (long)elapsed.TotalMilliseconds, now);
        return await store.RecordAnswerAsync(answer, cancellationToken).ConfigureAwait(false) ? answer : null;
    }

    /// <summary>
    /// What the member should see now: the current question (starting its timer), or, if they come
    /// back after its time ran out, its feedback as unanswered; the result when nothing is left.
    /// </summary>
    private async Task<Reply> CurrentStepAsync(QuizState state, ChatUser caller, ulong? guildId, CancellationToken cancellationToken)
    {
        var position = state.CurrentPosition;
        if (position >= state.Questions.Count)
        {
            return await FinishAsync(state, caller, guildId, cancellationToken).ConfigureAwait(false);
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var served = await store.MarkServedAsync(state.Session.Id, position, now, cancellationToken).ConfigureAwait(false);
        var question = state.Question(position);
        if (question is null || now - served > state.Session.QuestionSeconds * 1000)
        {
            // Came back too late, or a maintainer removed the question from the bank: unanswered.
            var fresh = state.WithServed(position, served);
            var recorded = await RecordAsync(fresh, position, [0], cancellationToken).ConfigureAwait(false);
            var after = await LoadAsync(state.Session, cancellationToken).ConfigureAwait(false);
            return recorded is null
                ? await CurrentStepAsync(after, caller, guildId, cancellationToken).ConfigureAwait(false)
                : await FeedbackStepAsync(after, recorded, caller, guildId, cancellationToken).ConfigureAwait(false);
        }

        var texts = state.Texts;
        var id = state.Session.Id.ToString(CultureInfo.InvariantCulture);
        var pos = position.ToString(CultureInfo.InvariantCulture);
        var title = QuizTexts.Format(texts.Question, position + 1, state.Questions.Count, state.Bank?.Title ?? state.Session.Topic);
        var footer = QuizTexts.Format(texts.SecondsToAnswer, state.Session.QuestionSeconds, texts.DifficultyName(question.Difficulty));
        var rows = QuizCards.AnswerRows(question,
            i => ComponentId.Create(QuizCards.FeatureKey, AnswerAction, id, pos, i.ToString(CultureInfo.InvariantCulture)),
            ComponentId.Create(QuizCards.FeatureKey, SelectAction, id, pos), texts).ToList();
        rows.Add(ComponentRow.Of(new Button(ComponentId.Create(QuizCards.FeatureKey, QuitAction, id), texts.Quit, ButtonStyle.Secondary)));
        return Reply.Of(QuizCards.QuestionCard(title, question, footer, texts)) with { Rows = rows };
    }

    private async Task<Reply> FeedbackStepAsync(QuizState state, AnswerRow answer, ChatUser caller, ulong? guildId, CancellationToken cancellationToken)
    {
        var texts = state.Texts;
        var position = (int)answer.Position;
        var question = state.Question(position);
        var verdict = answer.TimedOut
            ? QuizTexts.Format(texts.TimedOut, QuizCards.Seconds(answer.ElapsedMs), state.Session.QuestionSeconds)
            : answer.IsCorrect
                ? QuizTexts.Format(texts.CorrectAnswer, answer.Points, QuizCards.Seconds(answer.ElapsedMs))
                : texts.Wrong;
        var title = QuizTexts.Format(texts.Question, position + 1, state.Questions.Count, state.Bank?.Title ?? state.Session.Topic);
        var cards = new List<Card>();
        if (question is not null)
        {
            cards.Add(QuizCards.FeedbackCard(title, question, verdict, answer.IsCorrect, texts));
        }
        else
        {
            cards.Add(new Card(title) { Description = verdict });
        }

        if (state.CurrentPosition >= state.Questions.Count)
        {
            var final = await FinishAsync(state, caller, guildId, cancellationToken).ConfigureAwait(false);
            return new Reply { Cards = [.. cards, .. final.Cards] };
        }

        var next = ComponentId.Create(QuizCards.FeatureKey, NextAction, state.Session.Id.ToString(CultureInfo.InvariantCulture), state.CurrentPosition.ToString(CultureInfo.InvariantCulture));
        var quit = ComponentId.Create(QuizCards.FeatureKey, QuitAction, state.Session.Id.ToString(CultureInfo.InvariantCulture));
        return new Reply { Cards = cards }.WithRows(ComponentRow.Of(new Button(next, texts.Next, ButtonStyle.Primary), new Button(quit, texts.Quit)));
    }

    /// <summary>Closes the quiz (once: the event is published by whoever closed it) and renders the result.</summary>
    private async Task<Reply> FinishAsync(QuizState state, ChatUser caller, ulong? guildId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var correct = state.Answers.Count(a => a.IsCorrect);
        var points = (int)state.Answers.Sum(a => a.Points);
        var total = state.Questions.Count;
        if (await store.CloseSessionAsync(state.Session.Id, "finished", now.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false))
        {
            await events.PublishAsync(new QuizFinished(caller, guildId, now, $"solo-{state.Session.Id}", state.Session.Topic, correct, total, points), cancellationToken).ConfigureAwait(false);
        }

        return Reply.Of(ResultCard(state, correct, points));
    }

    private Card ResultCard(QuizState state, int correct, int points)
    {
        var texts = state.Texts;
        var marks = string.Join("  ", state.Answers.Select(a => $"{a.Position + 1} {(a.TimedOut ? "⏱" : a.IsCorrect ? "✅" : "❌")}"));
        var unanswered = state.Answers.Count(a => a.TimedOut);
        var description = QuizTexts.Format(texts.Score, correct, state.Questions.Count, points)
            + (unanswered > 0 ? " · " + QuizTexts.Format(texts.Unanswered, unanswered) : "")
            + "\n" + marks;
        var missed = state.Answers.Where(a => !a.IsCorrect)
            .Select(a => state.Question((int)a.Position)?.ReadNext ?? state.Bank?.ReadNext)
            .OfType<string>().Distinct(StringComparer.Ordinal).Take(3)
            .Select(link => library.Links.Render(link, state.Session.Language)).ToList();
        var fields = new List<CardField>();
        if (missed.Count > 0)
        {
            fields.Add(new CardField(texts.ReadNext, string.Join("\n", missed)));
        }
        else if (correct == state.Questions.Count)
        {
            fields.Add(new CardField(texts.ReadNext, texts.Perfect));
        }

        return new Card(QuizTexts.Format(texts.Finished, state.Bank?.Title ?? state.Session.Topic)) { Description = description, Fields = fields, Color = 0xF1C40F };
    }

    private async Task QuitAsync(QuizState state, IResponder responder, CancellationToken cancellationToken)
    {
        await store.CloseSessionAsync(state.Session.Id, "quit", clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        var text = QuizTexts.Format(state.Texts.QuitDone, state.Answers.Count, state.Questions.Count);
        await responder.UpdateSourceAsync(Reply.Private(text), cancellationToken).ConfigureAwait(false);
    }

    private async Task<QuizState> LoadAsync(SessionRow session, CancellationToken cancellationToken)
    {
        var questions = await store.SessionQuestionsAsync(session.Id, cancellationToken).ConfigureAwait(false);
        var answers = await store.SessionAnswersAsync(session.Id, cancellationToken).ConfigureAwait(false);
        return new QuizState(session, questions, answers, library.Find(session.Topic, session.Language));
    }

    /// <summary>A quiz as stored: its questions in order and the answers so far.</summary>
    private sealed record QuizState(SessionRow Session, IReadOnlyList<SessionQuestionRow> Questions, IReadOnlyList<AnswerRow> Answers, QuizBank? Bank)
    {
        public QuizTexts Texts => QuizTexts.For(Session.Language);

        /// <summary>The first question without an answer; equals the count when all are answered.</summary>
        public int CurrentPosition => Enumerable.Range(0, Questions.Count).FirstOrDefault(p => Answers.All(a => a.Position != p), Questions.Count);

        public QuizQuestion? Question(int position) =>
            Bank is { } bank && bank.Language == Session.Language
                ? bank.Find(Questions[position].QuestionId)?.PresentedFor($"solo:{Session.Id}:{position}")
                : null;

        public QuizState WithServed(int position, long servedAt) =>
            this with { Questions = Questions.Select(q => q.Position == position ? q with { ServedAt = servedAt } : q).ToList() };
    }
}
