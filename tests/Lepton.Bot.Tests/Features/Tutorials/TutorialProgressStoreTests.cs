using Lepton.Bot.Features.Tutorials;
using Lepton.Bot.Tests.Support;

namespace Lepton.Bot.Tests.Features.Tutorials;

/// <summary>The progress store against a real, migrated SQLite file.</summary>
public sealed class TutorialProgressStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly TutorialProgressStore _store;

    public TutorialProgressStoreTests()
    {
        _store = new TutorialProgressStore(MigratedDatabase.In(_folder));
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Opening_twice_resumes_and_keeps_the_step_while_switching_language()
    {
        var (first, resumedFirst) = await _store.OpenAsync(7, "basics", "en", Start);
        await _store.MoveAsync(7, "basics", 1, Start.AddMinutes(1));
        var (second, resumedSecond) = await _store.OpenAsync(7, "basics", "zh", Start.AddMinutes(2));

        Assert.False(resumedFirst);
        Assert.Equal((0, 0), (first.Step, first.UnlockedStep));
        Assert.True(resumedSecond);
        Assert.Equal((1, 1, "zh"), (second.Step, second.UnlockedStep, second.Language));
        Assert.Equal(Start, second.StartedAt);
        Assert.Equal(Start.AddMinutes(2), second.UpdatedAt);
    }

    [Fact]
    public async Task A_right_answer_unlocks_the_next_step_and_a_wrong_one_is_counted()
    {
        await _store.OpenAsync(7, "basics", "en", Start);

        await _store.AnswerAsync(7, "basics", 0, correct: false, Start);
        var afterWrong = (await _store.FindAsync(7, "basics"))!;
        await _store.AnswerAsync(7, "basics", 0, correct: true, Start);
        var afterRight = (await _store.FindAsync(7, "basics"))!;

        Assert.Equal((1, false), (afterWrong.WrongAnswers, afterWrong.IsCheckPassed(0)));
        Assert.Equal((1, true, false), (afterRight.WrongAnswers, afterRight.IsCheckPassed(0), afterRight.IsCheckPassed(1)));
    }

    [Fact]
    public async Task Completion_is_first_only_once_and_sets_the_member_back_to_the_start_with_every_step_open()
    {
        await _store.OpenAsync(7, "basics", "en", Start);
        await _store.MoveAsync(7, "basics", 2, Start);

        var first = await _store.CompleteAsync(7, "basics", lastStep: 2, Start.AddHours(1));
        var again = await _store.CompleteAsync(7, "basics", lastStep: 2, Start.AddHours(2));
        var progress = (await _store.FindAsync(7, "basics"))!;

        Assert.True(first);
        Assert.False(again);
        Assert.Equal(Start.AddHours(1), progress.CompletedAt);
        Assert.Equal((0, 3), (progress.Step, progress.UnlockedStep));
        Assert.Null(await _store.FindAsync(8, "basics"));
    }
}
