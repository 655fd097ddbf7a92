using Dapper;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Storage;
using Microsoft.Data.Sqlite;

namespace Lepton.Bot.Features.Quizzes;

public sealed record SessionRow(long Id, long UserId, long? GuildId, string Topic, string Language, string? Difficulty, long QuestionSeconds, string Status, long StartedAt, long? FinishedAt);

public sealed record SessionQuestionRow(long SessionId, long Position, string QuestionId, long? ServedAt);

public sealed record RoundRow(long Id, string Kind, long? GuildId, string Channel, string Topic, string Language, long? StartedBy, long QuestionSeconds, string Status, long? DailySlot, long StartedAt, long? FinishedAt);

public sealed record RoundQuestionRow(long RoundId, long Position, string QuestionId, long? PostedAt, long? Deadline, string? MessageChannel, string? MessageId, long? RevealedAt)
{
    public SentMessage? Message => MessageChannel is null || MessageId is null ? null : new SentMessage(MessageChannel, MessageId);
}

/// <param name="Correct">1 when right, 0 otherwise (as stored).</param>
public sealed record AnswerRow(long UserId, long? SessionId, long? RoundId, long Position, string Topic, string QuestionId, string Chosen, long Correct, long Points, long ElapsedMs, long AnsweredAt)
{
    public bool IsCorrect => Correct == 1;

    public bool TimedOut => Chosen.Length == 0;

    public IReadOnlyList<int> ChosenIndices => Chosen.Length == 0 ? [] : Chosen.Split(',').Select(int.Parse).ToList();
}

/// <summary>One member's result in a round, for the final standings and the QuizFinished events.</summary>
/// <remarks>Settable classes, not records: SQLite reports aggregate columns of an empty result as BLOBs, which Dapper's constructor matching rejects.</remarks>
public sealed class RoundStanding
{
    public long UserId { get; set; }
    public long Correct { get; set; }
    public long Answered { get; set; }
    public long Points { get; set; }
    public long ElapsedMs { get; set; }
}

public sealed class LeaderboardRow
{
    public long UserId { get; set; }
    public long Points { get; set; }
    public long Correct { get; set; }
    public long Answered { get; set; }
}

/// <summary>
/// The only code with SQL for quiz_sessions, quiz_session_questions, quiz_rounds,
/// quiz_round_questions and quiz_answers. Answers are inserted with ON CONFLICT DO NOTHING against
/// the unique indexes, so "one answer per question" holds even for two presses at the same moment.
/// </summary>
public sealed class QuizStore(BotDatabase database)
{
    private const string SessionColumns = "id AS Id, user_id AS UserId, guild_id AS GuildId, topic AS Topic, language AS Language, difficulty AS Difficulty, question_seconds AS QuestionSeconds, status AS Status, started_at AS StartedAt, finished_at AS FinishedAt";
    private const string RoundColumns = "id AS Id, kind AS Kind, guild_id AS GuildId, channel AS Channel, topic AS Topic, language AS Language, started_by AS StartedBy, question_seconds AS QuestionSeconds, status AS Status, daily_slot AS DailySlot, started_at AS StartedAt, finished_at AS FinishedAt";
    private const string AnswerColumns = "user_id, session_id, round_id, position, topic, question_id, chosen, correct, points, elapsed_ms, answered_at";
    private const string AnswerSelect = "user_id AS UserId, session_id AS SessionId, round_id AS RoundId, position AS Position, topic AS Topic, question_id AS QuestionId, chosen AS Chosen, correct AS Correct, points AS Points, elapsed_ms AS ElapsedMs, answered_at AS AnsweredAt";

    public async Task<SessionRow?> OpenSessionAsync(ulong userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<SessionRow>(
            $"SELECT {SessionColumns} FROM quiz_sessions WHERE user_id = @UserId AND status = 'open'", new { UserId = (long)userId }).ConfigureAwait(false);
    }

