using Dapper;
using Lepton.Bot.Storage;

namespace Lepton.Bot.Features.Tutorials;

/// <summary>Where one member stands in one tutorial.</summary>
/// <param name="Step">0-based step shown now.</param>
/// <param name="UnlockedStep">Furthest step the member may open; a check at step s counts as answered when this is beyond s.</param>
public sealed record TutorialProgress(
    ulong UserId,
    string TutorialId,
    string Language,
    int Step,
    int UnlockedStep,
    int WrongAnswers,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt)
{
    public bool IsCheckPassed(int step) => UnlockedStep > step;
}

/// <summary>Owns the tutorial_progress table: every member's place in every tutorial they opened.</summary>
public sealed class TutorialProgressStore(BotDatabase database)
{
    private const string Columns = "user_id, tutorial_id, language, step, unlocked_step, wrong_answers, started_at, updated_at, completed_at";

    public async Task<TutorialProgress?> FindAsync(ulong userId, string tutorialId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM tutorial_progress WHERE user_id = @User AND tutorial_id = @Tutorial",
            new { User = (long)userId, Tutorial = tutorialId }).ConfigureAwait(false);
        return row?.ToProgress();
    }

    public async Task<IReadOnlyList<TutorialProgress>> ForMemberAsync(ulong userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(
            $"SELECT {Columns} FROM tutorial_progress WHERE user_id = @User ORDER BY updated_at DESC",
            new { User = (long)userId }).ConfigureAwait(false);
        return rows.Select(r => r.ToProgress()).ToList();
    }

    /// <summary>
    /// Opens a tutorial: a new member starts at step 0; a member who left off resumes where they were,
    /// in the language they now asked for (a finished tutorial was set back to step 0 when it was finished).
    /// </summary>
    public async Task<(TutorialProgress Progress, bool Resumed)> OpenAsync(ulong userId, string tutorialId, string language, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var existing = await connection.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM tutorial_progress WHERE user_id = @User AND tutorial_id = @Tutorial",
            new { User = (long)userId, Tutorial = tutorialId }, transaction).ConfigureAwait(false);
        var at = now.ToUnixTimeMilliseconds();
        var resumed = existing is not null;
        if (existing is null)
        {
            await connection.ExecuteAsync(
                "INSERT INTO tutorial_progress (user_id, tutorial_id, language, step, unlocked_step, started_at, updated_at) VALUES (@User, @Tutorial, @Language, 0, 0, @At, @At)",
                new { User = (long)userId, Tutorial = tutorialId, Language = language, At = at }, transaction).ConfigureAwait(false);
        }
        else
        {
            await connection.ExecuteAsync(
                "UPDATE tutorial_progress SET language = @Language, updated_at = @At WHERE user_id = @User AND tutorial_id = @Tutorial",
                new { User = (long)userId, Tutorial = tutorialId, Language = language, At = at }, transaction).ConfigureAwait(false);
        }

        var row = await connection.QuerySingleAsync<Row>(
            $"SELECT {Columns} FROM tutorial_progress WHERE user_id = @User AND tutorial_id = @Tutorial",
            new { User = (long)userId, Tutorial = tutorialId }, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (row.ToProgress(), resumed);
    }

    /// <summary>Moves to <paramref name="step"/>; never beyond what is unlocked, which the caller checked.</summary>
    public Task MoveAsync(ulong userId, string tutorialId, int step, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            "UPDATE tutorial_progress SET step = @Step, unlocked_step = MAX(unlocked_step, @Step), updated_at = @At WHERE user_id = @User AND tutorial_id = @Tutorial",
            new { User = (long)userId, Tutorial = tutorialId, Step = step, At = now.ToUnixTimeMilliseconds() }, cancellationToken);

    /// <summary>Records an answer to the check on <paramref name="step"/>: a right one unlocks the next step.</summary>
    public Task AnswerAsync(ulong userId, string tutorialId, int step, bool correct, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            correct
                ? "UPDATE tutorial_progress SET unlocked_step = MAX(unlocked_step, @Step + 1), updated_at = @At WHERE user_id = @User AND tutorial_id = @Tutorial"
                : "UPDATE tutorial_progress SET wrong_answers = wrong_answers + 1, updated_at = @At WHERE user_id = @User AND tutorial_id = @Tutorial",
            new { User = (long)userId, Tutorial = tutorialId, Step = step, At = now.ToUnixTimeMilliseconds() }, cancellationToken);

    /// <summary>
    /// Marks the tutorial finished and sets the member back to its first step (every step stays unlocked,
    /// so a re-read needs no answers); true only the first time, so completion is announced once.
    /// </summary>
    public async Task<bool> CompleteAsync(ulong userId, string tutorialId, int lastStep, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var args = new { User = (long)userId, Tutorial = tutorialId, Last = lastStep, At = now.ToUnixTimeMilliseconds() };
        var first = await connection.ExecuteAsync(
            "UPDATE tutorial_progress SET completed_at = @At WHERE user_id = @User AND tutorial_id = @Tutorial AND completed_at IS NULL",
            args, transaction).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "UPDATE tutorial_progress SET step = 0, unlocked_step = MAX(unlocked_step, @Last + 1), updated_at = @At WHERE user_id = @User AND tutorial_id = @Tutorial",
            args, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return first == 1;
    }

    private async Task ExecuteAsync(string sql, object args, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(sql, args).ConfigureAwait(false);
    }

#pragma warning disable IDE1006, CA1707 // column names as Dapper maps them
    private sealed record Row(long user_id, string tutorial_id, string language, long step, long unlocked_step, long wrong_answers, long started_at, long updated_at, long? completed_at)
    {
        public TutorialProgress ToProgress() => new(
            (ulong)user_id, tutorial_id, language, (int)step, (int)unlocked_step, (int)wrong_answers,
            DateTimeOffset.FromUnixTimeMilliseconds(started_at), DateTimeOffset.FromUnixTimeMilliseconds(updated_at),
            completed_at is { } c ? DateTimeOffset.FromUnixTimeMilliseconds(c) : null);
    }
#pragma warning restore IDE1006, CA1707
}
