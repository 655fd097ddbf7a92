using Dapper;
using Lepton.Bot.Storage;
using Microsoft.Data.Sqlite;

namespace Lepton.Bot.Features.Challenges;

/// <summary>
/// The challenges and submissions tables. Every state change of a submission is one conditional
/// UPDATE, so two actors (the runner finishing, a member cancelling) can never both win, and a
/// submission is never left "running" by a crash: start-up re-queues or gives up on those.
/// </summary>
public sealed class ChallengeStore(BotDatabase database)
{
    private const string SubmissionColumns = """
        id, challenge_id AS ChallengeId, member_id AS MemberId, member_name AS MemberName, source, spec_text AS SpecText,
        status, attempts, reason, queued_at AS QueuedAt, started_at AS StartedAt, finished_at AS FinishedAt,
        public_accuracy AS PublicAccuracy, private_accuracy AS PrivateAccuracy, parameters, wall_seconds AS WallSeconds,
        epochs_completed AS EpochsCompleted, dataset, progress_channel AS ProgressChannel, progress_message AS ProgressMessage, selected
        """;

    private const string ChallengeColumns = """
        id, slug, name, description, preset, max_parameters AS MaxParameters, max_epochs AS MaxEpochs, max_minutes AS MaxMinutes,
        daily_submissions AS DailySubmissions, channel, opens_at AS OpensAt, closes_at AS ClosesAt, status, closed_at AS ClosedAt
        """;