    public async Task<SessionRow?> SessionAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<SessionRow>($"SELECT {SessionColumns} FROM quiz_sessions WHERE id = @Id", new { Id = id }).ConfigureAwait(false);
    }

    /// <summary>Creates a quiz and its question list in one transaction; returns null when the member already has an open one.</summary>
    public async Task<long?> CreateSessionAsync(ulong userId, ulong? guildId, string topic, string language, Difficulty? difficulty, int seconds, IReadOnlyList<string> questionIds, long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var id = await connection.ExecuteScalarAsync<long?>(
            """
            INSERT INTO quiz_sessions (user_id, guild_id, topic, language, difficulty, question_seconds, status, started_at)
            VALUES (@UserId, @GuildId, @Topic, @Language, @Difficulty, @Seconds, 'open', @Now)
            ON CONFLICT DO NOTHING
            RETURNING id
            """,
            new { UserId = (long)userId, GuildId = (long?)guildId, Topic = topic, Language = language, Difficulty = difficulty?.ToString().ToLowerInvariant(), Seconds = seconds, Now = now },
            transaction).ConfigureAwait(false);
        if (id is null)
        {
            return null;
        }

        await connection.ExecuteAsync(
            "INSERT INTO quiz_session_questions (session_id, position, question_id) VALUES (@SessionId, @Position, @QuestionId)",
            questionIds.Select((q, i) => new { SessionId = id.Value, Position = i, QuestionId = q }), transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    public async Task<IReadOnlyList<SessionQuestionRow>> SessionQuestionsAsync(long sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<SessionQuestionRow>(
            "SELECT session_id AS SessionId, position AS Position, question_id AS QuestionId, served_at AS ServedAt FROM quiz_session_questions WHERE session_id = @Id ORDER BY position", new { Id = sessionId }).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Starts a question's timer the first time it is shown; returns when it was first shown.</summary>
    public async Task<long> MarkServedAsync(long sessionId, long position, long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(
            """
            UPDATE quiz_session_questions SET served_at = COALESCE(served_at, @Now) WHERE session_id = @Id AND position = @Position;
            SELECT served_at FROM quiz_session_questions WHERE session_id = @Id AND position = @Position;
            """,
            new { Id = sessionId, Position = position, Now = now }).ConfigureAwait(false);
    }

    /// <summary>Records an answer unless this member already answered this question; true when recorded.</summary>
    public async Task<bool> RecordAnswerAsync(AnswerRow answer, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var inserted = await connection.ExecuteAsync(
            $"""
            INSERT INTO quiz_answers ({AnswerColumns})
            VALUES (@UserId, @SessionId, @RoundId, @Position, @Topic, @QuestionId, @Chosen, @Correct, @Points, @ElapsedMs, @AnsweredAt)
            ON CONFLICT DO NOTHING
            """, answer).ConfigureAwait(false);
        return inserted == 1;
    }

    /// <summary>Adds many answers in one transaction (imports, the benchmark's history); duplicates are skipped.</summary>
    public async Task<int> ImportAnswersAsync(IEnumerable<AnswerRow> answers, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var inserted = await connection.ExecuteAsync(
            $"""
            INSERT INTO quiz_answers ({AnswerColumns})
            VALUES (@UserId, @SessionId, @RoundId, @Position, @Topic, @QuestionId, @Chosen, @Correct, @Points, @ElapsedMs, @AnsweredAt)
            ON CONFLICT DO NOTHING
            """, answers, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return inserted;
    }

    public async Task<IReadOnlyList<AnswerRow>> SessionAnswersAsync(long sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<AnswerRow>(
            $"SELECT {AnswerSelect} FROM quiz_answers WHERE session_id = @Id ORDER BY position", new { Id = sessionId }).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Closes an open quiz; true only for the call that closed it (so its event is published once).</summary>
    public async Task<bool> CloseSessionAsync(long sessionId, string status, long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "UPDATE quiz_sessions SET status = @Status, finished_at = @Now WHERE id = @Id AND status = 'open'",
            new { Id = sessionId, Status = status, Now = now }).ConfigureAwait(false) == 1;
    }

    /// <summary>Creates a round and its questions; null when it is a daily slot that was already posted.</summary>
    public async Task<long?> CreateRoundAsync(string kind, ulong? guildId, string channel, string topic, string language, ulong? startedBy, int seconds, IReadOnlyList<string> questionIds, long? dailySlot, long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var id = await connection.ExecuteScalarAsync<long?>(
            """
            INSERT INTO quiz_rounds (kind, guild_id, channel, topic, language, started_by, question_seconds, status, daily_slot, started_at)
            VALUES (@Kind, @GuildId, @Channel, @Topic, @Language, @StartedBy, @Seconds, 'open', @DailySlot, @Now)
            ON CONFLICT DO NOTHING
            RETURNING id
            """,
            new { Kind = kind, GuildId = (long?)guildId, Channel = channel, Topic = topic, Language = language, StartedBy = (long?)startedBy, Seconds = seconds, DailySlot = dailySlot, Now = now },
            transaction).ConfigureAwait(false);
        if (id is null)
        {
            return null;
        }

        await connection.ExecuteAsync(
            "INSERT INTO quiz_round_questions (round_id, position, question_id) VALUES (@RoundId, @Position, @QuestionId)",
            questionIds.Select((q, i) => new { RoundId = id.Value, Position = i, QuestionId = q }), transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    public async Task<RoundRow?> RoundAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<RoundRow>($"SELECT {RoundColumns} FROM quiz_rounds WHERE id = @Id", new { Id = id }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RoundRow>> OpenRoundsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<RoundRow>($"SELECT {RoundColumns} FROM quiz_rounds WHERE status = 'open' ORDER BY id").ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task<IReadOnlyList<RoundQuestionRow>> RoundQuestionsAsync(long roundId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<RoundQuestionRow>(
            "SELECT round_id AS RoundId, position AS Position, question_id AS QuestionId, posted_at AS PostedAt, deadline AS Deadline, message_channel AS MessageChannel, message_id AS MessageId, revealed_at AS RevealedAt FROM quiz_round_questions WHERE round_id = @Id ORDER BY position",
            new { Id = roundId }).ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task MarkPostedAsync(long roundId, long position, long postedAt, long deadline, SentMessage message, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            UPDATE quiz_round_questions SET posted_at = @PostedAt, deadline = @Deadline, message_channel = @Channel, message_id = @MessageId
            WHERE round_id = @RoundId AND position = @Position
            """,
            new { RoundId = roundId, Position = position, PostedAt = postedAt, Deadline = deadline, Channel = message.ChannelKey, message.MessageId }).ConfigureAwait(false);
    }

    /// <summary>Marks a question revealed; true only for the caller that did it, so a reveal is posted once.</summary>
    public async Task<bool> MarkRevealedAsync(long roundId, long position, long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "UPDATE quiz_round_questions SET revealed_at = @Now WHERE round_id = @RoundId AND position = @Position AND revealed_at IS NULL",
            new { RoundId = roundId, Position = position, Now = now }).ConfigureAwait(false) == 1;
    }

    public async Task<bool> FinishRoundAsync(long roundId, long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "UPDATE quiz_rounds SET status = 'finished', finished_at = @Now WHERE id = @Id AND status = 'open'",
            new { Id = roundId, Now = now }).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<AnswerRow>> RoundAnswersAsync(long roundId, long position, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<AnswerRow>(
            $"SELECT {AnswerSelect} FROM quiz_answers WHERE round_id = @Id AND position = @Position ORDER BY elapsed_ms, id",
            new { Id = roundId, Position = position }).ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task<IReadOnlyList<RoundStanding>> RoundStandingsAsync(long roundId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<RoundStanding>(
            """
            SELECT user_id AS UserId, SUM(correct) AS Correct, COUNT(*) AS Answered, SUM(points) AS Points, SUM(elapsed_ms) AS ElapsedMs
            FROM quiz_answers WHERE round_id = @Id
            GROUP BY user_id ORDER BY Points DESC, Correct DESC, ElapsedMs, user_id
            """,
            new { Id = roundId }).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Every answer of a member in order, for stats (small: a handful of columns per answer).</summary>
    public async Task<IReadOnlyList<(string Topic, bool Correct)>> MemberHistoryAsync(ulong userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Topic, long Correct)>(
            "SELECT topic, correct FROM quiz_answers WHERE user_id = @UserId ORDER BY id", new { UserId = (long)userId }).ConfigureAwait(false);
        return rows.Select(r => (r.Topic, r.Correct == 1)).ToList();
    }

    public async Task<IReadOnlyList<LeaderboardRow>> LeaderboardAsync(long since, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<LeaderboardRow>(
            """
            SELECT user_id AS UserId, SUM(points) AS Points, SUM(correct) AS Correct, COUNT(*) AS Answered
            FROM quiz_answers WHERE answered_at >= @Since
            GROUP BY user_id HAVING SUM(points) > 0
            ORDER BY Points DESC, Correct DESC, user_id LIMIT @Limit
            """,
            new { Since = since, Limit = limit }).ConfigureAwait(false);
        return rows.AsList();
    }
}
