using System.Globalization;
using Dapper;
using Lepton.Bot.Storage;
using Microsoft.Data.Sqlite;

namespace Lepton.Bot.Features.Reputation;

/// <summary>
/// The reputation ledger and its derived totals; owns rep_events, rep_totals and rep_github_links.
/// Every write runs in one IMMEDIATE transaction that inserts the event (unless its source key is
/// already there), checks give limits, and updates the all-time, week and month totals, so a crash
/// anywhere leaves either all of it or none of it.
/// </summary>
public sealed class ReputationStore(BotDatabase database) : IAsyncDisposable
{
    private readonly LedgerWriter _writer = new(database);

    private const string EventColumns =
        "id AS Id, receiver_id AS ReceiverId, giver_id AS GiverId, points AS Points, kind AS Kind, reason AS Reason, " +
        "source_key AS SourceKey, revokes_id AS RevokesId, week AS Week, month AS Month, created_at AS CreatedAt";

    /// <summary>Writes one event with its totals, or nothing when its source already counted or a limit refuses it.</summary>
    public Task<RecordOutcome> RecordAsync(NewRepEvent newEvent, GiveLimits? limits = null, CancellationToken cancellationToken = default) =>
        _writer.RecordAsync(newEvent, limits, cancellationToken);

    /// <summary>Writes many events in one transaction (bulk imports, the benchmark's seed); returns how many counted.</summary>
    public Task<int> RecordBatchAsync(IEnumerable<NewRepEvent> events, CancellationToken cancellationToken = default) =>
        _writer.WriteAsync(record => events.Count(e => record(e, null) is RecordOutcome.Recorded), _ => true, cancellationToken);

    internal static string Humanize(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return "less than a minute";
        }

        if (span < TimeSpan.FromHours(1))
        {
            var minutes = (int)Math.Ceiling(span.TotalMinutes);
            return minutes == 1 ? "1 minute" : $"{minutes} minutes";
        }

        if (span < TimeSpan.FromDays(2))
        {
            var hours = (int)Math.Ceiling(span.TotalHours);
            return hours == 1 ? "1 hour" : $"{hours} hours";
        }