    public async Task<Challenge?> CreateChallengeAsync(NewChallenge challenge, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var id = await connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO challenges (slug, name, description, preset, max_parameters, max_epochs, max_minutes, daily_submissions,
                                        channel, opens_at, closes_at, status, created_by, created_at)
                VALUES (@Slug, @Name, @Description, @Preset, @MaxParameters, @MaxEpochs, @MaxMinutes, @DailySubmissions,
                        @Channel, @OpensAt, @ClosesAt, 'open', @CreatedBy, @Now)
                RETURNING id
                """,
                new
                {
                    challenge.Slug, challenge.Name, challenge.Description, challenge.Preset, challenge.MaxParameters, challenge.MaxEpochs,
                    challenge.MaxMinutes, challenge.DailySubmissions, challenge.Channel,
                    OpensAt = challenge.OpensAt.ToUnixTimeMilliseconds(), ClosesAt = challenge.ClosesAt.ToUnixTimeMilliseconds(),
                    CreatedBy = (long)challenge.CreatedBy, Now = now.ToUnixTimeMilliseconds(),
                }).ConfigureAwait(false);
            return await FindAsync(connection, "id = @Id", new { Id = id }).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19 /* SQLITE_CONSTRAINT: the slug is taken */)
        {
            return null;
        }
    }

    public async Task<Challenge?> FindChallengeAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, "slug = @Slug", new { Slug = slug }).ConfigureAwait(false);
    }

    public async Task<Challenge?> FindChallengeAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, "id = @Id", new { Id = id }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Challenge>> ListChallengesAsync(bool includeClosed, int limit = 25, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ChallengeRow>(
            $"SELECT {ChallengeColumns} FROM challenges {(includeClosed ? "" : "WHERE status = 'open'")} ORDER BY status = 'open' DESC, closes_at DESC LIMIT @Limit",
            new { Limit = limit }).ConfigureAwait(false);
        return rows.Select(r => r.ToChallenge()).ToList();
    }

    /// <summary>Closed challenges whose rewards and results post have not gone out yet (a crash or a failed post).</summary>
    public async Task<IReadOnlyList<Challenge>> ClosedWithoutResultsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ChallengeRow>(
            $"SELECT {ChallengeColumns} FROM challenges WHERE status = 'closed' AND results_published_at IS NULL ORDER BY closed_at").ConfigureAwait(false);
        return rows.Select(r => r.ToChallenge()).ToList();
    }

    public async Task MarkResultsPublishedAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE challenges SET results_published_at = @Now WHERE id = @Id",
            new { Id = id, Now = now.ToUnixTimeMilliseconds() }).ConfigureAwait(false);
    }

    /// <summary>Marks the challenge closed and cancels what was still waiting or running for it, in one transaction.</summary>
    public async Task<(bool Closed, IReadOnlyList<Submission> Cancelled)> CloseChallengeAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(
            "UPDATE challenges SET status = 'closed', closed_at = @Now WHERE id = @Id AND status = 'open'",
            new { Id = id, Now = now.ToUnixTimeMilliseconds() }, transaction).ConfigureAwait(false);
        if (changed == 0)
        {
            return (false, []);
        }

        var cancelled = (await connection.QueryAsync<SubmissionRow>(
            $"""
            UPDATE submissions SET status = 'cancelled', reason = 'the challenge closed before it finished', finished_at = @Now
            WHERE challenge_id = @Id AND status IN ('queued', 'running')
            RETURNING {SubmissionColumns}
            """,
            new { Id = id, Now = now.ToUnixTimeMilliseconds() }, transaction).ConfigureAwait(false)).Select(r => r.ToSubmission()).ToList();
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (true, cancelled);
    }

    /// <summary>
    /// Queues a submission unless the member already has one waiting or running in this challenge,
    /// or used up today's submissions. Checked and inserted in one transaction.
    /// </summary>
    public async Task<(Submission? Submission, string? Problem)> AddSubmissionAsync(
        Challenge challenge, ulong memberId, string memberName, string source, string specText, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var today = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM submissions WHERE challenge_id = @Challenge AND member_id = @Member AND queued_at >= @DayStart",
            new { Challenge = challenge.Id, Member = (long)memberId, DayStart = dayStart.ToUnixTimeMilliseconds() }, transaction).ConfigureAwait(false);
        if (today >= challenge.DailySubmissions)
        {
            var next = dayStart.AddDays(1);
            return (null, $"you already made {today} submission(s) to {challenge.Slug} today, the daily limit; the next is possible from {next:yyyy-MM-dd HH:mm} UTC");
        }

        try
        {
            var row = await connection.QuerySingleAsync<SubmissionRow>(
                $"""
                INSERT INTO submissions (challenge_id, member_id, member_name, source, spec_text, status, queued_at)
                VALUES (@Challenge, @Member, @Name, @Source, @Spec, 'queued', @Now)
                RETURNING {SubmissionColumns}
                """,
                new { Challenge = challenge.Id, Member = (long)memberId, Name = memberName, Source = source, Spec = specText, Now = now.ToUnixTimeMilliseconds() },
                transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (row.ToSubmission(), null);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19 /* the one-active-submission index */)
        {
            return (null, $"you already have a submission waiting or running in {challenge.Slug}; wait for it or /challenge cancel it");
        }
    }

    /// <summary>Takes the oldest queued submission of an open challenge and marks it running.</summary>
    public async Task<Submission?> ClaimNextAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<SubmissionRow>(
            $"""
            UPDATE submissions SET status = 'running', attempts = attempts + 1, started_at = @Now
            WHERE id = (SELECT s.id FROM submissions s JOIN challenges c ON c.id = s.challenge_id
                        WHERE s.status = 'queued' AND c.status = 'open' ORDER BY s.id LIMIT 1)
              AND status = 'queued'
            RETURNING {SubmissionColumns}
            """,
            new { Now = now.ToUnixTimeMilliseconds() }).ConfigureAwait(false);
        return row?.ToSubmission();
    }

    /// <summary>
    /// At start: submissions left "running" by a process that died go back to the queue, or, after
    /// <paramref name="maxAttempts"/> tries, fail with the reason. Returns both lists.
    /// </summary>
    public async Task<(IReadOnlyList<Submission> Requeued, IReadOnlyList<Submission> GaveUp)> RecoverInterruptedAsync(int maxAttempts, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var gaveUp = await connection.QueryAsync<SubmissionRow>(
            $"""
            UPDATE submissions SET status = 'failed', finished_at = @Now,
                   reason = 'the bot stopped during the run ' || attempts || ' times; giving up'
            WHERE status = 'running' AND attempts >= @Max
            RETURNING {SubmissionColumns}
            """,
            new { Max = maxAttempts, Now = now.ToUnixTimeMilliseconds() }, transaction).ConfigureAwait(false);
        var requeued = await connection.QueryAsync<SubmissionRow>(
            $"UPDATE submissions SET status = 'queued', started_at = NULL WHERE status = 'running' RETURNING {SubmissionColumns}",
            transaction: transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (requeued.Select(r => r.ToSubmission()).ToList(), gaveUp.Select(r => r.ToSubmission()).ToList());
    }

    /// <summary>A graceful stop mid-run: back to the queue, and the attempt does not count against it.</summary>
    public async Task RequeueAsync(long submissionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "UPDATE submissions SET status = 'queued', started_at = NULL, attempts = max(attempts - 1, 0) WHERE id = @Id AND status = 'running'",
            new { Id = submissionId }).ConfigureAwait(false);
    }

    public async Task SetProgressMessageAsync(long submissionId, string channel, string messageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "UPDATE submissions SET progress_channel = @Channel, progress_message = @Message WHERE id = @Id",
            new { Id = submissionId, Channel = channel, Message = messageId }).ConfigureAwait(false);
    }

    /// <summary>Records the outcome; false when the submission was no longer running (cancelled meanwhile).</summary>
    public async Task<bool> CompleteAsync(long submissionId, RunOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(
            """
            UPDATE submissions SET status = @Status, reason = @Reason, finished_at = @Now, public_accuracy = @PublicAccuracy,
                   private_accuracy = @PrivateAccuracy, parameters = @Parameters, wall_seconds = @WallSeconds,
                   epochs_completed = @EpochsCompleted, dataset = @Dataset, result_json = @ResultJson
            WHERE id = @Id AND status = 'running'
            """,
            new
            {
                Id = submissionId, Status = StatusText(outcome.Status), outcome.Reason, Now = now.ToUnixTimeMilliseconds(),
                outcome.PublicAccuracy, outcome.PrivateAccuracy, outcome.Parameters, outcome.WallSeconds, outcome.EpochsCompleted,
                outcome.Dataset, outcome.ResultJson,
            }).ConfigureAwait(false);
        return changed == 1;
    }

    /// <summary>Cancels the member's waiting or running submission in a challenge; returns it as it was.</summary>
    public async Task<Submission?> CancelAsync(long challengeId, ulong memberId, string reason, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var before = await connection.QuerySingleOrDefaultAsync<SubmissionRow>(
            $"SELECT {SubmissionColumns} FROM submissions WHERE challenge_id = @Challenge AND member_id = @Member AND status IN ('queued', 'running')",
            new { Challenge = challengeId, Member = (long)memberId }).ConfigureAwait(false);
        if (before is null)
        {
            return null;
        }

        var changed = await connection.ExecuteAsync(
            "UPDATE submissions SET status = 'cancelled', reason = @Reason, finished_at = @Now WHERE id = @Id AND status IN ('queued', 'running')",
            new { before.Id, Reason = reason, Now = now.ToUnixTimeMilliseconds() }).ConfigureAwait(false);
        return changed == 1 ? before.ToSubmission() : null;
    }

    public async Task<Submission?> FindSubmissionAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<SubmissionRow>(
            $"SELECT {SubmissionColumns} FROM submissions WHERE id = @Id", new { Id = id }).ConfigureAwait(false);
        return row?.ToSubmission();
    }

    public async Task<string?> ResultJsonAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<string?>("SELECT result_json FROM submissions WHERE id = @Id", new { Id = id }).ConfigureAwait(false);
    }

    /// <summary>Queued and running submissions of open challenges, in the order they will run.</summary>
    public async Task<IReadOnlyList<Submission>> QueueAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<SubmissionRow>(
            $"""
            SELECT {SubmissionColumns} FROM submissions
            WHERE status IN ('queued', 'running') AND challenge_id IN (SELECT id FROM challenges WHERE status = 'open')
            ORDER BY status = 'running' DESC, id
            """).ConfigureAwait(false);
        return rows.Select(r => r.ToSubmission()).ToList();
    }

    public async Task<IReadOnlyList<Submission>> MemberSubmissionsAsync(long challengeId, ulong memberId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<SubmissionRow>(
            $"SELECT {SubmissionColumns} FROM submissions WHERE challenge_id = @Challenge AND member_id = @Member ORDER BY id DESC LIMIT 20",
            new { Challenge = challengeId, Member = (long)memberId }).ConfigureAwait(false);
        return rows.Select(r => r.ToSubmission()).ToList();
    }

    /// <summary>Mean wall time of recent runs in a challenge, for queue estimates; null before any.</summary>
    public async Task<double?> AverageRunSecondsAsync(long challengeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<double?>(
            "SELECT avg(wall_seconds) FROM (SELECT wall_seconds FROM submissions WHERE challenge_id = @Challenge AND status = 'succeeded' ORDER BY id DESC LIMIT 10)",
            new { Challenge = challengeId }).ConfigureAwait(false);
    }

    /// <summary>The member picks which of their finished submissions counts in the final ranking.</summary>
    public async Task<bool> SelectAsync(long challengeId, ulong memberId, long submissionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var exists = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM submissions WHERE id = @Id AND challenge_id = @Challenge AND member_id = @Member AND status = 'succeeded'",
            new { Id = submissionId, Challenge = challengeId, Member = (long)memberId }, transaction).ConfigureAwait(false);
        if (exists == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(
            "UPDATE submissions SET selected = (id = @Id) WHERE challenge_id = @Challenge AND member_id = @Member",
            new { Id = submissionId, Challenge = challengeId, Member = (long)memberId }, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Public: each member's best public score. Final: each member's selected submission (else their
    /// best public one), ranked by its score on the private half. Ties go to the earlier submission.
    /// </summary>
    public async Task<IReadOnlyList<Standing>> StandingsAsync(long challengeId, bool final, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<StandingRow>(
            $"""
            WITH ranked AS (
                SELECT id, member_id, member_name, queued_at, public_accuracy, private_accuracy,
                       row_number() OVER (PARTITION BY member_id ORDER BY {(final ? "selected DESC, " : "")}public_accuracy DESC, id) AS pick
                FROM submissions
                WHERE challenge_id = @Challenge AND status = 'succeeded' AND public_accuracy IS NOT NULL
            )
            SELECT member_id AS MemberId, member_name AS MemberName, id AS SubmissionId, queued_at AS SubmittedAt,
                   {(final ? "private_accuracy" : "public_accuracy")} AS Score
            FROM ranked WHERE pick = 1 AND {(final ? "private_accuracy" : "public_accuracy")} IS NOT NULL
            ORDER BY Score DESC, SubmissionId
            """,
            new { Challenge = challengeId }).ConfigureAwait(false);
        return rows.Select((r, i) => new Standing(i + 1, (ulong)r.MemberId, r.MemberName, r.SubmissionId, r.Score, DateTimeOffset.FromUnixTimeMilliseconds(r.SubmittedAt))).ToList();
    }

    private static async Task<Challenge?> FindAsync(SqliteConnection connection, string where, object parameters)
    {
        var row = await connection.QuerySingleOrDefaultAsync<ChallengeRow>($"SELECT {ChallengeColumns} FROM challenges WHERE {where}", parameters).ConfigureAwait(false);
        return row?.ToChallenge();
    }

    internal static string StatusText(SubmissionStatus status) => status.ToString().ToLowerInvariant();

    private sealed class ChallengeRow
    {
        public long Id { get; set; }
        public string Slug { get; set; } = "";
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public string Preset { get; set; } = "";
        public long MaxParameters { get; set; }
        public long MaxEpochs { get; set; }
        public long MaxMinutes { get; set; }
        public long DailySubmissions { get; set; }
        public string Channel { get; set; } = "";
        public long OpensAt { get; set; }
        public long ClosesAt { get; set; }
        public string Status { get; set; } = "";
        public long? ClosedAt { get; set; }

        public Challenge ToChallenge() => new(
            Id, Slug, Name, Description, Preset, MaxParameters, (int)MaxEpochs, (int)MaxMinutes, (int)DailySubmissions, Channel,
            DateTimeOffset.FromUnixTimeMilliseconds(OpensAt), DateTimeOffset.FromUnixTimeMilliseconds(ClosesAt), Status == "open",
            ClosedAt is { } closed ? DateTimeOffset.FromUnixTimeMilliseconds(closed) : null);
    }

    private sealed class SubmissionRow
    {
        public long Id { get; set; }
        public long ChallengeId { get; set; }
        public long MemberId { get; set; }
        public string MemberName { get; set; } = "";
        public string Source { get; set; } = "";
        public string SpecText { get; set; } = "";
        public string Status { get; set; } = "";
        public long Attempts { get; set; }
        public string? Reason { get; set; }
        public long QueuedAt { get; set; }
        public long? StartedAt { get; set; }
        public long? FinishedAt { get; set; }
        public double? PublicAccuracy { get; set; }
        public double? PrivateAccuracy { get; set; }
        public long? Parameters { get; set; }
        public double? WallSeconds { get; set; }
        public double? EpochsCompleted { get; set; }
        public string? Dataset { get; set; }
        public string? ProgressChannel { get; set; }
        public string? ProgressMessage { get; set; }
        public long Selected { get; set; }

        public Submission ToSubmission() => new(
            Id, ChallengeId, (ulong)MemberId, MemberName, Source, SpecText, Enum.Parse<SubmissionStatus>(Status, ignoreCase: true), (int)Attempts, Reason,
            DateTimeOffset.FromUnixTimeMilliseconds(QueuedAt), Time(StartedAt), Time(FinishedAt), PublicAccuracy, PrivateAccuracy, Parameters,
            WallSeconds, EpochsCompleted, Dataset, ProgressChannel, ProgressMessage, Selected != 0);

        private static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
    }

    private sealed class StandingRow
    {
        public long MemberId { get; set; }
        public string MemberName { get; set; } = "";
        public long SubmissionId { get; set; }
        public long SubmittedAt { get; set; }
        public double Score { get; set; }
    }
}
