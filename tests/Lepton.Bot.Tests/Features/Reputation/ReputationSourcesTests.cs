using Lepton.Bot.Chat;
using Lepton.Bot.ConsoleChat;
using Lepton.Bot.Features.Reputation;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Bot.Tests.Features.Reputation;

public sealed class ReputationSourcesTests
{
    private static readonly ChatChannel General = ConsoleIdentity.ChannelFor("general");

    private static IChatEventHandler ChatEvents(ReputationTestHost host) =>
        host.Services.GetServices<IChatEventHandler>().OfType<ReputationChatEvents>().Single();

    [Fact]
    public async Task A_thanks_reaction_counts_once_per_giver_and_message_and_other_emoji_count_nothing()
    {
        await using var host = await ReputationTestHost.StartAsync();
        var events = ChatEvents(host);
        var ada = ReputationTestHost.Member("ada");
        var grace = ReputationTestHost.Member("grace");

        await events.OnReactionAsync(new ChatReaction(ada, General, ConsoleIdentity.GuildId, "m1", grace, "🙏"), CancellationToken.None);
        await events.OnReactionAsync(new ChatReaction(ada, General, ConsoleIdentity.GuildId, "m1", grace, "thanks"), CancellationToken.None); // second thanks emoji, same message
        await events.OnReactionAsync(new ChatReaction(ada, General, ConsoleIdentity.GuildId, "m2", grace, "😂"), CancellationToken.None);
        await events.OnReactionAsync(new ChatReaction(ada, General, ConsoleIdentity.GuildId, "m3", null, "🙏"), CancellationToken.None); // author unknown

        Assert.Equal(1, await host.CountEventsAsync());
        Assert.Equal(1, await host.TotalAsync("all", "grace"));
    }

    [Fact]
    public async Task A_refused_reaction_tells_the_giver_why_in_a_direct_message()
    {
        await using var host = await ReputationTestHost.StartAsync();
        var ada = ReputationTestHost.Member("ada");

        await ChatEvents(host).OnReactionAsync(new ChatReaction(ada, General, ConsoleIdentity.GuildId, "m1", ada, "🙏"), CancellationToken.None);

        Assert.Contains("[DM to @ada] bot: Your thanks to @ada did not count: you cannot give reputation to yourself.", host.Output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await host.CountEventsAsync());
    }

    [Fact]
    public async Task A_reaction_that_names_only_the_authors_id_keeps_the_name_the_bot_knows()
    {
        await using var host = await ReputationTestHost.StartAsync();
        var grace = ReputationTestHost.Member("grace");
        var directory = host.Services.GetRequiredService<Lepton.Bot.Features.Members.MemberDirectory>();
        await directory.RememberAsync(grace);
        var idOnly = new ChatUser(grace.Id, grace.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)); // what Discord's reaction event gives

        await ChatEvents(host).OnReactionAsync(new ChatReaction(ReputationTestHost.Member("ada"), General, 1, "m1", idOnly, "🙏"), CancellationToken.None);

