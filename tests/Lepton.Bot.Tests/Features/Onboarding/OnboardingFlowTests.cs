using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.ConsoleChat;
using Lepton.Bot.Features.Onboarding;
using Lepton.Bot.Tests.Features.Tutorials;
using Lepton.Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Lepton.Bot.Tests.Features.Onboarding;

/// <summary>Onboarding through the real console bot: /simulate join, the DM checklist, every step ticking itself.</summary>
public sealed class OnboardingFlowTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly Dictionary<string, string?> _settings;

    public OnboardingFlowTests() => _settings = TestContent.Write(_folder);

    public void Dispose() => _folder.Dispose();

    private Task<InteractiveConsole> StartAsync(Action<IServiceCollection>? configure = null) =>
        InteractiveConsole.StartAsync(_folder.File("data"), configure, _settings);

    [Fact]
    public async Task A_newcomer_gets_a_welcome_and_a_DM_checklist_whose_steps_tick_themselves_until_completion()
    {
        var events = new RecordedEvents();
        await using var console = await StartAsync(s => s.AddSingleton<ICommunityEventHandler>(events));

        var joined = await console.SendAsync("/simulate join user:lin");
        Assert.Contains("[DM to @lin] bot:", joined, StringComparison.Ordinal);
        Assert.Contains("⬜ 1. Read the rules: Press the button.", joined, StringComparison.Ordinal);
        Assert.Contains("⬜ 2. Introduce yourself: Post in #general.", joined, StringComparison.Ordinal);
        Assert.Contains("│ Be kind.", joined, StringComparison.Ordinal);
        Assert.Contains("[#welcome] bot:", joined, StringComparison.Ordinal);
        Assert.Contains("Welcome, **lin**!", joined, StringComparison.Ordinal);
        Assert.Contains("I have sent you a direct message with your first steps.", joined, StringComparison.Ordinal);

        await console.SendAsync("/as user:lin");
        var rules = await console.PressAsync("I have read the rules");
        Assert.Contains("bot (edited):", rules, StringComparison.Ordinal);
        Assert.Contains("✅ 1. Read the rules: Done.", rules, StringComparison.Ordinal);
        Assert.Contains("1 of 5 steps done", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("Be kind.", rules, StringComparison.Ordinal);

        var interests = await console.ChooseAsync("Computer vision", "Challenges");
        Assert.Contains("[roles] granted Computer Vision (onboarding interest: vision)", interests, StringComparison.Ordinal);
        Assert.Contains("[roles] granted Challenges (onboarding interest: challenges)", interests, StringComparison.Ordinal);
        Assert.Contains("Interests saved: Computer vision, Challenges.", interests, StringComparison.Ordinal);
        Assert.Contains("✅ 3. Pick interests", interests, StringComparison.Ordinal);

        var changed = await console.ChooseAsync("Language");
        Assert.Contains("[roles] granted NLP (onboarding interest: nlp)", changed, StringComparison.Ordinal);
        Assert.Contains("[roles] removed Computer Vision (onboarding interest dropped: vision)", changed, StringComparison.Ordinal);
        Assert.Contains("[roles] removed Challenges (onboarding interest dropped: challenges)", changed, StringComparison.Ordinal);

        var introduced = await console.SendAsync("/simulate message user:lin text:Hello, I am Lin and I train small CNNs");
        Assert.Contains("[DM to @lin] bot (edited):", introduced, StringComparison.Ordinal);
        Assert.Contains("✅ 2. Introduce yourself", introduced, StringComparison.Ordinal);

        var tutorial = await console.PressAsync("Start the tutorial");
        Assert.Contains("Basics of the bot · step 1 of 3", tutorial, StringComparison.Ordinal);
        await console.PressAsync("Next");
        await console.PressAsync("Bravo");
        await console.PressAsync("Next");
        var finished = await console.PressAsync("Finish");
        Assert.Contains("[DM to @lin] bot (edited):", finished, StringComparison.Ordinal);
        Assert.Contains("✅ 4. Finish the intro tutorial", finished, StringComparison.Ordinal);
        Assert.Empty(events.All.OfType<OnboardingCompleted>());

        var lin = ConsoleIdentity.UserFor("lin");
        var publisher = console.Services.GetRequiredService<CommunityEvents>();
        await publisher.PublishAsync(new QuizFinished(lin, ConsoleIdentity.GuildId, DateTimeOffset.UnixEpoch, "q1", "community", 4, 5, 40));
        await publisher.PublishAsync(new QuizFinished(lin, ConsoleIdentity.GuildId, DateTimeOffset.UnixEpoch, "q2", "deep-learning", 5, 5, 50));

        var completed = Assert.Single(events.All.OfType<OnboardingCompleted>());
        Assert.Equal((lin.Id, (ulong?)ConsoleIdentity.GuildId), (completed.Member.Id, completed.GuildId));
        Assert.Contains("🎉 All done: welcome aboard!", console.Output, StringComparison.Ordinal);

        var checklist = await console.SendAsync("/onboarding checklist");
        Assert.Contains("🎉 All done: welcome aboard!", checklist, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\[\d+\]", checklist);
    }

    [Fact]
    public async Task A_piped_console_script_plays_the_join_with_numbered_buttons_and_menu_choices()
    {
        // Numbers count up through the session: the DM shows [1] rules, [2] tutorial, [3]-[5] interests;
        // pressing [1] replaces it with [6] tutorial and [7]-[9] interests.
        const string script = "/simulate join user:lin\n/as user:lin\n1\n7 9\n/onboarding checklist\n";

        var output = await ConsoleHarness.RunAsync(_folder.File("data"), script, settings: _settings);

        Assert.Contains("[DM to @lin] bot:", output, StringComparison.Ordinal);
        Assert.Contains("[1] I have read the rules  [2] Start the tutorial", output, StringComparison.Ordinal);
        Assert.Contains("[roles] granted Computer Vision (onboarding interest: vision)", output, StringComparison.Ordinal);
        Assert.Contains("[roles] granted Challenges (onboarding interest: challenges)", output, StringComparison.Ordinal);
        Assert.Contains("2 of 5 steps done", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task With_DMs_closed_the_welcome_post_carries_the_checklist_and_others_pressing_it_get_their_own(bool platformFails)
    {
        await using var console = await StartAsync(s =>
            s.AddSingleton<IChatChannels>(sp => new DirectMessagesClosed(ActivatorUtilities.CreateInstance<ConsoleChannels>(sp), platformFails)));

        var joined = await console.SendAsync("/simulate join user:lin");
        Assert.DoesNotContain("[DM to", joined, StringComparison.Ordinal);
        Assert.Contains("[#welcome] bot:", joined, StringComparison.Ordinal);
        Assert.Contains("Your direct messages are closed, so here are your first steps:", joined, StringComparison.Ordinal);
        Assert.Contains("⬜ 1. Read the rules", joined, StringComparison.Ordinal);

        await console.SendAsync("/as user:ada");
        var byOther = await console.PressAsync("I have read the rules");
        Assert.Contains("bot (only you):", byOther, StringComparison.Ordinal);
        Assert.Contains("✅ 1. Read the rules", byOther, StringComparison.Ordinal);
        Assert.DoesNotContain("(edited)", byOther, StringComparison.Ordinal);

        await console.SendAsync("/as user:lin");
        var byOwner = await console.PressAsync("I have read the rules");
        Assert.Contains("bot (edited):", byOwner, StringComparison.Ordinal);
        Assert.Contains("✅ 1. Read the rules", byOwner, StringComparison.Ordinal);

        var introduced = await console.SendAsync("/simulate message user:lin text:Hi all, I am Lin");
        Assert.Contains("[#welcome] bot (edited):", introduced, StringComparison.Ordinal);
        Assert.Contains("✅ 2. Introduce yourself", introduced, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tutorial_and_quiz_steps_tick_only_from_the_matching_events_and_only_once()
    {
        _folder.Write("content/onboarding.yaml", TestContent.Onboarding.Replace("kind: quiz", "kind: quiz\n    topic: community", StringComparison.Ordinal));
        await using var console = await StartAsync();
        var publisher = console.Services.GetRequiredService<CommunityEvents>();
        var store = console.Services.GetRequiredService<OnboardingStore>();
        var lin = ConsoleIdentity.UserFor("lin");
        await console.SendAsync("/simulate join user:lin");

        await publisher.PublishAsync(new TutorialCompleted(lin, 1, DateTimeOffset.UnixEpoch, "some-other-tutorial"));
        await publisher.PublishAsync(new QuizFinished(lin, 1, DateTimeOffset.UnixEpoch, "q1", "deep-learning", 1, 5, 10));
        Assert.Empty((await store.FindAsync(lin.Id))!.DoneSteps);

        await publisher.PublishAsync(new TutorialCompleted(lin, 1, DateTimeOffset.UnixEpoch, "basics"));
        await publisher.PublishAsync(new QuizFinished(lin, 1, DateTimeOffset.UnixEpoch, "q2", "Community", 3, 5, 30));
        await publisher.PublishAsync(new QuizFinished(lin, 1, DateTimeOffset.UnixEpoch, "q3", "community", 5, 5, 50));

        Assert.Equal(["quiz", "tutorial"], (await store.FindAsync(lin.Id))!.DoneSteps.Order(StringComparer.Ordinal));
        Assert.Equal(2, Count(console.Output, "[DM to @lin] bot (edited):"));
    }

    [Fact]
    public async Task Stats_count_joins_steps_and_completions_over_the_requested_period()
    {
        // The clock stands still (advancing it would also fire every other feature's minute timers); the
        // earlier joins are recorded with their own time, the latest comes through /simulate join now.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        await using var console = await StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        var onboarding = console.Services.GetRequiredService<OnboardingService>();
        var store = console.Services.GetRequiredService<OnboardingStore>();
        var twentyDaysAgo = clock.GetUtcNow().AddDays(-20);
        await store.RecordJoinAsync(ConsoleIdentity.UserFor("ann"), 1, "en", twentyDaysAgo);
        await store.RecordJoinAsync(ConsoleIdentity.UserFor("bob"), 1, "en", twentyDaysAgo);
        await store.RecordJoinAsync(ConsoleIdentity.UserFor("dee"), 1, "en", clock.GetUtcNow().AddDays(-45));
        await onboarding.TickAsync(ConsoleIdentity.UserFor("ann"), 1, OnboardingStepKind.Rules, null, false, CancellationToken.None);
        foreach (var kind in Enum.GetValues<OnboardingStepKind>())
        {
            await onboarding.TickAsync(ConsoleIdentity.UserFor("bob"), 1, kind, kind == OnboardingStepKind.Tutorial ? "basics" : null, false, CancellationToken.None);
            await onboarding.TickAsync(ConsoleIdentity.UserFor("dee"), 1, kind, kind == OnboardingStepKind.Tutorial ? "basics" : null, false, CancellationToken.None);
        }

        await console.SendAsync("/simulate join user:cy");
        await onboarding.TickAsync(ConsoleIdentity.UserFor("cy"), 1, OnboardingStepKind.Introduction, null, false, CancellationToken.None);

        var refused = await console.SendAsync("/onboarding stats");
        Assert.Contains("/onboarding stats is for maintainers only.", refused, StringComparison.Ordinal);

        await console.SendAsync("/as user:grace maintainer:true");
        var month = await console.SendAsync("/onboarding stats");
        Assert.Contains("┌ Onboarding, last 30 days", month, StringComparison.Ordinal);
        Assert.Contains("│ Joined: 3", month, StringComparison.Ordinal);
        Assert.Contains("│ 1. Read the rules: 2 (67%)", month, StringComparison.Ordinal);
        Assert.Contains("│ 2. Introduce yourself: 2 (67%)", month, StringComparison.Ordinal);
        Assert.Contains("│ 5. Answer a first quiz: 1 (33%)", month, StringComparison.Ordinal);
        Assert.Contains("│ Completed: 1 (33%)", month, StringComparison.Ordinal);

        var week = await console.SendAsync("/onboarding stats days:7");
        Assert.Contains("│ Joined: 1", week, StringComparison.Ordinal);
        Assert.Contains("│ 1. Read the rules: 0 (0%)", week, StringComparison.Ordinal);
        Assert.Contains("│ 2. Introduce yourself: 1 (100%)", week, StringComparison.Ordinal);
        Assert.Contains("│ Completed: 0 (0%)", week, StringComparison.Ordinal);

        var others = await console.SendAsync("/onboarding checklist user:bob");
        Assert.Contains("Checklist of bob", others, StringComparison.Ordinal);
        Assert.Contains("🎉 All done", others, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_cannot_see_someone_elses_checklist_and_can_open_their_own_without_a_join()
    {
        await using var console = await StartAsync();

        var refused = await console.SendAsync("/onboarding checklist user:bob");
        var own = await console.SendAsync("/onboarding checklist");

        Assert.Contains("Only maintainers can see another member's checklist", refused, StringComparison.Ordinal);
        Assert.Contains("0 of 5 steps done", own, StringComparison.Ordinal);
        Assert.Matches(@"\[\d+\] I have read the rules", own);
    }

    [Fact]
    public async Task A_newcomer_whose_language_is_unknown_gets_the_configured_default_language()
    {
        _settings["Onboarding:DefaultLanguage"] = "zh";
        await using var console = await StartAsync();

        var joined = await console.SendAsync("/simulate join user:lin");

        Assert.Contains("[DM to @lin] bot:", joined, StringComparison.Ordinal);
        Assert.Contains("┌ 第一步", joined, StringComparison.Ordinal);
        Assert.Matches(@"\[\d+\] 我已阅读守则", joined);
        Assert.Contains("欢迎 **lin**！", joined, StringComparison.Ordinal);
        Assert.Contains("我给你发了一条私信", joined, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_onboarding_switched_off_a_join_sends_nothing()
    {
        _settings["Onboarding:Enabled"] = "false";
        await using var console = await StartAsync();

        var joined = await console.SendAsync("/simulate join user:lin");

        Assert.Equal("> /simulate join user:lin\nbot (only you): Simulating: @lin joins.\n", joined.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_broken_checklist_file_is_reported_and_a_join_then_sends_nothing()
    {
        _folder.Write("content/onboarding.yaml", TestContent.Onboarding.Replace("kind: interests", "kind: hobbies", StringComparison.Ordinal));
        await using var console = await StartAsync();
        var checklist = console.Services.GetRequiredService<OnboardingChecklist>();

        var joined = await console.SendAsync("/simulate join user:lin");

        Assert.Null(checklist.Content);
        Assert.Contains(checklist.Problems, p => p.Line == 15 && p.Message.StartsWith("steps[3].kind must be one of rules, introduction, interests, tutorial, quiz (got 'hobbies')", StringComparison.Ordinal));
        Assert.DoesNotContain("[DM to", joined, StringComparison.Ordinal);
        Assert.DoesNotContain("[#welcome]", joined, StringComparison.Ordinal);
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>The console's channels, except that the member does not accept direct messages (as the platform reports it, or by failing).</summary>
    private sealed class DirectMessagesClosed(ConsoleChannels inner, bool fails) : IChatChannels
    {
        public Task<SentMessage> PostAsync(string channel, Reply reply, CancellationToken cancellationToken = default) => inner.PostAsync(channel, reply, cancellationToken);

        public Task EditAsync(SentMessage message, Reply reply, CancellationToken cancellationToken = default) => inner.EditAsync(message, reply, cancellationToken);

        public Task<SentMessage?> SendDirectAsync(ChatUser user, Reply reply, CancellationToken cancellationToken = default) =>
            fails ? throw new HttpRequestException("403: Cannot send messages to this user") : Task.FromResult<SentMessage?>(null);
    }

    [Fact]
    public async Task A_role_the_platform_refuses_is_named_and_the_interests_step_still_ticks()
    {
        const ulong challengesRole = 2;
        var roles = new Mock<IMemberRoles>();
        roles.Setup(r => r.FindRoleAsync(It.IsAny<ulong>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((ulong _, string name, CancellationToken _) => name == "Challenges" ? challengesRole : 1UL);
        roles.Setup(r => r.GrantAsync(It.IsAny<ulong>(), It.IsAny<ulong>(), challengesRole, It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("Discord error 50013: Missing Permissions"));
        await using var console = await StartAsync(s => s.AddSingleton(roles.Object));

        await console.SendAsync("/simulate join user:lin");
        await console.SendAsync("/as user:lin");
        var interests = await console.ChooseAsync("Computer vision", "Challenges");

        Assert.Contains("Interests saved: Computer vision, Challenges. I could not change the role Challenges", interests, StringComparison.Ordinal);
        Assert.Contains("✅ 3. Pick interests", interests, StringComparison.Ordinal);
        roles.Verify(r => r.GrantAsync(It.IsAny<ulong>(), It.IsAny<ulong>(), 1UL, "onboarding interest: vision", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_veteran_posting_an_introduction_or_finishing_a_quiz_is_not_counted_as_a_newcomer()
    {
        await using var console = await StartAsync();
        var veteran = ConsoleIdentity.UserFor("old-timer", false);
        var publisher = console.Services.GetRequiredService<CommunityEvents>();

        await console.SendAsync("/simulate message user:old-timer text:Hello again, everyone");
        await publisher.PublishAsync(new QuizFinished(veteran, ConsoleIdentity.GuildId, DateTimeOffset.UtcNow, "solo-1", "community", 3, 5, 60));

        Assert.Null(await console.Services.GetRequiredService<OnboardingStore>().FindAsync(veteran.Id));
    }

    [Fact]
    public async Task A_simulated_post_in_the_introductions_channel_ticks_the_step_and_elsewhere_it_does_not()
    {
        _settings["Onboarding:IntroductionsChannel"] = "introductions";
        await using var console = await StartAsync();
        await console.SendAsync("/simulate join user:lin");

        var elsewhere = await console.SendAsync("/simulate message user:lin text:Hi, I am Lin");
        var there = await console.SendAsync("/simulate message user:lin text:Hi, I am Lin channel:#introductions");

        Assert.Contains("Simulating: @lin writes in #general.", elsewhere, StringComparison.Ordinal);
        Assert.DoesNotContain("✅ 2. Introduce yourself", elsewhere, StringComparison.Ordinal);
        Assert.Contains("Simulating: @lin writes in #introductions.", there, StringComparison.Ordinal);
        Assert.Contains("✅ 2. Introduce yourself", there, StringComparison.Ordinal);
    }
}
