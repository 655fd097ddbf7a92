using System.Diagnostics;
using System.Globalization;
using Dapper;
using Lepton.Bot.Chat;
using Lepton.Bot.Hosting;
using Lepton.Bot.Storage;
using Microsoft.Extensions.Configuration;

namespace Lepton.Bot.Features.Reputation;

/// <summary>
/// `bench rep`: sustained ledger writes (one transaction per event, totals and give limits included),
/// then /rep show and /leaderboard latency on a ledger of Bench:Events events among Bench:Members members.
/// Parameters: Bench:Members (50000), Bench:Events (1000000), Bench:SustainedEvents (20000),
/// Bench:Writers (4), Bench:Queries (2000).
/// </summary>
public sealed class ReputationBenchmark(ReputationStore store, ReputationFeature feature, BotDatabase database, IConfiguration configuration, TimeProvider clock) : IBenchmark
{
    public string Name => "rep";

    public string Description => "reputation: events/s with totals maintained; /rep show and /leaderboard p99 on a large ledger";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var members = Setting("Members", 50_000);
        var events = Setting("Events", 1_000_000);
        var sustained = Math.Min(Setting("SustainedEvents", 20_000), events);
        var writers = Math.Max(2, Setting("Writers", 16));
        var queries = Setting("Queries", 2_000);
        var random = new Random(42);
        var now = clock.GetUtcNow();
        output.WriteLine($"bench rep: {members:N0} members, {events:N0} events ({sustained:N0} of them written one event per call), database {database.FilePath}");
        output.WriteLine($"machine: load average {BenchFigures.LoadAverage()} (wall-clock rates below share the machine; CPU cost per event does not)");

        await SeedMembersAsync(members, now).ConfigureAwait(false);
        var sequence = 0L;

        // 1. Fill the ledger to its size less the sustained part, through the same SQL per event, 10,000 events per transaction.
        var watch = Stopwatch.StartNew();
        var cpu = CpuTime();
        var have = await CountEventsAsync().ConfigureAwait(false);
        while (have < events - sustained)
        {
            var batch = (int)Math.Min(10_000, events - sustained - have);
            var list = Enumerable.Range(0, batch).Select(_ => RandomEvent(random, members, now, Interlocked.Increment(ref sequence), spreadDays: 365)).ToList();
            have += await store.RecordBatchAsync(list, cancellationToken).ConfigureAwait(false);
        }

        output.WriteLine($"filled:               {have:N0} events in {watch.Elapsed.TotalSeconds:F1} s = {have / Math.Max(0.001, watch.Elapsed.TotalSeconds):N0} events/s (10,000 per transaction); {CpuPerEvent(cpu, have)}");

        // 2. Sustained writes on the full ledger: one RecordAsync call per event (duplicate check, give
        //    limits for thanks, ledger row, three totals, rank counts), as the sources call it.
        var single = sustained / 4;
        watch.Restart();
        cpu = CpuTime();
        var limited = 0;
        for (var i = 0; i < single; i++)
        {
            limited += await RecordOneAsync(random, members, now, Interlocked.Increment(ref sequence), cancellationToken).ConfigureAwait(false);
        }

        output.WriteLine($"sustained, 1 caller:  {single:N0} events in {watch.Elapsed.TotalSeconds:F2} s = {single / watch.Elapsed.TotalSeconds:N0} events/s, one transaction each ({limited} refused by give limits); {CpuPerEvent(cpu, single)}");

