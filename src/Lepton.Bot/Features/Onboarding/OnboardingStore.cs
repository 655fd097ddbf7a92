using Dapper;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Storage;

namespace Lepton.Bot.Features.Onboarding;

/// <summary>A member's onboarding as stored.</summary>
/// <param name="Checklist">The message showing their checklist (a DM or the welcome post), to edit as steps tick.</param>
public sealed record OnboardingMember(
    ulong UserId,
    ulong? GuildId,
    string DisplayName,
    string Language,
    DateTimeOffset? JoinedAt,
    SentMessage? Checklist,
    bool ChecklistIsDirect,
    DateTimeOffset? CompletedAt,
    IReadOnlySet<string> DoneSteps,
    IReadOnlySet<string> Interests);

/// <summary>Counts for /onboarding stats: members who joined in the period and how far they got.</summary>
public sealed record OnboardingStats(int Joined, IReadOnlyDictionary<string, int> ReachedStep, int Completed);

/// <summary>Owns onboarding_members, onboarding_steps and onboarding_interests.</summary>
public sealed class OnboardingStore(BotDatabase database)
{
    /// <summary>Records a join (a re-join moves the join time; steps already done stay done).</summary>
    public async Task RecordJoinAsync(ChatUser member, ulong? guildId, string language, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO onboarding_members (user_id, guild_id, display_name, language, joined_at) VALUES (@User, @Guild, @Name, @Language, @At)
            ON CONFLICT (user_id) DO UPDATE SET joined_at = excluded.joined_at, display_name = excluded.display_name,
                                                language = excluded.language, guild_id = COALESCE(excluded.guild_id, guild_id)
            """,
            new { User = (long)member.Id, Guild = (long?)guildId, Name = member.DisplayName, Language = language, At = at.ToUnixTimeMilliseconds() }).ConfigureAwait(false);
    }

    /// <summary>Makes sure a member has a row, for members who were here before the bot (no join event).</summary>
    /// <param name="language">Stored for a new row; an existing row keeps its language unless <paramref name="updateLanguage"/>.</param>
    public async Task EnsureAsync(ChatUser member, ulong? guildId, string language, bool updateLanguage = false, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO onboarding_members (user_id, guild_id, display_name, language) VALUES (@User, @Guild, @Name, @Language)
            ON CONFLICT (user_id) DO UPDATE SET guild_id = COALESCE(guild_id, excluded.guild_id),
                                                language = CASE WHEN @Update THEN excluded.language ELSE language END
            """,
            new { User = (long)member.Id, Guild = (long?)guildId, Name = member.DisplayName, Language = language, Update = updateLanguage }).ConfigureAwait(false);
    }

    public async Task SetChecklistMessageAsync(ulong userId, SentMessage message, bool direct, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "UPDATE onboarding_members SET checklist_channel = @Channel, checklist_message = @Message, direct_message = @Direct WHERE user_id = @User",
            new { User = (long)userId, Channel = message.ChannelKey, Message = message.MessageId, Direct = direct }).ConfigureAwait(false);
    }

    public async Task<OnboardingMember?> FindAsync(ulong userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var args = new { User = (long)userId };
        var row = await connection.QuerySingleOrDefaultAsync<MemberRow>(
            "SELECT user_id, guild_id, display_name, language, joined_at, checklist_channel, checklist_message, direct_message, completed_at FROM onboarding_members WHERE user_id = @User",
            args).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var steps = await connection.QueryAsync<string>("SELECT step_id FROM onboarding_steps WHERE user_id = @User", args).ConfigureAwait(false);
        var interests = await connection.QueryAsync<string>("SELECT choice_id FROM onboarding_interests WHERE user_id = @User", args).ConfigureAwait(false);
        return new OnboardingMember(
            (ulong)row.user_id,
            row.guild_id is { } g ? (ulong)g : null,
            row.display_name,
            row.language,
            Time(row.joined_at),
            row.checklist_channel is not null && row.checklist_message is not null ? new SentMessage(row.checklist_channel, row.checklist_message) : null,
            row.direct_message != 0,
            Time(row.completed_at),
            steps.ToHashSet(StringComparer.Ordinal),
            interests.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Ticks a step; true only the first time.</summary>
    public async Task<bool> TickAsync(ulong userId, string stepId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var added = await connection.ExecuteAsync(
            "INSERT INTO onboarding_steps (user_id, step_id, done_at) VALUES (@User, @Step, @At) ON CONFLICT DO NOTHING",
            new { User = (long)userId, Step = stepId, At = at.ToUnixTimeMilliseconds() }).ConfigureAwait(false);
        return added == 1;
    }

    /// <summary>Marks onboarding complete; true only the first time, so completion is announced once.</summary>
    public async Task<bool> CompleteAsync(ulong userId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(
            "UPDATE onboarding_members SET completed_at = @At WHERE user_id = @User AND completed_at IS NULL",
            new { User = (long)userId, At = at.ToUnixTimeMilliseconds() }).ConfigureAwait(false);
        return changed == 1;
    }

    /// <summary>Replaces the member's interests in one transaction; returns the ones they had before.</summary>
    public async Task<IReadOnlySet<string>> ReplaceInterestsAsync(ulong userId, IReadOnlyCollection<string> choiceIds, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var args = new { User = (long)userId };
        var before = (await connection.QueryAsync<string>("SELECT choice_id FROM onboarding_interests WHERE user_id = @User", args, transaction).ConfigureAwait(false))
            .ToHashSet(StringComparer.Ordinal);
        await connection.ExecuteAsync("DELETE FROM onboarding_interests WHERE user_id = @User", args, transaction).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO onboarding_interests (user_id, choice_id, chosen_at) VALUES (@User, @Choice, @At)",
            choiceIds.Select(c => new { User = (long)userId, Choice = c, At = at.ToUnixTimeMilliseconds() }), transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return before;
    }

    /// <summary>Members whose latest join is in [from, to): how many, how many did each step, how many finished.</summary>
    public async Task<OnboardingStats> StatsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var args = new { From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds() };
        var totals = await connection.QuerySingleAsync<(long Joined, long Completed)>(
            "SELECT COUNT(*), COUNT(completed_at) FROM onboarding_members WHERE joined_at >= @From AND joined_at < @To", args).ConfigureAwait(false);
        var steps = await connection.QueryAsync<(string Step, long Count)>(
            """
            SELECT s.step_id, COUNT(*) FROM onboarding_steps s JOIN onboarding_members m ON m.user_id = s.user_id
            WHERE m.joined_at >= @From AND m.joined_at < @To GROUP BY s.step_id
            """, args).ConfigureAwait(false);
        return new OnboardingStats((int)totals.Joined, steps.ToDictionary(s => s.Step, s => (int)s.Count, StringComparer.Ordinal), (int)totals.Completed);
    }

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

#pragma warning disable IDE1006 // column names as Dapper maps them
    private sealed record MemberRow(long user_id, long? guild_id, string display_name, string language, long? joined_at, string? checklist_channel, string? checklist_message, long direct_message, long? completed_at);
#pragma warning restore IDE1006
}