        return $"{(int)Math.Ceiling(span.TotalDays)} days";
    }

    public async Task<RepEvent?> FindEventAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<EventRow>($"SELECT {EventColumns} FROM rep_events WHERE id = @Id", new { Id = id }).ConfigureAwait(false);
        return row?.ToEvent();
    }

    /// <summary>The revoke event that compensated <paramref name="id"/>, if any.</summary>
    public async Task<RepEvent?> FindRevocationOfAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<EventRow>($"SELECT {EventColumns} FROM rep_events WHERE revokes_id = @Id", new { Id = id }).ConfigureAwait(false);
        return row?.ToEvent();
    }

    public async Task<MemberStanding> StandingAsync(ulong memberId, DateTimeOffset now, int latest, CancellationToken cancellationToken = default)
    {
        var week = ReputationPeriods.WeekOf(now);
        var month = ReputationPeriods.MonthOf(now);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true); // one consistent snapshot
        var totals = (await connection.QueryAsync<(string Period, long Points)>(
            "SELECT period, points FROM rep_totals WHERE member_id = @Member AND period IN ('all', @Week, @Month)",
            new { Member = (long)memberId, Week = week, Month = month }, transaction).ConfigureAwait(false)).ToDictionary(t => t.Period, t => t.Points);
        var total = totals.GetValueOrDefault(ReputationPeriods.AllTime);
        var rank = await MembersAboveAsync(connection, transaction, ReputationPeriods.AllTime, Math.Max(0, total)).ConfigureAwait(false) + 1;
        var ranked = await MembersAboveAsync(connection, transaction, ReputationPeriods.AllTime, 0).ConfigureAwait(false);
        var rows = await connection.QueryAsync<EventRow>(
            $"SELECT {EventColumns} FROM rep_events WHERE receiver_id = @Member ORDER BY id DESC LIMIT @Limit",
            new { Member = (long)memberId, Limit = latest }, transaction).ConfigureAwait(false);
        return new MemberStanding(memberId, total, rank, ranked, totals.GetValueOrDefault(week), totals.GetValueOrDefault(month), rows.Select(r => r.ToEvent()).ToList());
    }

    /// <summary>A page of a period's leaderboard: the first page without a cursor, else the page next to the cursor's row.</summary>
    public async Task<LeaderboardPage> LeaderboardAsync(string periodKey, LeaderboardCursor? cursor, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var members = await MembersAboveAsync(connection, transaction, periodKey, 0).ConfigureAwait(false);
        var sql = cursor switch
        {
            null => "SELECT member_id, points FROM rep_totals WHERE period = @Period AND points > 0 ORDER BY points DESC, member_id LIMIT @Limit",
            { Before: false } =>
                """
                SELECT member_id, points FROM rep_totals
                WHERE period = @Period AND points > 0 AND points <= @Points AND NOT (points = @Points AND member_id <= @Member)
                ORDER BY points DESC, member_id LIMIT @Limit
                """,
            _ =>
                """
                SELECT member_id, points FROM rep_totals
                WHERE period = @Period AND points >= @Points AND NOT (points = @Points AND member_id >= @Member)
                ORDER BY points ASC, member_id DESC LIMIT @Limit
                """,
        };
        var rows = (await connection.QueryAsync<(long Member, long Points)>(
            sql, new { Period = periodKey, Limit = pageSize + 1, cursor?.Points, Member = (long)(cursor?.MemberId ?? 0) }, transaction).ConfigureAwait(false)).ToList();

        // One row more than a page tells whether there is another page in the direction read.
        var more = rows.Count > pageSize;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var backwards = cursor is { Before: true };
        if (backwards)
        {
            rows.Reverse();
        }

        var hasPrevious = backwards ? more : cursor is not null;
        var hasNext = backwards || more;

        // Competition ranking ("1, 2, 2, 4"): a member's rank is one more than the members with more points.
        var ranks = new Dictionary<long, long>();
        var result = new List<LeaderboardRow>(rows.Count);
        foreach (var (member, points) in rows)
        {
            if (!ranks.TryGetValue(points, out var rank))
            {
                rank = ranks[points] = await MembersAboveAsync(connection, transaction, periodKey, points).ConfigureAwait(false) + 1;
            }

            result.Add(new LeaderboardRow(rank, (ulong)member, points));
        }

        var page = hasPrevious ? Math.Max(1, cursor?.Page ?? 0) : 0;
        return new LeaderboardPage(periodKey, page, pageSize, members, result, hasPrevious, hasNext);
    }

    /// <summary>Members of a period with more than <paramref name="points"/> (at least 0): a sum over distinct totals.</summary>
    private static Task<long> MembersAboveAsync(SqliteConnection connection, SqliteTransaction transaction, string period, long points) =>
        connection.ExecuteScalarAsync<long>(
            "SELECT coalesce(sum(members), 0) FROM rep_rank_counts WHERE period = @Period AND points > @Points",
            new { Period = period, Points = Math.Max(0, points) }, transaction);

    /// <summary>A member's events, newest first (for /rep log).</summary>
    public async Task<IReadOnlyList<RepEvent>> EventsOfAsync(ulong memberId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<EventRow>(
            $"SELECT {EventColumns} FROM rep_events WHERE receiver_id = @Member ORDER BY id DESC LIMIT @Limit",
            new { Member = (long)memberId, Limit = limit }).ConfigureAwait(false);
        return rows.Select(r => r.ToEvent()).ToList();
    }

    /// <summary>Ids of events in <paramref name="ids"/> that have been revoked.</summary>
    public async Task<IReadOnlySet<long>> RevokedAmongAsync(IEnumerable<long> ids, CancellationToken cancellationToken = default)
    {
        var list = ids.ToList();
        if (list.Count == 0)
        {
            return new HashSet<long>();
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<long>("SELECT revokes_id FROM rep_events WHERE revokes_id IN @Ids", new { Ids = list }).ConfigureAwait(false);
        return rows.ToHashSet();
    }

    /// <summary>Every event in id order, optionally of one member, streamed (for the CSV export).</summary>
    public async IAsyncEnumerable<RepEvent> AllEventsAsync(ulong? memberId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var where = memberId is null ? "" : "WHERE receiver_id = @Member";
        var rows = connection.QueryUnbufferedAsync<EventRow>(
            $"SELECT {EventColumns} FROM rep_events {where} ORDER BY id", new { Member = (long?)memberId });
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return row.ToEvent();
        }
    }

    /// <summary>Above this many wrong totals a recompute rebuilds the whole table instead of fixing rows.</summary>
    private const int RowFixLimit = 50_000;

    /// <summary>
    /// Checks every total against the ledger and fixes those that differ, reporting them (at most
    /// <paramref name="listLimit"/> listed; the count is exact). The comparison runs on a read snapshot,
    /// which in WAL mode blocks no writer, however long the ledger; only the fixes take the write lock,
    /// and each fix recomputes its total from the ledger as it is then, so events written meanwhile count.
    /// </summary>
    /// <param name="rowFixLimit">Above this many wrong totals, rebuild the whole table instead of fixing rows.</param>
    public async Task<RecomputeReport> RecomputeAsync(int listLimit = 20, int rowFixLimit = RowFixLimit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            CREATE TEMP TABLE IF NOT EXISTS rep_expected (period TEXT NOT NULL, member_id INTEGER NOT NULL, points INTEGER NOT NULL, PRIMARY KEY (period, member_id)) WITHOUT ROWID;
            CREATE TEMP TABLE IF NOT EXISTS rep_diff (period TEXT NOT NULL, member_id INTEGER NOT NULL, stored INTEGER, expected INTEGER, PRIMARY KEY (period, member_id)) WITHOUT ROWID;
            CREATE TEMP TABLE IF NOT EXISTS rep_rank_diff (period TEXT PRIMARY KEY) WITHOUT ROWID;
            DELETE FROM temp.rep_expected; DELETE FROM temp.rep_diff; DELETE FROM temp.rep_rank_diff;
            """).ConfigureAwait(false);

        long events;
        await using (var snapshot = connection.BeginTransaction(deferred: true))
        {
            // Ledger and totals are read from one snapshot, where every committed event has its totals.
            await connection.ExecuteAsync(
                """
                INSERT INTO temp.rep_expected (period, member_id, points)
                    SELECT 'all', receiver_id, sum(points) FROM rep_events GROUP BY receiver_id
                    UNION ALL SELECT week, receiver_id, sum(points) FROM rep_events GROUP BY week, receiver_id
                    UNION ALL SELECT month, receiver_id, sum(points) FROM rep_events GROUP BY month, receiver_id;
                INSERT INTO temp.rep_diff (period, member_id, stored, expected)
                    SELECT coalesce(e.period, t.period), coalesce(e.member_id, t.member_id), t.points, e.points
                    FROM temp.rep_expected e FULL OUTER JOIN rep_totals t ON t.period = e.period AND t.member_id = e.member_id
                    WHERE t.points IS NOT e.points;
                INSERT OR IGNORE INTO temp.rep_rank_diff (period)
                    SELECT coalesce(e.period, c.period) FROM
                        (SELECT period, points, count(*) AS members FROM temp.rep_expected WHERE points > 0 GROUP BY period, points) e
                        FULL OUTER JOIN (SELECT * FROM rep_rank_counts WHERE members <> 0) c ON c.period = e.period AND c.points = e.points
                    WHERE c.members IS NOT e.members;
                """, transaction: snapshot).ConfigureAwait(false);
            events = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM rep_events", transaction: snapshot).ConfigureAwait(false);
            await snapshot.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        var count = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM temp.rep_diff").ConfigureAwait(false);
        var rankPeriods = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM temp.rep_rank_diff").ConfigureAwait(false);
        var totals = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM temp.rep_expected").ConfigureAwait(false);
        var listed = (await connection.QueryAsync<(string Period, long Member, long? Stored, long? Expected)>(
            "SELECT period, member_id, stored, expected FROM temp.rep_diff ORDER BY period, member_id LIMIT @Limit", new { Limit = listLimit }).ConfigureAwait(false))
            .Select(d => new TotalDifference(d.Period, (ulong)d.Member, d.Stored, d.Expected)).ToList();
        if (count > 0 || rankPeriods > 0)
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            if (count > rowFixLimit)
            {
                // Most totals are wrong (a restored or damaged table): rebuilding them all is quicker.
                await connection.ExecuteAsync(
                    """
                    DELETE FROM rep_totals;
                    INSERT INTO rep_totals (period, member_id, points)
                        SELECT 'all', receiver_id, sum(points) FROM rep_events GROUP BY receiver_id
                        UNION ALL SELECT week, receiver_id, sum(points) FROM rep_events GROUP BY week, receiver_id
                        UNION ALL SELECT month, receiver_id, sum(points) FROM rep_events GROUP BY month, receiver_id;
                    DELETE FROM rep_rank_counts;
                    INSERT INTO rep_rank_counts (period, points, members) SELECT period, points, count(*) FROM rep_totals WHERE points > 0 GROUP BY period, points;
                    """, transaction: transaction).ConfigureAwait(false);
            }
            else
            {
                // Each wrong total is recomputed from the ledger as it is now, then the rank counts of the periods touched.
                await connection.ExecuteAsync(
                    """
                    DELETE FROM rep_totals WHERE (period, member_id) IN (SELECT period, member_id FROM temp.rep_diff);
                    INSERT INTO rep_totals (period, member_id, points)
                        SELECT d.period, d.member_id, sum(e.points)
                        FROM temp.rep_diff d JOIN rep_events e ON e.receiver_id = d.member_id AND (d.period = 'all' OR e.week = d.period OR e.month = d.period)
                        GROUP BY d.period, d.member_id;
                    INSERT OR IGNORE INTO temp.rep_rank_diff (period) SELECT DISTINCT period FROM temp.rep_diff;
                    DELETE FROM rep_rank_counts WHERE period IN (SELECT period FROM temp.rep_rank_diff);
                    INSERT INTO rep_rank_counts (period, points, members)
                        SELECT period, points, count(*) FROM rep_totals
                        WHERE period IN (SELECT period FROM temp.rep_rank_diff) AND points > 0 GROUP BY period, points;
                    """, transaction: transaction).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await connection.ExecuteAsync("DROP TABLE temp.rep_expected; DROP TABLE temp.rep_diff; DROP TABLE temp.rep_rank_diff;").ConfigureAwait(false);
        return new RecomputeReport(events, totals, listed, count, rankPeriods);
    }

    /// <summary>Links a GitHub login to a member; refuses a login another member holds.</summary>
    /// <returns>Null when linked, else who holds the login.</returns>
    public async Task<ulong?> LinkGitHubAsync(ulong memberId, string login, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var holder = await connection.ExecuteScalarAsync<long?>(
            "SELECT member_id FROM rep_github_links WHERE login = @Login", new { Login = login }, transaction).ConfigureAwait(false);
        if (holder is { } h && (ulong)h != memberId)
        {
            return (ulong)h;
        }

        await connection.ExecuteAsync(
            """
            INSERT INTO rep_github_links (member_id, login, linked_at) VALUES (@Member, @Login, @Now)
            ON CONFLICT (member_id) DO UPDATE SET login = excluded.login, linked_at = excluded.linked_at
            """,
            new { Member = (long)memberId, Login = login, Now = now.ToUnixTimeMilliseconds() }, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>Removes the link of a login; false when none existed.</summary>
    public async Task<bool> UnlinkGitHubAsync(string login, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM rep_github_links WHERE login = @Login", new { Login = login }).ConfigureAwait(false) > 0;
    }

    public async Task<ulong?> MemberForGitHubAsync(string login, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var member = await connection.ExecuteScalarAsync<long?>("SELECT member_id FROM rep_github_links WHERE login = @Login", new { Login = login }).ConfigureAwait(false);
        return member is { } m ? (ulong)m : null;
    }

    public async Task<string?> GitHubLoginOfAsync(ulong memberId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<string?>("SELECT login FROM rep_github_links WHERE member_id = @Member", new { Member = (long)memberId }).ConfigureAwait(false);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => database.OpenAsync(cancellationToken);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private sealed record EventRow(long Id, long ReceiverId, long? GiverId, long Points, string Kind, string Reason, string SourceKey, long? RevokesId, string Week, string Month, long CreatedAt)
    {
        public RepEvent ToEvent() => new(Id, (ulong)ReceiverId, GiverId is { } g ? (ulong)g : null, (int)Points, Kind, Reason, SourceKey, RevokesId, Week, Month, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
    }

    internal static string FormatPoints(long points) => points.ToString("+#,0;-#,0;0", CultureInfo.InvariantCulture);
}
