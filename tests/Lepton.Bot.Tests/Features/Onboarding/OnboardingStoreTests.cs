using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Features.Onboarding;
using Lepton.Bot.Tests.Features.Tutorials;
using Lepton.Bot.Tests.Support;

namespace Lepton.Bot.Tests.Features.Onboarding;

/// <summary>The onboarding store against a real, migrated SQLite file.</summary>
public sealed class OnboardingStoreTests : IDisposable
{
    private static readonly DateTimeOffset Day = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly OnboardingStore _store;
    private readonly ChatUser _lin = new(42, "lin");

    public OnboardingStoreTests()
    {
        _store = new OnboardingStore(MigratedDatabase.In(_folder));
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_rejoin_moves_the_join_time_and_keeps_steps_guild_and_checklist()
    {
        await _store.RecordJoinAsync(_lin, 9, "zh", Day);
        await _store.SetChecklistMessageAsync(_lin.Id, new SentMessage("dm:@lin", "m1"), direct: true);
        Assert.True(await _store.TickAsync(_lin.Id, "rules", Day.AddHours(1)));
        Assert.False(await _store.TickAsync(_lin.Id, "rules", Day.AddHours(2)));

        await _store.RecordJoinAsync(_lin, null, "en", Day.AddDays(3));
        var state = (await _store.FindAsync(_lin.Id))!;

        Assert.Equal((ulong?)9, state.GuildId);
        Assert.Equal(("en", (DateTimeOffset?)Day.AddDays(3)), (state.Language, state.JoinedAt));
        Assert.Equal(["rules"], state.DoneSteps);
        Assert.Equal(new SentMessage("dm:@lin", "m1"), state.Checklist);
        Assert.True(state.ChecklistIsDirect);
    }

    [Fact]
    public async Task Replacing_interests_returns_the_previous_ones_and_completion_is_first_once()
    {
        await _store.EnsureAsync(_lin, 9, "en");

        var none = await _store.ReplaceInterestsAsync(_lin.Id, ["vision", "nlp"], Day);
        var previous = await _store.ReplaceInterestsAsync(_lin.Id, ["nlp"], Day);

        Assert.Empty(none);
        Assert.Equal(["nlp", "vision"], previous.Order(StringComparer.Ordinal));
        Assert.Equal(["nlp"], (await _store.FindAsync(_lin.Id))!.Interests);
        Assert.True(await _store.CompleteAsync(_lin.Id, Day));
        Assert.False(await _store.CompleteAsync(_lin.Id, Day.AddDays(1)));
        Assert.Equal(Day, (await _store.FindAsync(_lin.Id))!.CompletedAt);
    }

    [Fact]
    public async Task Stats_take_joins_in_the_half_open_period_and_ignore_members_who_never_joined()
    {
        await _store.RecordJoinAsync(new ChatUser(1, "a"), 9, "en", Day);
        await _store.RecordJoinAsync(new ChatUser(2, "b"), 9, "en", Day.AddDays(1));
        await _store.EnsureAsync(new ChatUser(3, "veteran"), 9, "en");
        await _store.TickAsync(1, "rules", Day);
        await _store.TickAsync(2, "rules", Day);
        await _store.TickAsync(3, "rules", Day);
        await _store.CompleteAsync(2, Day.AddDays(1));

        var both = await _store.StatsAsync(Day, Day.AddDays(1).AddMilliseconds(1));
        var first = await _store.StatsAsync(Day, Day.AddDays(1));

        Assert.Equal((2, 2, 1), (both.Joined, both.ReachedStep["rules"], both.Completed));
        Assert.Equal((1, 1, 0), (first.Joined, first.ReachedStep["rules"], first.Completed));
    }
}
