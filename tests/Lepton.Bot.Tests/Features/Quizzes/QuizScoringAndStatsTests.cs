using Lepton.Bot.Features.Quizzes;

namespace Lepton.Bot.Tests.Features.Quizzes;

public sealed class QuizScoringAndStatsTests
{
    [Theory]
    [InlineData(Difficulty.Easy, 0, 10)]
    [InlineData(Difficulty.Medium, 0, 20)]
    [InlineData(Difficulty.Hard, 0, 30)]
    [InlineData(Difficulty.Medium, 15, 15)]
    [InlineData(Difficulty.Medium, 30, 10)]
    [InlineData(Difficulty.Medium, 31, 0)]
    public void Correct_answers_lose_up_to_half_their_points_as_the_timer_runs_down(Difficulty difficulty, int seconds, int expected) =>
        Assert.Equal(expected, QuizScoring.Points(difficulty, correct: true, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(30)));

    [Fact]
    public void Wrong_answers_score_nothing() =>
        Assert.Equal(0, QuizScoring.Points(Difficulty.Hard, correct: false, TimeSpan.Zero, TimeSpan.FromSeconds(30)));

    [Fact]
    public void Stats_count_streaks_and_rank_topics_with_enough_answers()
    {
        var history = new List<(string, bool)>
        {
            ("dl", true), ("dl", true), ("dl", true), ("dl", false),
            ("community", false), ("community", true), ("community", false),
            ("dl", true), ("dl", true),
            ("rare", true),
        };

        var stats = QuizStats.From(history);

        Assert.Equal((10, 7, 3, 3), (stats.Answered, stats.Correct, stats.CurrentStreak, stats.BestStreak));
        Assert.Equal("dl", stats.Strongest!.Topic);
        Assert.Equal("community", stats.Weakest!.Topic);
    }

    [Fact]
    public void A_topic_with_nothing_right_is_never_the_strongest()
    {
        var stats = QuizStats.From([("dl", false), ("dl", false), ("dl", false)]);

        Assert.Null(stats.Strongest);
        Assert.Equal(0, stats.Correct);
    }

    [Fact]
    public void Periods_start_on_monday_and_on_the_first_of_the_month_in_utc()
    {
        var thursday = new DateTimeOffset(2026, 12, 10, 15, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), QuizFeature.PeriodStart("week", thursday));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), QuizFeature.PeriodStart("month", thursday));
        Assert.Equal(new DateTimeOffset(2026, 12, 14, 9, 0, 0, TimeSpan.Zero), DailyQuestionService.NextSlot(new DateTimeOffset(2026, 12, 13, 9, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(9)));
    }
}