        Assert.Equal(1, await host.TotalAsync("all", "grace"));
        Assert.Equal("grace", (await directory.FindAsync(grace.Id))!.DisplayName);
    }

    [Fact]
    public async Task The_reaction_emoji_list_is_configurable()
    {
        await using var host = await ReputationTestHost.StartAsync(new Dictionary<string, string?> { ["Reputation:ThanksEmojis:0"] = "⭐" });
        var events = ChatEvents(host);

        await events.OnReactionAsync(new ChatReaction(ReputationTestHost.Member("ada"), General, 1, "m1", ReputationTestHost.Member("lin"), "🙏"), CancellationToken.None);
        await events.OnReactionAsync(new ChatReaction(ReputationTestHost.Member("ada"), General, 1, "m2", ReputationTestHost.Member("lin"), "⭐"), CancellationToken.None);

        var only = Assert.Single(await host.Store.EventsOfAsync(ReputationTestHost.Member("lin").Id, 10));
        Assert.Equal("reacted ⭐ in #general", only.Reason);
    }

    [Fact]
    public async Task Thanks_messages_count_only_when_enabled_and_thank_every_member_mentioned()
    {
        var ada = ReputationTestHost.Member("ada");
        var mentions = new[] { ReputationTestHost.Member("bob"), ReputationTestHost.Member("carol") };
        var message = new ChatMessage(ada, General, 1, "m7", "Thanks @bob @carol, that fixed my CUDA error!", mentions);

        await using (var off = await ReputationTestHost.StartAsync())
        {
            await ChatEvents(off).OnMessageAsync(message, CancellationToken.None);
            Assert.Equal(0, await off.CountEventsAsync());
        }

        await using var on = await ReputationTestHost.StartAsync(new Dictionary<string, string?> { ["Reputation:ReadThanksMessages"] = "true" });
        var events = ChatEvents(on);
        await events.OnMessageAsync(message, CancellationToken.None);
        await events.OnMessageAsync(message, CancellationToken.None); // the gateway replays an event
        await events.OnMessageAsync(message with { MessageId = "m8", Content = "Thanksgiving plans @bob?" }, CancellationToken.None);
        await events.OnMessageAsync(message with { MessageId = "m9", Content = "谢谢 @bob", Mentions = [mentions[0]] }, CancellationToken.None);

        Assert.Equal(2, await on.CountEventsAsync());
        Assert.Equal(1, await on.TotalAsync("all", "carol"));
        Assert.Equal(1, await on.TotalAsync("all", "bob")); // the 谢谢 message is within bob's cooldown
        Assert.Contains("[DM to @ada] bot: Your thanks to @bob did not count: you thanked them recently", on.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Community_events_award_configured_points_once_per_source()
    {
        await using var host = await ReputationTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Reputation:QuizPointsPerCorrectAnswer"] = "2",
            ["Reputation:QuizMaxPoints"] = "7",
        });
        var publisher = host.Services.GetRequiredService<CommunityEvents>();
        var lin = ReputationTestHost.Member("lin");
        var at = host.Clock.GetUtcNow();

        await publisher.PublishAsync(new TutorialCompleted(lin, 1, at, "first-cnn"));
        await publisher.PublishAsync(new TutorialCompleted(lin, 1, at, "first-cnn"));
        await publisher.PublishAsync(new OnboardingCompleted(lin, 1, at));
        await publisher.PublishAsync(new QuizFinished(lin, 1, at, "q1", "CNNs", 5, 6, 50));
        await publisher.PublishAsync(new ChallengePlaced(lin, 1, at, "c1", "Week 49", 1));
        await publisher.PublishAsync(new ChallengePlaced(lin, 1, at, "c2", "Week 50", 9));

        var events = (await host.Store.EventsOfAsync(lin.Id, 10)).OrderBy(e => e.Id).Select(e => (e.Kind, e.Points, e.Reason)).ToList();
        Assert.Equal(
        [
            (RepKinds.Tutorial, 5, "completed tutorial first-cnn"),
            (RepKinds.Onboarding, 2, "completed onboarding"),
            (RepKinds.Quiz, 7, "quiz CNNs: 5/6 correct"),
            (RepKinds.Challenge, 30, "challenge Week 49: place 1"),
        ], events);
        Assert.Equal(44, await host.TotalAsync("all", "lin"));
    }

    [Fact]
    public async Task Commands_in_the_same_instant_are_separate_sources()
    {
        await using var host = await ReputationTestHost.StartAsync(); // the fake clock stands still
        var session = host.Services.GetRequiredService<ConsoleSession>();

        await session.RunAsync(new StringReader("""
            /as user:ada
            /thanks user:grace
            /thanks user:grace
            /as user:mia maintainer:true
            /rep award user:grace points:5 reason:talk
            /rep award user:grace points:5 reason:review
            """), interactive: false, CancellationToken.None);

        var output = host.Output.ToString();
        Assert.Contains("Your thanks did not count: you thanked them recently", output, StringComparison.Ordinal);
        Assert.DoesNotContain("already counted", output, StringComparison.Ordinal);
        Assert.Equal(11, await host.TotalAsync("all", "grace"));
    }

    [Fact]
    public async Task Solo_quizzes_earn_reputation_once_per_topic_and_day_and_rounds_each_time()
    {
        await using var host = await ReputationTestHost.StartAsync();
        var publisher = host.Services.GetRequiredService<CommunityEvents>();
        var lin = ReputationTestHost.Member("lin");
        var at = host.Clock.GetUtcNow();

        await publisher.PublishAsync(new QuizFinished(lin, 1, at, "solo-1", "cnn", 3, 5, 60));
        await publisher.PublishAsync(new QuizFinished(lin, 1, at.AddHours(1), "solo-2", "cnn", 5, 5, 90)); // same topic, same day
        await publisher.PublishAsync(new QuizFinished(lin, 1, at.AddHours(1), "solo-3", "community", 2, 5, 40));
        await publisher.PublishAsync(new QuizFinished(lin, 1, at.AddDays(1), "solo-4", "cnn", 4, 5, 70));
        await publisher.PublishAsync(new QuizFinished(lin, 1, at, "round-7", "cnn", 1, 1, 20));
        await publisher.PublishAsync(new QuizFinished(lin, 1, at, "round-8", "cnn", 1, 1, 20));

        var reasons = (await host.Store.EventsOfAsync(lin.Id, 10)).OrderBy(e => e.Id).Select(e => e.Reason).ToList();
        Assert.Equal(["quiz cnn: 3/5 correct", "quiz community: 2/5 correct", "quiz cnn: 4/5 correct", "quiz cnn: 1/1 correct", "quiz cnn: 1/1 correct"], reasons);
        Assert.Equal(3 + 2 + 4 + 1 + 1, await host.TotalAsync("all", "lin"));
    }

    [Fact]
    public async Task A_thanks_reaction_on_a_bots_message_counts_nothing_and_tells_nobody()
    {
        await using var host = await ReputationTestHost.StartAsync();
        var bot = new ChatUser(900_000_000_000_000_001, "lepton", IsBot: true);

        await ChatEvents(host).OnReactionAsync(new ChatReaction(ReputationTestHost.Member("ada"), General, 1, "m-bot", bot, "🙏"), CancellationToken.None);

        Assert.Equal(0, await host.CountEventsAsync());
        Assert.DoesNotContain("did not count", host.Output.ToString(), StringComparison.Ordinal);
    }
}
