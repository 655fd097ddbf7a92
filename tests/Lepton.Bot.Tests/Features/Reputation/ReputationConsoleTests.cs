using Lepton.Bot.Hosting;
using Lepton.Bot.Tests.Support;

namespace Lepton.Bot.Tests.Features.Reputation;

/// <summary>The reputation commands end to end through the console bot, as a member would type them.</summary>
public sealed class ReputationConsoleTests : IDisposable
{
    private static readonly Dictionary<string, string?> NoMinimumAge = new() { ["Reputation:MinimumMemberAge"] = "0" };

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Members_thank_each_other_and_see_reputation_and_the_leaderboard()
    {
        var output = await ConsoleHarness.RunAsync(_folder.Path, """
            /as user:ada
            /thanks user:grace reason:explained batch norm
            /thanks user:grace
            /thanks user:ada
            /as user:lin
            /thanks user:grace reason:fixed my data loader
            /rep show user:grace
            /leaderboard period:week
            """, settings: NoMinimumAge);

        Assert.Contains("bot: 🙏 @ada thanked @grace: explained batch norm (+1, now 1)", output, StringComparison.Ordinal);
        // The wait is the cooldown less the time between the two thanks: 60 minutes, or "1 hour" when both fall in one millisecond.
        Assert.Matches(@"bot \(only you\): Your thanks did not count: you thanked them recently; you can thank them again in (60 minutes|1 hour)\.", output);
        Assert.Contains("bot (only you): Your thanks did not count: you cannot give reputation to yourself.", output, StringComparison.Ordinal);
        Assert.Contains("bot: 🙏 @lin thanked @grace: fixed my data loader (+1, now 2)", output, StringComparison.Ordinal);
        Assert.Contains("┌ Reputation of @grace\n  │ 2 points · rank #1 of 1", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("+1 thanks from @lin: fixed my data loader", output, StringComparison.Ordinal);
        Assert.Contains("│   1. @grace — 2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_console_members_are_held_to_the_minimum_membership_age()
    {
        var output = await ConsoleHarness.RunAsync(_folder.Path, "/as user:ada\n/thanks user:grace\n", settings: new Dictionary<string, string?> { ["Reputation:MinimumMemberAge"] = "1.00:00:00" });

        Assert.Contains("Your thanks did not count: new members can give reputation after 24 hours in the community; you can in 24 hours.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_links_github_with_a_button_and_a_simulated_merge_awards_once()
    {
        var output = await ConsoleHarness.RunAsync(_folder.Path, """
            /as user:ada
            /simulate github event:pr_merged login:ada-gh delivery:first
            /link github:ada-gh
            1
            /simulate github event:pr_merged login:ada-gh delivery:second
            /simulate github event:pr_merged login:ada-gh delivery:second
            /simulate github event:review login:ada-gh number:9 hours_ago:48
            /link github:-bad-
            /rep show
            """, settings: NoMinimumAge);

        Assert.Contains("202 no member linked to GitHub login ada-gh", output, StringComparison.Ordinal);
        Assert.Contains("[1] Confirm  [2] Cancel", output, StringComparison.Ordinal);
        Assert.Contains("Linked: GitHub login ada-gh is now yours here.", output, StringComparison.Ordinal);
        Assert.Contains("Simulated GitHub delivery second (pull_request): 200 awarded +10", output, StringComparison.Ordinal);
        Assert.Contains("Simulated GitHub delivery second (pull_request): 200 already processed; nothing awarded", output, StringComparison.Ordinal);
        Assert.Contains("(pull_request_review): 400 stale: review.submitted_at is", output, StringComparison.Ordinal);
        Assert.Contains("/link: '-bad-' is not a GitHub login", output, StringComparison.Ordinal);
        Assert.Contains("│ 10 points · rank #1 of 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Maintainers_award_revoke_read_the_log_and_export_while_members_cannot()
    {
        var output = await ConsoleHarness.RunAsync(_folder.Path, """
            /as user:lin
            /rep award user:lin points:100 reason:trying my luck
            /as user:grace maintainer:true
            /rep award user:ada points:20 reason:gave the meetup talk
            /rep award user:ada points:9999 reason:too much
            /rep log user:ada
            /rep revoke event:1 reason:talk was cancelled
            /rep revoke event:1
            /rep export
            /rep show user:ada
            """, settings: NoMinimumAge);

        Assert.Contains("/rep award is for maintainers only.", output, StringComparison.Ordinal);
        Assert.Contains("bot: 🏅 @grace awarded @ada +20: gave the meetup talk (event #1, now 20)", output, StringComparison.Ordinal);
        Assert.Contains("/rep award: option 'points' must be -500 to 500 (got 9999).", output, StringComparison.Ordinal);
        Assert.Contains("+20 award by @grace: gave the meetup talk", output, StringComparison.Ordinal);
        Assert.Contains("Revoked #1 (+20 award to @ada) with event #2; their total is now 0.", output, StringComparison.Ordinal);
        Assert.Contains("/rep revoke: #1 was already revoked by #2.", output, StringComparison.Ordinal);
        Assert.Contains("-20 revoke by @grace: revokes #1: talk was cancelled", output, StringComparison.Ordinal);
        var file = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("file: ", StringComparison.Ordinal))[6..];
        var csv = await File.ReadAllLinesAsync(file);
        Assert.Equal(3, csv.Length);
        Assert.Contains(",-20,revoke,revokes #1: talk was cancelled,revoke:1,1,", csv[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rep_verb_recomputes_totals_and_reports_what_differed()
    {
        await ConsoleHarness.RunAsync(_folder.Path, "/as user:ada\n/thanks user:grace\n", settings: NoMinimumAge);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder.Path, "lepton.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE rep_totals SET points = 41 WHERE period = 'all'";
            await command.ExecuteNonQueryAsync();
        }

        var (exit, output, error) = await RunVerbAsync("rep", "recompute", "--data", _folder.Path);
        var (again, secondOutput, _) = await RunVerbAsync("rep", "recompute", "--data", _folder.Path);
        var (badExit, _, badError) = await RunVerbAsync("rep", "rebuild", "--data", _folder.Path);

        Assert.Equal((0, ""), (exit, error));
        Assert.Contains("Recomputed 3 totals from 1 ledger events.", output, StringComparison.Ordinal);
        Assert.Contains("1 stored totals differed from the ledger and were corrected:", output, StringComparison.Ordinal);
        Assert.Contains("stored 41, ledger 1", output, StringComparison.Ordinal);
        Assert.Equal(0, again);
        Assert.Contains("Every stored total matched the ledger.", secondOutput, StringComparison.Ordinal);
        Assert.Equal(2, badExit);
        Assert.Contains("unknown action 'rebuild'; actions: recompute", badError, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunVerbAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await BotCommandLine.RunAsync(args, new StringReader(""), output, error, interactive: false);
        return (exit, output.ToString(), error.ToString());
    }
}
