using Lepton.Bot.Storage;
using Microsoft.Data.Sqlite;

namespace Lepton.Bot.Features.Reputation;

/// <summary>
/// The one connection this process writes the ledger through. SQLite lets one writer in at a time
/// anyway, so queueing in-process writers on a semaphore loses nothing and saves each write a pooled
/// open, its pragmas and the re-preparing of four statements: the statements are prepared once and
/// reused for every event. Other processes (the rep verb) still coordinate through SQLite's locks.
/// </summary>
internal sealed class LedgerWriter(BotDatabase database) : IAsyncDisposable
{
    private static readonly string PeerKindList = string.Join(", ", RepKinds.PeerKinds.Select(k => $"'{k}'"));
    private static readonly long Day = (long)TimeSpan.FromDays(1).TotalMilliseconds;

    private const int MaxGroup = 256;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentQueue<PendingRecord> _queue = new();
    private SqliteConnection? _connection;
    private SqliteCommand _exists = null!;
    private SqliteCommand _recent = null!;
    private SqliteCommand _insert = null!;
    private SqliteCommand _totals = null!;
    private SqliteCommand _rankCounts = null!;
    private SqliteCommand _pruneRankCounts = null!;

    private SqliteCommand[] Commands => [_exists, _recent, _insert, _totals, _rankCounts, _pruneRankCounts];

    /// <summary>
    /// Records one event. Events that arrive while another transaction is being written queue up and are
    /// written together by whichever caller gets the connection next (group commit): one COMMIT for many
    /// members thanking at once, each event still checked and counted in order. If any event of a group
    /// fails, the group is rolled back and its events are written one transaction each, so one bad event
    /// never takes others with it.
    /// </summary>
    public async Task<RecordOutcome> RecordAsync(NewRepEvent newEvent, GiveLimits? limits, CancellationToken cancellationToken)
    {
        var request = new PendingRecord(newEvent, limits);
        _queue.Enqueue(request);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A group holds at most MaxGroup events; keep writing until this caller's event is among them.
            while (!request.Result.Task.IsCompleted)
            {
                await WriteQueuedAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        return await request.Result.Task.ConfigureAwait(false);
    }

    private async Task WriteQueuedAsync(CancellationToken cancellationToken)
    {
        var group = new List<PendingRecord>();
        while (group.Count < MaxGroup && _queue.TryDequeue(out var next))
        {
            group.Add(next);
        }

        SqliteConnection connection;
        try
        {
            connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Every dequeued caller must hear back, or it would wait forever.
            foreach (var request in group)
            {
                request.Result.TrySetException(ex);
            }

            return;
        }

        try
        {
            var outcomes = InTransaction(connection, () => group.Select(r => Record(r.Event, r.Limits)).ToList(), commit: true);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Result.TrySetResult(outcomes[i]);
            }
        }
        catch (Exception) when (group.Count > 1)
        {
            foreach (var request in group)
            {
                try
                {
                    request.Result.TrySetResult(InTransaction(connection, () => Record(request.Event, request.Limits), commit: true));
                }
                catch (Exception ex)
                {
                    request.Result.TrySetException(ex);
                }
            }
        }
        catch (Exception ex)
        {
            group[0].Result.TrySetException(ex);
        }
    }

