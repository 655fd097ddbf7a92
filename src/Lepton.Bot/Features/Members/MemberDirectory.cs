using System.Collections.Concurrent;
using Dapper;
using Lepton.Bot.Chat;
using Lepton.Bot.Storage;

namespace Lepton.Bot.Features.Members;

/// <summary>A member the bot has seen, as stored.</summary>
public sealed record MemberRecord(ulong Id, string DisplayName, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

/// <summary>
/// Remembers every member who used a command (id, current display name, first and last seen), so
/// leaderboards and reports can print names for ids. Owns the members table.
/// </summary>
public sealed class MemberDirectory(BotDatabase database, TimeProvider clock) : IInvocationObserver
{
    /// <summary>How stale last_seen may get for a member who keeps using commands under the same name.</summary>
    public static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<ulong, (string Name, DateTimeOffset At)> _recentlyWritten = new();

    /// <summary>
    /// Runs before every command, so it writes only when something changed: a new name, or last_seen
    /// older than <see cref="LastSeenResolution"/>. Otherwise every command would wait for a SQLite
    /// commit (an fsync, milliseconds on a slow disk) just to move last_seen by a few seconds.
    /// </summary>
    public Task OnInvocationAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var user = invocation.Caller;
        return _recentlyWritten.TryGetValue(user.Id, out var last)
            && last.Name == user.DisplayName
            && clock.GetUtcNow() - last.At < LastSeenResolution
            ? Task.CompletedTask
            : RememberAsync(user, cancellationToken);
    }

    public async Task RememberAsync(ChatUser user, CancellationToken cancellationToken = default)
    {
        if (user.IsBot)
        {
            return;
        }

        var at = clock.GetUtcNow();
        var now = at.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO members (id, display_name, first_seen, last_seen) VALUES (@Id, @Name, @Now, @Now)
            ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, last_seen = excluded.last_seen
            """,
            new { Id = (long)user.Id, Name = user.DisplayName, Now = now }).ConfigureAwait(false);
        _recentlyWritten[user.Id] = (user.DisplayName, at);
    }

    public async Task<MemberRecord?> FindAsync(ulong id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<(long Id, string Name, long First, long Last)?>(
            "SELECT id, display_name, first_seen, last_seen FROM members WHERE id = @Id", new { Id = (long)id }).ConfigureAwait(false);
        return row is { } r
            ? new MemberRecord((ulong)r.Id, r.Name, DateTimeOffset.FromUnixTimeMilliseconds(r.First), DateTimeOffset.FromUnixTimeMilliseconds(r.Last))
            : null;
    }

    /// <summary>Display names for ids; ids never seen are missing from the result.</summary>
    public async Task<IReadOnlyDictionary<ulong, string>> NamesAsync(IEnumerable<ulong> ids, CancellationToken cancellationToken = default)
    {
        var list = ids.Distinct().Select(i => (long)i).ToList();
        if (list.Count == 0)
        {
            return new Dictionary<ulong, string>();
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(long Id, string Name)>(
            "SELECT id, display_name FROM members WHERE id IN @Ids", new { Ids = list }).ConfigureAwait(false);
        return rows.ToDictionary(r => (ulong)r.Id, r => r.Name);
    }
}
