using System.Text;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.ConsoleChat;
using Lepton.Bot.Features.Members;
using Lepton.Bot.Features.Reputation;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Bot.Tests.Features.Reputation;

public sealed class ReputationViewsTests
{
    /// <summary>Records what a handler answers, so replies can be inspected as values.</summary>
    private sealed class RecordingResponder : IResponder
    {
        public List<Reply> Replies { get; } = [];

        public Task<SentMessage> ReplyAsync(Reply reply, CancellationToken cancellationToken = default)
        {
            Replies.Add(reply);
            return Task.FromResult(new SentMessage("test", Replies.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        public Task EditAsync(SentMessage message, Reply reply, CancellationToken cancellationToken = default) => ReplyAsync(reply, cancellationToken);

        public Task UpdateSourceAsync(Reply reply, CancellationToken cancellationToken = default) => ReplyAsync(reply, cancellationToken);

        public Task ShowModalAsync(ModalForm form, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private static async Task SeedAsync(ReputationTestHost host, int members)
    {
        var directory = host.Services.GetRequiredService<MemberDirectory>();
        for (var m = 0; m < members; m++)
        {
            var member = ReputationTestHost.Member($"m{m:D2}");
            await directory.RememberAsync(member);
            // m00 gets 1 point, m01 2, ...; m10 and m11 tie.
            var points = m == 11 ? 11 : m + 1;
            await host.Reputation.AwardAsync(member.Id, null, points, RepKinds.Award, "seed", $"seed:{m}", host.Clock.GetUtcNow(), null);
        }
    }

    [Fact]
    public async Task The_leaderboard_pages_with_buttons_ranks_ties_together_and_keeps_its_week()
    {
        await using var host = await ReputationTestHost.StartAsync();
        await SeedAsync(host, 25);

        var first = await host.Feature.LeaderboardPageAsync("2026-W49", 0, CancellationToken.None);
        var card = Assert.Single(first.Cards);
        var buttons = first.Rows.Single().Items.Cast<Button>().ToList();
        host.Clock.Advance(TimeSpan.FromDays(7)); // pressing Next a week later still shows that week
        var responder = new RecordingResponder();
        await host.Feature.HandleComponentAsync(new ComponentInteraction(ReputationTestHost.Member("ada"), ConsoleIdentity.ChannelFor("general"), 1, buttons[1].CustomId, []), responder, CancellationToken.None);
        var second = Assert.Single(responder.Replies);
        var last = await host.Feature.LeaderboardPageAsync("2026-W49", 2, CancellationToken.None);

        Assert.Equal("Leaderboard: week 2026-W49", card.Title);
        Assert.StartsWith("  1. @m24 — 25\n  2. @m23 — 24", card.Description, StringComparison.Ordinal);
        Assert.Equal("Page 1 of 3 · 25 members with points", card.Footer);
        Assert.True(buttons[0].Disabled);
        Assert.Equal("rep:lb:2026-W49:1", buttons[1].CustomId);
        Assert.Equal("Leaderboard: week 2026-W49", second.Cards[0].Title);
        // m10 and m11 tie on 11 points: both rank 14 (in member id order), the next member ranks 16.
        var tied = string.Join("\n", new[] { "m10", "m11" }.OrderBy(n => ReputationTestHost.Member(n).Id).Select(n => $" 14. @{n} — 11"));
        Assert.Contains(tied + "\n 16. @m09 — 10", second.Cards[0].Description, StringComparison.Ordinal);
        Assert.Equal("Page 2 of 3 · 25 members with points", second.Cards[0].Footer);
        Assert.Equal(" 21. @m04 — 5\n 22. @m03 — 4\n 23. @m02 — 3\n 24. @m01 — 2\n 25. @m00 — 1", last.Cards[0].Description);
        Assert.True(last.Rows.Single().Items.Cast<Button>().Last().Disabled);
    }

    [Fact]
    public async Task Rep_show_gives_total_rank_week_and_latest_events_with_reasons()
    {
        await using var host = await ReputationTestHost.StartAsync();
        await SeedAsync(host, 3);
        await host.Services.GetRequiredService<MemberDirectory>().RememberAsync(ReputationTestHost.Member("ada"));
        host.Clock.Advance(TimeSpan.FromDays(7));
        await host.Reputation.GiveThanksAsync(ReputationTestHost.Member("ada"), ReputationTestHost.Member("m01"), RepKinds.Thanks, "t1", "explained padding", 1);

        var card = await host.Feature.StandingCardAsync(ReputationTestHost.Member("m01"), CancellationToken.None);

        Assert.Equal("Reputation of @m01", card.Title);
        Assert.Equal("3 points · rank #1 of 3", card.Description);
        Assert.Equal(("This week", "1"), (card.Fields[0].Name, card.Fields[0].Value));
        Assert.Equal(("This month", "3"), (card.Fields[1].Name, card.Fields[1].Value));
        Assert.Equal("+1 thanks from @ada: explained padding · 2026-12-09\n+2 award: seed · 2026-12-02", card.Fields[2].Value);
    }

    [Fact]
    public async Task The_csv_export_quotes_text_and_defuses_spreadsheet_formulas()
    {
        await using var host = await ReputationTestHost.StartAsync();
        var directory = host.Services.GetRequiredService<MemberDirectory>();
        await directory.RememberAsync(ReputationTestHost.Member("ada"));
        await host.Reputation.GiveThanksAsync(ReputationTestHost.Member("ada"), ReputationTestHost.Member("lin"), RepKinds.Thanks, "t1", "=HYPERLINK(\"http://x\"), thanks", 1);

        var csv = await ReputationCsv.WriteAsync(host.Store, directory, null, 1 << 20, CancellationToken.None);
        var lines = Encoding.UTF8.GetString(csv!.Value.Content.Span).Split("\r\n");
        var tooSmall = await ReputationCsv.WriteAsync(host.Store, directory, null, 100, CancellationToken.None);

        Assert.Equal(1, csv.Value.Rows);
        Assert.Equal(ReputationCsv.Header, lines[0]);
        Assert.Equal(
            $"1,2026-12-02T12:00:00.000Z,{ReputationTestHost.Member("lin").Id},lin,{ReputationTestHost.Member("ada").Id},ada,1,thanks,\"'=HYPERLINK(\"\"http://x\"\"), thanks\",t1,,2026-W49,2026-12",
            lines[1]);
        Assert.Null(tooSmall);
    }
}
