using Dapper;
using Lepton.Bot.Chat;

namespace Lepton.Bot.Storage;

/// <summary>
/// Failed community-event deliveries in SQLite (<c>community_event_retries</c>, migration 0008), each
/// tried again after a pause that doubles with every failure: 1, 2, 4 … minutes, at most an hour.
/// </summary>
public sealed class CommunityEventRetryStore(BotDatabase database, TimeProvider clock) : ICommunityEventRetries
{
    private static readonly TimeSpan LongestPause = TimeSpan.FromHours(1);

    public async Task RecordFailureAsync(string handler, CommunityEvent communityEvent, string error, CancellationToken cancellationToken = default)
    {
        // The n-th failure waits 2^(n-1) minutes, at most an hour: computed in the upsert from the stored count.
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO community_event_retries (handler, source_key, event_json, attempts, last_error, next_try_at)
            VALUES (@Handler, @SourceKey, @Json, 1, @Error, @Now + @Minute)
            ON CONFLICT (handler, source_key) DO UPDATE SET
                attempts = attempts + 1,
                last_error = excluded.last_error,
                next_try_at = @Now + min(@Minute << min(attempts, 30), @Longest)
            """,
            new
            {
                Handler = handler,
                communityEvent.SourceKey,
                Json = communityEvent.ToJson(),
                Error = error.Length > 500 ? error[..500] : error,
                Now = clock.GetUtcNow().ToUnixTimeMilliseconds(),
                Minute = (long)TimeSpan.FromMinutes(1).TotalMilliseconds,
                Longest = (long)LongestPause.TotalMilliseconds,
            }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PendingDelivery>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(long Id, string Handler, string EventJson)>(
            "SELECT id, handler, event_json FROM community_event_retries WHERE next_try_at <= @Now ORDER BY id LIMIT 100",
            new { Now = now.ToUnixTimeMilliseconds() }).ConfigureAwait(false);
        return [.. rows.Select(r => new PendingDelivery(r.Id, r.Handler, r.EventJson))];
    }

    public async Task RemoveAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM community_event_retries WHERE id = @Id", new { Id = id }).ConfigureAwait(false);
    }
}