        watch.Restart();
        cpu = CpuTime();
        var perWriter = (sustained - single) / writers;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var own = new Random(1000 + w);
            for (var i = 0; i < perWriter; i++)
            {
                await RecordOneAsync(own, members, now, Interlocked.Increment(ref sequence), cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken))).ConfigureAwait(false);
        output.WriteLine($"sustained, {writers} callers: {perWriter * writers:N0} events in {watch.Elapsed.TotalSeconds:F2} s = {perWriter * writers / watch.Elapsed.TotalSeconds:N0} events/s (group commit); {CpuPerEvent(cpu, perWriter * writers)}");

        await using (var c = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            output.WriteLine("checkpoint: " + string.Join(",", await c.QueryAsync<long>("PRAGMA wal_checkpoint(TRUNCATE)").ConfigureAwait(false)));
        }

        // 3. Reads, as the commands build them (card or page, names looked up).
        var show = new List<double>(queries);
        var first = new List<double>(queries);
        var deep = new List<double>(queries);
        var periods = new[] { LeaderboardPeriod.Week, LeaderboardPeriod.Month, LeaderboardPeriod.All };
        var byPeriod = periods.ToDictionary(p => p, _ => new List<double>(queries));
        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        for (var i = 0; i < queries + 100; i++)
        {
            var member = MemberId(random.Next(members));
            var t = Stopwatch.GetTimestamp();
            var card = await feature.StandingCardAsync(new ChatUser(member, "bench"), cancellationToken).ConfigureAwait(false);
            var showMs = Stopwatch.GetElapsedTime(t).TotalMilliseconds;

            var period = periods[random.Next(periods.Length)];
            var key = ReputationPeriods.KeyOf(period, now);
            t = Stopwatch.GetTimestamp();
            await feature.LeaderboardPageAsync(key, null, cancellationToken).ConfigureAwait(false);
            var firstMs = Stopwatch.GetElapsedTime(t).TotalMilliseconds;

            // Next from a random member's place on the all-time board: a page anywhere in the board.
            var total = long.Parse(card.Description!.Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            t = Stopwatch.GetTimestamp();
            await feature.LeaderboardPageAsync(ReputationPeriods.AllTime, new LeaderboardCursor(1, false, Math.Max(1, total), member), cancellationToken).ConfigureAwait(false);
            var deepMs = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            if (i >= 100)
            {
                show.Add(showMs); // the first 100 only warm caches and the JIT
                first.Add(firstMs);
                byPeriod[period].Add(firstMs);
                deep.Add(deepMs);
            }
        }

        output.WriteLine($"/rep show:            {BenchFigures.Summary(show)}");
        output.WriteLine($"/leaderboard:         {BenchFigures.Summary(first)} (first page of week, month or all)");
        output.WriteLine($"/leaderboard Next:    {BenchFigures.Summary(deep)} (a page anywhere in the all-time board)");
        foreach (var (period, times) in byPeriod)
        {
            output.WriteLine($"  first page, {period,-5}   {BenchFigures.Summary(times)}");
        }

        output.WriteLine($"  garbage collections during the reads: gen0 {GC.CollectionCount(0) - gcBefore.Item1}, gen1 {GC.CollectionCount(1) - gcBefore.Item2}, gen2 {GC.CollectionCount(2) - gcBefore.Item3}");

        watch.Restart();
        var check = await store.RecomputeAsync(5, cancellationToken: cancellationToken).ConfigureAwait(false);
        output.WriteLine($"rep recompute:        {check.Events:N0} events, {check.Totals:N0} totals checked in {watch.Elapsed.TotalSeconds:F1} s; {check.DifferenceCount} totals and the rank counts of {check.RankCountDifferences} periods differed");
    }

    private async Task<int> RecordOneAsync(Random random, int members, DateTimeOffset now, long sequence, CancellationToken cancellationToken)
    {
        var e = RandomEvent(random, members, now, sequence, spreadDays: 0);
        var limits = RepKinds.IsPeer(e.Kind) ? new GiveLimits(TimeSpan.FromHours(1), 10) : null;
        return await store.RecordAsync(e, limits, cancellationToken).ConfigureAwait(false) is RecordOutcome.Limited ? 1 : 0;
    }

    /// <summary>Receivers skewed (a few members receive most), givers uniform, kinds mixed as in a community.</summary>
    private static NewRepEvent RandomEvent(Random random, int members, DateTimeOffset now, long sequence, int spreadDays)
    {
        var receiver = MemberId((int)(members * Math.Pow(random.NextDouble(), 3)));
        var giver = MemberId(random.Next(members));
        var at = now - TimeSpan.FromMinutes(random.NextDouble() * spreadDays * 24 * 60);
        return (sequence % 10) switch
        {
            < 6 when giver != receiver => new NewRepEvent(receiver, giver, 1, RepKinds.Thanks, "bench thanks", $"bench:{sequence}", at),
            < 8 => new NewRepEvent(receiver, null, 5, RepKinds.Quiz, "bench quiz", $"bench:{sequence}", at),
            8 => new NewRepEvent(receiver, null, 10, RepKinds.GitHub, "bench pull request", $"bench:{sequence}", at),
            _ => new NewRepEvent(receiver, null, 5, RepKinds.Tutorial, "bench tutorial", $"bench:{sequence}", at),
        };
    }

    private static ulong MemberId(int index) => 100_000_000_000_000_000UL + (ulong)index;

    /// <summary>Members get names the way MemberDirectory stores them; written in one transaction to keep the seed quick.</summary>
    private async Task SeedMembersAsync(int members, DateTimeOffset now)
    {
        await using var connection = await database.OpenAsync().ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction();
        var at = now.AddDays(-400).ToUnixTimeMilliseconds();
        await connection.ExecuteAsync(
            "INSERT OR IGNORE INTO members (id, display_name, first_seen, last_seen) VALUES (@Id, @Name, @At, @At)",
            Enumerable.Range(0, members).Select(i => new { Id = (long)MemberId(i), Name = "member" + i.ToString(CultureInfo.InvariantCulture), At = at }),
            transaction).ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
    }

    private async Task<long> CountEventsAsync()
    {
        await using var connection = await database.OpenAsync().ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM rep_events").ConfigureAwait(false);
    }

    private int Setting(string key, int fallback) =>
        int.TryParse(configuration["Bench:" + key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private static TimeSpan CpuTime() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>Process CPU time per event since <paramref name="start"/>, and the rate one core would sustain at that cost.</summary>
    private static string CpuPerEvent(TimeSpan start, long events)
    {
        var perEvent = (CpuTime() - start).TotalMilliseconds * 1000 / Math.Max(1, events);
        return $"CPU {perEvent:F0} µs/event = {1_000_000 / Math.Max(1, perEvent):N0} events/s per core";
    }
}
