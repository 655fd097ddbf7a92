using Dapper;
using Lepton.Bot.Chat;
using Lepton.Bot.ConsoleChat;
using Lepton.Bot.Features.Reputation;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Bot.Tests.Features.Reputation;

public sealed class ReputationLedgerTests
{
    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => "Reputation:" + p.Key, p => (string?)p.Value, StringComparer.OrdinalIgnoreCase);

    [Fact]
    public async Task A_thanks_counts_once_per_source_and_updates_every_total()
    {
        await using var host = await ReputationTestHost.StartAsync();

        var first = await host.ThankAsync("ada", "grace", source: "reaction:m1:ada");
        var replay = await host.ThankAsync("ada", "grace", source: "reaction:m1:ada");

        var recorded = Assert.IsType<RecordOutcome.Recorded>(first);
        Assert.Equal((0, 1), (recorded.TotalBefore, recorded.TotalAfter));
        Assert.IsType<RecordOutcome.Duplicate>(replay);
        Assert.Equal(1, await host.CountEventsAsync());
        Assert.Equal(1, await host.TotalAsync("all", "grace"));
        Assert.Equal(1, await host.TotalAsync("2026-W49", "grace"));
        Assert.Equal(1, await host.TotalAsync("2026-12", "grace"));
        Assert.Equal(0, await host.TotalAsync("all", "ada"));
    }

    [Fact]
    public async Task Self_rep_and_bots_are_refused_with_the_reason()
    {
        await using var host = await ReputationTestHost.StartAsync();
        var bot = ReputationTestHost.Member("lepton") with { IsBot = true };

        var self = await host.ThankAsync("ada", "ada");
        var toBot = await host.Reputation.GiveThanksAsync(ReputationTestHost.Member("ada"), bot, RepKinds.Thanks, "s1", "", ConsoleIdentity.GuildId);
        var fromBot = await host.Reputation.GiveThanksAsync(bot, ReputationTestHost.Member("ada"), RepKinds.Thanks, "s2", "", ConsoleIdentity.GuildId);

        Assert.Equal("you cannot give reputation to yourself", Assert.IsType<RecordOutcome.Limited>(self).Why);
        Assert.Contains("bots do not collect reputation", Assert.IsType<RecordOutcome.Limited>(toBot).Why, StringComparison.Ordinal);
        Assert.IsType<RecordOutcome.Limited>(fromBot);
        Assert.Equal(0, await host.CountEventsAsync());
    }

    [Fact]
    public async Task The_pair_cooldown_refuses_a_second_thanks_until_it_passes()
    {
        await using var host = await ReputationTestHost.StartAsync(Settings(("PairCooldown", "01:00:00")));

        Assert.IsType<RecordOutcome.Recorded>(await host.ThankAsync("ada", "grace"));
        host.Clock.Advance(TimeSpan.FromMinutes(20));
        var again = await host.ThankAsync("ada", "grace");
        var other = await host.ThankAsync("ada", "lin");
        host.Clock.Advance(TimeSpan.FromMinutes(41));
        var later = await host.ThankAsync("ada", "grace");

        Assert.Equal("you thanked them recently; you can thank them again in 40 minutes", Assert.IsType<RecordOutcome.Limited>(again).Why);
        Assert.IsType<RecordOutcome.Recorded>(other);
        Assert.IsType<RecordOutcome.Recorded>(later);
        Assert.Equal(2, await host.TotalAsync("all", "grace"));
    }

    [Fact]
    public async Task The_daily_cap_counts_the_last_24_hours_of_a_givers_thanks()
    {
        await using var host = await ReputationTestHost.StartAsync(Settings(("DailyGiveLimit", "3")));

        foreach (var receiver in new[] { "b1", "b2", "b3" })
        {
            Assert.IsType<RecordOutcome.Recorded>(await host.ThankAsync("ada", receiver));
            host.Clock.Advance(TimeSpan.FromHours(1));
        }

        var fourth = await host.ThankAsync("ada", "b4");
        var someoneElse = await host.ThankAsync("lin", "b4");
        host.Clock.Advance(TimeSpan.FromHours(21) + TimeSpan.FromMinutes(1)); // the first thanks is now 24 h old
        var nextDay = await host.ThankAsync("ada", "b4");

        Assert.StartsWith("you have given 3 thanks in the last 24 hours", Assert.IsType<RecordOutcome.Limited>(fourth).Why, StringComparison.Ordinal);
        Assert.IsType<RecordOutcome.Recorded>(someoneElse);
        Assert.IsType<RecordOutcome.Recorded>(nextDay);
    }

    [Fact]
    public async Task New_members_cannot_give_until_the_minimum_age_using_join_date_or_first_seen()
    {
        await using var host = await ReputationTestHost.StartAsync(Settings(("MinimumMemberAge", "2.00:00:00")));
        var newcomer = ReputationTestHost.Member("newbie") with { JoinedAt = host.Clock.GetUtcNow().AddHours(-5) };
        var veteran = ReputationTestHost.Member("veteran") with { JoinedAt = host.Clock.GetUtcNow().AddDays(-30) };
        var grace = ReputationTestHost.Member("grace");

        var tooNew = await host.Reputation.GiveThanksAsync(newcomer, grace, RepKinds.Thanks, "a", "", ConsoleIdentity.GuildId);
        var old = await host.Reputation.GiveThanksAsync(veteran, grace, RepKinds.Thanks, "b", "", ConsoleIdentity.GuildId);

        // No join date (the console): the first time the bot saw them counts.
        var unknown = ReputationTestHost.Member("quiet");
        var firstTry = await host.Reputation.GiveThanksAsync(unknown, grace, RepKinds.Thanks, "c", "", ConsoleIdentity.GuildId);
        host.Clock.Advance(TimeSpan.FromDays(2));
        var secondTry = await host.Reputation.GiveThanksAsync(unknown, grace, RepKinds.Thanks, "d", "", ConsoleIdentity.GuildId);

        Assert.Equal("new members can give reputation after 2 days in the community; you can in 43 hours", Assert.IsType<RecordOutcome.Limited>(tooNew).Why);
        Assert.IsType<RecordOutcome.Recorded>(old);
        Assert.IsType<RecordOutcome.Limited>(firstTry);
        Assert.IsType<RecordOutcome.Recorded>(secondTry);
    }

    [Fact]
    public async Task Many_members_thanking_at_once_lose_nothing()
    {
        await using var host = await ReputationTestHost.StartAsync();
        var receivers = new[] { "r1", "r2", "r3", "r4" };

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 60).SelectMany(g => receivers.Select(r => Task.Run(() => host.ThankAsync($"giver{g}", r)))));

        Assert.All(outcomes, o => Assert.IsType<RecordOutcome.Recorded>(o));
        Assert.Equal(240, await host.CountEventsAsync());
        foreach (var receiver in receivers)
        {
            Assert.Equal(60, await host.TotalAsync("all", receiver));
            Assert.Equal(60, await host.TotalAsync("2026-W49", receiver));
        }

        Assert.Equal((0L, 0L), await host.RecomputeDifferencesAsync());
    }

    [Fact]
    public async Task Parallel_thanks_from_one_giver_cannot_slip_past_the_daily_cap()
    {
        await using var host = await ReputationTestHost.StartAsync(Settings(("DailyGiveLimit", "5")));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => host.ThankAsync("eager", $"member{i}"))));

        Assert.Equal(5, outcomes.Count(o => o is RecordOutcome.Recorded));
        Assert.Equal(25, outcomes.Count(o => o is RecordOutcome.Limited));
        Assert.Equal(5, await host.CountEventsAsync());
    }

    [Fact]
    public async Task A_failure_between_event_and_totals_leaves_neither_and_a_retry_counts_once()
    {
        await using var host = await ReputationTestHost.StartAsync();
        var victim = ReputationTestHost.Member("victim");
        await using (var connection = await host.OpenAsync())
        {
            // The event insert succeeds, then the totals update fails: a crash mid-transaction.
            await connection.ExecuteAsync(
                $"CREATE TRIGGER crash_on_totals BEFORE INSERT ON rep_totals WHEN NEW.member_id = {(long)victim.Id} BEGIN SELECT RAISE(ABORT, 'simulated crash'); END;");
        }

        var concurrent = Enumerable.Range(0, 10).Select(i => Task.Run(() => host.ThankAsync($"g{i}", "bystander"))).ToList();
        var failed = await Assert.ThrowsAsync<SqliteException>(() => host.ThankAsync("ada", "victim", source: "reaction:m9:ada"));
        await Task.WhenAll(concurrent);

        Assert.Contains("simulated crash", failed.Message, StringComparison.Ordinal);
        Assert.Equal(10, await host.CountEventsAsync());
        Assert.Equal(10, await host.TotalAsync("all", "bystander"));
        Assert.Equal(0, await host.TotalAsync("all", "victim"));
        Assert.Equal((0L, 0L), await host.RecomputeDifferencesAsync());

        await using (var connection = await host.OpenAsync())
        {
            await connection.ExecuteAsync("DROP TRIGGER crash_on_totals");
        }

        Assert.IsType<RecordOutcome.Recorded>(await host.ThankAsync("ada", "victim", source: "reaction:m9:ada"));
        Assert.IsType<RecordOutcome.Duplicate>(await host.ThankAsync("ada", "victim", source: "reaction:m9:ada"));
        Assert.Equal(1, await host.TotalAsync("all", "victim"));
    }

    [Fact]
    public async Task Recompute_reports_totals_that_disagree_with_the_ledger_and_fixes_them()
    {
        await using var host = await ReputationTestHost.StartAsync();
        await host.ThankAsync("ada", "grace");
        await host.ThankAsync("lin", "grace");
        var grace = (long)ReputationTestHost.Member("grace").Id;
        await using (var connection = await host.OpenAsync())
        {
            await connection.ExecuteAsync($"UPDATE rep_totals SET points = 50 WHERE period = 'all' AND member_id = {grace}");
            await connection.ExecuteAsync("INSERT INTO rep_totals (period, member_id, points) VALUES ('2026-W01', 7, 3)");
        }

        var report = await host.Store.RecomputeAsync();
        var again = await host.Store.RecomputeAsync();

        Assert.Equal(2, report.DifferenceCount);
        Assert.Contains(new TotalDifference("all", (ulong)grace, 50, 2), report.Differences);
        Assert.Contains(new TotalDifference("2026-W01", 7, 3, null), report.Differences);
        Assert.Equal(2, report.Events);
        Assert.Equal(0, again.DifferenceCount);
        Assert.Equal(2, await host.TotalAsync("all", "grace"));
    }

    [Fact]
    public async Task Points_earned_outside_the_server_move_reward_roles_in_the_configured_server()
    {
        await using var host = await ReputationTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Reputation:RoleRewards:0:Role"] = "Helper",
            ["Reputation:RoleRewards:0:Points"] = "5",
            ["Reputation:GuildId"] = ConsoleIdentity.GuildId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var lin = ReputationTestHost.Member("lin");

        // A tutorial finished in a DM carries no server.
        await host.Services.GetRequiredService<CommunityEvents>().PublishAsync(new TutorialCompleted(lin, null, host.Clock.GetUtcNow(), "first-cifar10-model"));

        Assert.True(host.Roles.Holds(lin.Id, ConsoleIdentity.StableId("role:helper")));
    }

    [Theory]
    [InlineData(50_000)] // fixes the wrong rows one by one
    [InlineData(0)] // rebuilds every total
    public async Task Recompute_repairs_deleted_and_invented_totals_and_their_rank_counts(int rowFixLimit)
    {
        await using var host = await ReputationTestHost.StartAsync();
        await host.ThankAsync("ada", "grace");
        await host.ThankAsync("lin", "grace");
        await host.ThankAsync("ada", "lin");
        await using (var connection = await host.OpenAsync())
        {
            await connection.ExecuteAsync($"DELETE FROM rep_totals WHERE member_id = {(long)ReputationTestHost.Member("grace").Id}");
            await connection.ExecuteAsync("INSERT INTO rep_totals (period, member_id, points) VALUES ('all', 99, 7)");
            await connection.ExecuteAsync("DELETE FROM rep_rank_counts WHERE period = '2026-12'");
        }

        var report = await host.Store.RecomputeAsync(rowFixLimit: rowFixLimit);
        var standing = await host.Store.StandingAsync(ReputationTestHost.Member("grace").Id, host.Clock.GetUtcNow(), 5);

        Assert.Equal(4, report.DifferenceCount); // grace's three totals and member 99
        Assert.Equal(1, report.RankCountDifferences); // the month whose counts were deleted
        Assert.Equal((2L, 2L, 2L, 1L, 2L), (await host.TotalAsync("all", "grace"), await host.TotalAsync("2026-W49", "grace"), await host.TotalAsync("2026-12", "grace"), standing.Rank, standing.Ranked));
        Assert.Equal((0L, 0L), await host.RecomputeDifferencesAsync());
    }

    [Fact]
    public async Task Rank_counts_keep_only_totals_someone_holds()
    {
        await using var host = await ReputationTestHost.StartAsync();
        await host.ThankAsync("ada", "grace");
        await host.ThankAsync("lin", "grace");
        await host.ThankAsync("bob", "grace");
        await host.ThankAsync("ada", "lin");

        await using var connection = await host.OpenAsync();
        var all = (await connection.QueryAsync<(long Points, long Members)>(
            "SELECT points, members FROM rep_rank_counts WHERE period = 'all' ORDER BY points")).ToList();

        // grace passed through 1 and 2 on her way to 3; lin holds 1. No row is left for 2.
        Assert.Equal([(1L, 1L), (3L, 1L)], all);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM rep_rank_counts WHERE members = 0"));
        Assert.Equal((0L, 0L), await host.RecomputeDifferencesAsync());
    }

    [Fact]
    public async Task A_revoke_compensates_in_the_original_week_once_and_the_ledger_refuses_edits()
    {
        await using var host = await ReputationTestHost.StartAsync();
        var maintainer = ReputationTestHost.Member("grace", maintainer: true);
        var given = Assert.IsType<RecordOutcome.Recorded>(await host.ThankAsync("ada", "lin"));
        host.Clock.Advance(TimeSpan.FromDays(7)); // revoked the week after

        var revoked = Assert.IsType<RevokeOutcome.Revoked>(await host.Reputation.RevokeAsync(given.Event.Id, maintainer, "sock puppet", ConsoleIdentity.GuildId));
        var twice = await host.Reputation.RevokeAsync(given.Event.Id, maintainer, "", ConsoleIdentity.GuildId);
        var ofRevoke = await host.Reputation.RevokeAsync(revoked.Compensation.Id, maintainer, "", ConsoleIdentity.GuildId);
        var missing = await host.Reputation.RevokeAsync(999, maintainer, "", ConsoleIdentity.GuildId);

        Assert.Equal(-1, revoked.Compensation.Points);
        Assert.Equal("2026-W49", revoked.Compensation.Week);
        Assert.Equal("revokes #1: sock puppet", revoked.Compensation.Reason);
        Assert.Equal(0, await host.TotalAsync("all", "lin"));
        Assert.Equal(0, await host.TotalAsync("2026-W49", "lin"));
        Assert.Equal(0, await host.TotalAsync("2026-W50", "lin"));
        Assert.Equal($"#1 was already revoked by #{revoked.Compensation.Id}", Assert.IsType<RevokeOutcome.Refused>(twice).Why);
        Assert.Contains("is itself a revoke", Assert.IsType<RevokeOutcome.Refused>(ofRevoke).Why, StringComparison.Ordinal);
        Assert.Equal("there is no event #999", Assert.IsType<RevokeOutcome.Refused>(missing).Why);
        await using var connection = await host.OpenAsync();
        var edit = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("UPDATE rep_events SET points = 100"));
        await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("DELETE FROM rep_events"));
        Assert.Contains("append-only", edit.Message, StringComparison.Ordinal);
        Assert.Equal(2, await host.CountEventsAsync());
        Assert.Equal((0L, 0L), await host.RecomputeDifferencesAsync());
    }

    [Fact]
    public async Task Reward_roles_are_granted_and_removed_as_the_total_crosses_thresholds()
    {
        await using var host = await ReputationTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Reputation:RoleRewards:0:Role"] = "Helper",
            ["Reputation:RoleRewards:0:Points"] = "2",
            ["Reputation:RoleRewards:1:Role"] = "Mentor",
            ["Reputation:RoleRewards:1:Points"] = "3",
        });
        var lin = ReputationTestHost.Member("lin").Id;
        var helper = ConsoleIdentity.StableId("role:helper");
        var mentor = ConsoleIdentity.StableId("role:mentor");

        await host.ThankAsync("a", "lin");
        var afterOne = host.Roles.Holds(lin, helper);
        await host.ThankAsync("b", "lin");
        var afterTwo = (host.Roles.Holds(lin, helper), host.Roles.Holds(lin, mentor));
        var third = Assert.IsType<RecordOutcome.Recorded>(await host.ThankAsync("c", "lin"));
        var afterThree = (host.Roles.Holds(lin, helper), host.Roles.Holds(lin, mentor));
        await host.Reputation.RevokeAsync(third.Event.Id, ReputationTestHost.Member("grace", true), "", ConsoleIdentity.GuildId);
        var afterRevoke = (host.Roles.Holds(lin, helper), host.Roles.Holds(lin, mentor));

        Assert.False(afterOne);
        Assert.Equal((true, false), afterTwo);
        Assert.Equal((true, true), afterThree);
        Assert.Equal((true, false), afterRevoke);
        Assert.Contains("[roles] granted Mentor (reputation reached 3)", host.Output.ToString(), StringComparison.Ordinal);
        Assert.Contains("[roles] removed Mentor (reputation fell below 3)", host.Output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-12-02T12:00:00Z", "2026-W49", "2026-12")]
    [InlineData("2026-01-01T00:00:00Z", "2026-W01", "2026-01")]
    [InlineData("2027-01-01T08:00:00Z", "2026-W53", "2027-01")]
    [InlineData("2024-12-30T00:00:00Z", "2025-W01", "2024-12")]
    [InlineData("2026-12-06T23:59:59+00:00", "2026-W49", "2026-12")]
    [InlineData("2026-12-06T23:30:00-05:00", "2026-W50", "2026-12")] // Monday 04:30 UTC
    public void Weeks_are_iso_weeks_in_utc(string time, string week, string month)
    {
        var at = DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(week, ReputationPeriods.WeekOf(at));
        Assert.Equal(month, ReputationPeriods.MonthOf(at));
        Assert.True(ReputationPeriods.IsValidKey(week) && ReputationPeriods.IsValidKey(month));
    }

    [Theory]
    [InlineData("all", true)]
    [InlineData("2026-W54", false)]
    [InlineData("2026-13", false)]
    [InlineData("x'; DROP", false)]
    public void Only_period_keys_the_bot_makes_are_accepted_back_from_buttons(string key, bool valid) =>
        Assert.Equal(valid, ReputationPeriods.IsValidKey(key));
}
