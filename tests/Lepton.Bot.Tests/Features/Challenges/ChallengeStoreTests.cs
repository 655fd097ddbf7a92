using Lepton.Bot.Features.Challenges;
using Lepton.Bot.Storage;
using Lepton.Bot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Tests.Features.Challenges;

public sealed class ChallengeStoreTests : IDisposable
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly ChallengeStore _store;

    public ChallengeStoreTests()
    {
        var options = Options.Create(new StorageOptions { DataDirectory = _folder.Path });
        var database = new BotDatabase(options);
        new Migrator(database, options, TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync().GetAwaiter().GetResult();
        _store = new ChallengeStore(database);
    }

    public void Dispose() => _folder.Dispose();

    private async Task<Challenge> OpenAsync(string slug = "week-49", int daily = 3) =>
        (await _store.CreateChallengeAsync(new NewChallenge(slug, "Week 49", "d", "fast-baseline", 1_000_000, 10, 5, daily, "challenges", Monday, Monday.AddDays(7), 1), Monday))!;

    private async Task<Submission> SubmitAsync(Challenge challenge, ulong member, DateTimeOffset? at = null)
    {
        var (submission, problem) = await _store.AddSubmissionAsync(challenge, member, $"member{member}", "preset fast-baseline", "spec", at ?? Monday);
        return submission ?? throw new InvalidOperationException(problem);
    }

    [Fact]
    public async Task A_slug_can_be_used_once()
    {
        await OpenAsync();

        Assert.Null(await _store.CreateChallengeAsync(new NewChallenge("week-49", "Again", "d", "p", 1, 1, 1, 1, "c", Monday, Monday, 1), Monday));
    }

    [Fact]
    public async Task A_member_has_at_most_one_waiting_or_running_submission_per_challenge()
    {
        var challenge = await OpenAsync();
        var first = await SubmitAsync(challenge, 7);

        var (second, problem) = await _store.AddSubmissionAsync(challenge, 7, "member7", "preset x", "spec", Monday.AddMinutes(1));

        Assert.Null(second);
        Assert.Contains("already have a submission waiting or running", problem, StringComparison.Ordinal);
        await _store.ClaimNextAsync(Monday);
        await _store.CompleteAsync(first.Id, new RunOutcome(SubmissionStatus.Succeeded, null, 0.5, 0.4, 10, 1, 1, "d", "{}"), Monday);
        Assert.NotNull(await SubmitAsync(challenge, 7, Monday.AddMinutes(2)));
    }

    [Fact]
    public async Task The_daily_limit_counts_submissions_of_the_utc_day()
    {
        var challenge = await OpenAsync(daily: 2);
        for (var i = 0; i < 2; i++)
        {
            var s = await SubmitAsync(challenge, 7, Monday.AddMinutes(i));
            await _store.CancelAsync(challenge.Id, 7, "test", Monday.AddMinutes(i));
            Assert.Equal(SubmissionStatus.Queued, s.Status);
        }

        var (refused, problem) = await _store.AddSubmissionAsync(challenge, 7, "member7", "p", "spec", Monday.AddHours(1));
        var (nextDay, _) = await _store.AddSubmissionAsync(challenge, 7, "member7", "p", "spec", Monday.AddDays(1));

        Assert.Null(refused);
        Assert.Contains("the next is possible from 2026-12-08 00:00 UTC", problem, StringComparison.Ordinal);
        Assert.NotNull(nextDay);
    }

    [Fact]
    public async Task Jobs_are_claimed_oldest_first_and_only_once()
    {
        var challenge = await OpenAsync();
        var a = await SubmitAsync(challenge, 1);
        var b = await SubmitAsync(challenge, 2);

        var first = await _store.ClaimNextAsync(Monday);
        var second = await _store.ClaimNextAsync(Monday);
        var none = await _store.ClaimNextAsync(Monday);

        Assert.Equal((a.Id, SubmissionStatus.Running, 1), (first!.Id, first.Status, first.Attempts));
        Assert.Equal(b.Id, second!.Id);
        Assert.Null(none);
    }

    [Fact]
    public async Task Interrupted_runs_are_requeued_until_the_attempt_limit_then_fail_with_the_reason()
    {
        var challenge = await OpenAsync();
        var job = await SubmitAsync(challenge, 1);

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await _store.ClaimNextAsync(Monday);
            var (requeued, gaveUp) = await _store.RecoverInterruptedAsync(3, Monday);
            Assert.Equal([job.Id], requeued.Select(s => s.Id));
            Assert.Empty(gaveUp);
        }

        await _store.ClaimNextAsync(Monday);
        var (again, failed) = await _store.RecoverInterruptedAsync(3, Monday);

        Assert.Empty(again);
        var given = Assert.Single(failed);
        Assert.Equal(SubmissionStatus.Failed, given.Status);
        Assert.Equal("the bot stopped during the run 3 times; giving up", given.Reason);
        Assert.Empty(await _store.QueueAsync());
    }

    [Fact]
    public async Task A_cancelled_run_cannot_be_completed_afterwards()
    {
        var challenge = await OpenAsync();
        var job = await SubmitAsync(challenge, 1);
        await _store.ClaimNextAsync(Monday);

        var cancelled = await _store.CancelAsync(challenge.Id, 1, "cancelled by member1", Monday);
        var completed = await _store.CompleteAsync(job.Id, new RunOutcome(SubmissionStatus.Succeeded, null, 0.9, 0.9, 1, 1, 1, "d", "{}"), Monday);

        Assert.Equal(SubmissionStatus.Running, cancelled!.Status);
        Assert.False(completed);
        Assert.Equal(SubmissionStatus.Cancelled, (await _store.FindSubmissionAsync(job.Id))!.Status);
    }

    [Fact]
    public async Task Public_standings_use_each_members_best_public_score_and_final_ones_the_private_half()
    {
        var challenge = await OpenAsync(daily: 10);
        async Task<long> Scored(ulong member, double publicScore, double privateScore)
        {
            var s = await SubmitAsync(challenge, member);
            await _store.ClaimNextAsync(Monday);
            await _store.CompleteAsync(s.Id, new RunOutcome(SubmissionStatus.Succeeded, null, publicScore, privateScore, 1, 1, 1, "d", "{}"), Monday);
            return s.Id;
        }

        // Ada overfits the public half with her second submission; Bo is steadier.
        var adaFirst = await Scored(1, 0.70, 0.69);
        await Scored(1, 0.80, 0.60);
        await Scored(2, 0.75, 0.74);

        var publicBoard = await _store.StandingsAsync(challenge.Id, final: false);
        var finalBoard = await _store.StandingsAsync(challenge.Id, final: true);
        Assert.Equal(["member1:0.8", "member2:0.75"], publicBoard.Select(s => $"{s.MemberName}:{s.Score}"));
        Assert.Equal(["member2:0.74", "member1:0.6"], finalBoard.Select(s => $"{s.MemberName}:{s.Score}"));

        // Selecting her first submission makes it the one that counts.
        Assert.True(await _store.SelectAsync(challenge.Id, 1, adaFirst));
        Assert.False(await _store.SelectAsync(challenge.Id, 2, adaFirst));
        var selected = await _store.StandingsAsync(challenge.Id, final: true);
        Assert.Equal(["member2:0.74", "member1:0.69"], selected.Select(s => $"{s.MemberName}:{s.Score}"));
    }

    [Fact]
    public async Task Closing_cancels_what_has_not_finished_and_happens_once()
    {
        var challenge = await OpenAsync();
        await SubmitAsync(challenge, 1);
        await _store.ClaimNextAsync(Monday);
        await SubmitAsync(challenge, 2);

        var (closed, cancelled) = await _store.CloseChallengeAsync(challenge.Id, Monday.AddDays(7));
        var (again, _) = await _store.CloseChallengeAsync(challenge.Id, Monday.AddDays(7));

        Assert.True(closed);
        Assert.Equal(2, cancelled.Count);
        Assert.All(cancelled, s => Assert.Equal(SubmissionStatus.Cancelled, s.Status));
        Assert.False(again);
    }
}
