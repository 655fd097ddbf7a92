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

    private static async Task<Reply> PressAsync(ReputationTestHost host, Reply reply, int button)
    {
        var pressed = reply.Rows.Single().Items.Cast<Button>().ElementAt(button);
        Assert.False(pressed.Disabled);
        var responder = new RecordingResponder();
        await host.Feature.HandleComponentAsync(new ComponentInteraction(ReputationTestHost.Member("ada"), ConsoleIdentity.ChannelFor("general"), 1, pressed.CustomId, []), responder, CancellationToken.None);
        return Assert.Single(responder.Replies);
    }

    private static bool[] Disabled(Reply reply) => reply.Rows.Single().Items.Cast<Button>().Select(b => b.Disabled).ToArray();

    [Fact]
    public async Task The_leaderboard_pages_with_buttons_ranks_ties_together_and_keeps_its_week()
    {
        await using var host = await ReputationTestHost.StartAsync();
        await SeedAsync(host, 25);

        var first = await host.Feature.LeaderboardPageAsync("2026-W49", null, CancellationToken.None);
        host.Clock.Advance(TimeSpan.FromDays(7)); // pressing Next a week later still shows that week
        var second = await PressAsync(host, first, 1);
        var third = await PressAsync(host, second, 1);
        var backToSecond = await PressAsync(host, third, 0);
        var backToFirst = await PressAsync(host, backToSecond, 0);

        var card = Assert.Single(first.Cards);
        Assert.Equal("Leaderboard: week 2026-W49", card.Title);
        Assert.StartsWith("  1. @m24 — 25\n  2. @m23 — 24", card.Description, StringComparison.Ordinal);
        Assert.Equal("Page 1 of 3 · 25 members with points", card.Footer);
        Assert.Equal([true, false], Disabled(first));
        Assert.StartsWith("rep:lb:2026-W49:1:a:", first.Rows[0].Items[1].CustomId, StringComparison.Ordinal);

        // m10 and m11 tie on 11 points: both rank 14 (in member id order), the next member ranks 16.
        Assert.Equal("Leaderboard: week 2026-W49", second.Cards[0].Title);
        var tied = string.Join("\n", new[] { "m10", "m11" }.OrderBy(n => ReputationTestHost.Member(n).Id).Select(n => $" 14. @{n} — 11"));
        Assert.Contains(tied + "\n 16. @m09 — 10", second.Cards[0].Description, StringComparison.Ordinal);
        Assert.Equal("Page 2 of 3 · 25 members with points", second.Cards[0].Footer);
        Assert.Equal([false, false], Disabled(second));
        Assert.Equal(" 21. @m04 — 5\n 22. @m03 — 4\n 23. @m02 — 3\n 24. @m01 — 2\n 25. @m00 — 1", third.Cards[0].Description);
        Assert.Equal([false, true], Disabled(third));
        Assert.Equal(second.Cards[0], backToSecond.Cards[0]);
        Assert.Equal(card, backToFirst.Cards[0]);
        Assert.Equal([true, false], Disabled(backToFirst));
    }

    [Theory]
    [InlineData("rep:lb:2026-W49:1:a:5")]
    [InlineData("rep:lb:2026-W99:1:a:5:7")]
    [InlineData("rep:lb:2026-W49:1:x:5:7")]
    [InlineData("rep:lb:2026-W49:one:a:5:7")]
    public async Task A_malformed_page_button_does_nothing(string customId)
    {
        await using var host = await ReputationTestHost.StartAsync();
        var responder = new RecordingResponder();

        await host.Feature.HandleComponentAsync(new ComponentInteraction(ReputationTestHost.Member("ada"), ConsoleIdentity.ChannelFor("general"), 1, customId, []), responder, CancellationToken.None);

        Assert.Equal("That button no longer does anything.", Assert.Single(responder.Replies).Text);
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