    private T InTransaction<T>(SqliteConnection connection, Func<T> work, bool commit)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var command in Commands)
        {
            command.Transaction = transaction;
        }

        var result = work();
        if (commit)
        {
            transaction.Commit();
        }

        return result;
    }

    private sealed record PendingRecord(NewRepEvent Event, GiveLimits? Limits)
    {
        public TaskCompletionSource<RecordOutcome> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Runs <paramref name="write"/> for each event inside one IMMEDIATE transaction; commits only when <paramref name="commit"/> says so.</summary>
    public async Task<T> WriteAsync<T>(Func<Func<NewRepEvent, GiveLimits?, RecordOutcome>, T> write, Func<T, bool> commit, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
            using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var command in Commands)
            {
                command.Transaction = transaction;
            }

            var result = write(Record);
            if (commit(result))
            {
                transaction.Commit();
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private RecordOutcome Record(NewRepEvent e, GiveLimits? limits)
    {
        var at = e.At.ToUnixTimeMilliseconds();
        if (limits is not null && e.GiverId is { } giver)
        {
            _exists.Parameters[0].Value = e.SourceKey;
            if (_exists.ExecuteScalar() is not null)
            {
                return new RecordOutcome.Duplicate(e.SourceKey);
            }

            if (CheckLimits(giver, e.ReceiverId, at, limits) is { } limited)
            {
                return limited;
            }
        }

        var p = _insert.Parameters;
        p[0].Value = (long)e.ReceiverId;
        p[1].Value = e.GiverId is { } g ? (long)g : DBNull.Value;
        p[2].Value = e.Points;
        p[3].Value = e.Kind;
        p[4].Value = e.Reason;
        p[5].Value = e.SourceKey;
        p[6].Value = e.RevokesId is { } r ? r : DBNull.Value;
        p[7].Value = e.Week;
        p[8].Value = e.Month;
        p[9].Value = at;
        if (_insert.ExecuteScalar() is not long id)
        {
            return new RecordOutcome.Duplicate(e.SourceKey);
        }

        var t = _totals.Parameters;
        t[0].Value = (long)e.ReceiverId;
        t[1].Value = e.Points;
        t[2].Value = e.Week;
        t[3].Value = e.Month;
        long after = 0, week = 0, month = 0;
        using (var reader = _totals.ExecuteReader())
        {
            while (reader.Read())
            {
                var period = reader.GetString(0);
                var points = reader.GetInt64(1);
                if (period == ReputationPeriods.AllTime)
                {
                    after = points;
                }
                else if (period == e.Week)
                {
                    week = points;
                }
                else
                {
                    month = points;
                }
            }
        }

        // Move the member from their old total to the new one in each period's rank counts.
        var c = _rankCounts.Parameters;
        c[0].Value = e.Week;
        c[1].Value = e.Month;
        c[2].Value = after;
        c[3].Value = week;
        c[4].Value = month;
        c[5].Value = after - e.Points;
        c[6].Value = week - e.Points;
        c[7].Value = month - e.Points;
        _rankCounts.ExecuteNonQuery();

        // A total nobody holds any more goes, or ranks near the top would sum over every total the
        // leaders passed through on their way up (tens of thousands of empty rows on a busy board).
        var prune = _pruneRankCounts.Parameters;
        prune[0].Value = e.Week;
        prune[1].Value = e.Month;
        prune[2].Value = after - e.Points;
        prune[3].Value = week - e.Points;
        prune[4].Value = month - e.Points;
        _pruneRankCounts.ExecuteNonQuery();

        var stored = new RepEvent(id, e.ReceiverId, e.GiverId, e.Points, e.Kind, e.Reason, e.SourceKey, e.RevokesId, e.Week, e.Month, DateTimeOffset.FromUnixTimeMilliseconds(at));
        return new RecordOutcome.Recorded(stored, after - e.Points, after);
    }

    private RecordOutcome.Limited? CheckLimits(ulong giver, ulong receiver, long at, GiveLimits limits)
    {
        var cooldown = (long)limits.PairCooldown.TotalMilliseconds;
        var p = _recent.Parameters;
        p[0].Value = (long)giver;
        p[1].Value = (long)receiver;
        p[2].Value = at - Day;
        p[3].Value = at - Math.Max(Day, cooldown);
        long givenToday;
        long? lastToReceiver;
        long? oldestToday;
        using (var reader = _recent.ExecuteReader())
        {
            reader.Read();
            givenToday = reader.GetInt64(0);
            lastToReceiver = reader.IsDBNull(1) ? null : reader.GetInt64(1);
            oldestToday = reader.IsDBNull(2) ? null : reader.GetInt64(2);
        }

        if (lastToReceiver is { } last && cooldown > 0 && at - last < cooldown)
        {
            return new RecordOutcome.Limited($"you thanked them recently; you can thank them again in {ReputationStore.Humanize(TimeSpan.FromMilliseconds(cooldown - (at - last)))}");
        }

        if (limits.DailyLimit > 0 && givenToday >= limits.DailyLimit)
        {
            var wait = TimeSpan.FromMilliseconds((oldestToday ?? at) + Day - at);
            return new RecordOutcome.Limited($"you have given {givenToday} thanks in the last 24 hours, the most allowed; you can give more in {ReputationStore.Humanize(wait)}");
        }

        return null;
    }

    private async Task<SqliteConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            return _connection;
        }

        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // WAL with synchronous=NORMAL: a commit survives the bot crashing (it is in the WAL when COMMIT
        // returns); a power cut can lose the last commits, never make a total disagree with the ledger.
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -131072; PRAGMA mmap_size = 1073741824; PRAGMA wal_autocheckpoint = 16384;";
            pragma.ExecuteNonQuery();
        }

        _exists = Prepare(connection, "SELECT id FROM rep_events WHERE source_key = $key", "$key");
        _recent = Prepare(connection,
            $"""
            SELECT coalesce(sum(created_at > $dayAgo), 0),
                   max(CASE WHEN receiver_id = $receiver THEN created_at END),
                   min(CASE WHEN created_at > $dayAgo THEN created_at END)
            FROM rep_events
            WHERE giver_id = $giver AND created_at > $window AND kind IN ({PeerKindList})
            """,
            "$giver", "$receiver", "$dayAgo", "$window");
        _insert = Prepare(connection,
            """
            INSERT INTO rep_events (receiver_id, giver_id, points, kind, reason, source_key, revokes_id, week, month, created_at)
            VALUES ($receiver, $giver, $points, $kind, $reason, $key, $revokes, $week, $month, $at)
            ON CONFLICT (source_key) DO NOTHING
            RETURNING id
            """,
            "$receiver", "$giver", "$points", "$kind", "$reason", "$key", "$revokes", "$week", "$month", "$at");
        _totals = Prepare(connection,
            """
            INSERT INTO rep_totals (period, member_id, points) VALUES ('all', $member, $points), ($week, $member, $points), ($month, $member, $points)
            ON CONFLICT (period, member_id) DO UPDATE SET points = points + excluded.points
            RETURNING period, points
            """,
            "$member", "$points", "$week", "$month");
        _rankCounts = Prepare(connection,
            """
            INSERT INTO rep_rank_counts (period, points, members)
            SELECT column1, column2, column3 FROM (VALUES
                ('all', $newAll, 1), ($week, $newWeek, 1), ($month, $newMonth, 1),
                ('all', $oldAll, -1), ($week, $oldWeek, -1), ($month, $oldMonth, -1))
            WHERE column2 > 0
            ON CONFLICT (period, points) DO UPDATE SET members = members + excluded.members
            """,
            "$week", "$month", "$newAll", "$newWeek", "$newMonth", "$oldAll", "$oldWeek", "$oldMonth");
        _pruneRankCounts = Prepare(connection,
            """
            DELETE FROM rep_rank_counts
            WHERE members = 0 AND ((period = 'all' AND points = $oldAll) OR (period = $week AND points = $oldWeek) OR (period = $month AND points = $oldMonth))
            """,
            "$week", "$month", "$oldAll", "$oldWeek", "$oldMonth");
        _connection = connection;
        return connection;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name, Value = DBNull.Value });
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_connection is not null)
            {
                foreach (var command in Commands)
                {
                    command.Dispose();
                }

                // The writer's pragmas (cache, mmap, synchronous) must not live on in a pooled connection.
                SqliteConnection.ClearPool(_connection);
                await _connection.DisposeAsync().ConfigureAwait(false);
                _connection = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
