using Lepton.Bot.Features.Challenges;

namespace Lepton.Bot.Tests.Features.Challenges;

public sealed class ChallengeSchedulerTests
{
    [Theory]
    [InlineData("2026-12-04T20:00:00Z", DayOfWeek.Monday, "09:00", "2026-11-30T09:00:00Z")]
    [InlineData("2026-12-07T08:59:00Z", DayOfWeek.Monday, "09:00", "2026-12-07T09:00:00Z")]
    [InlineData("2026-12-06T23:00:00Z", DayOfWeek.Sunday, "18:30", "2026-12-06T18:30:00Z")]
    public void The_weeks_opening_is_the_configured_day_and_time_of_the_iso_week(string now, DayOfWeek day, string time, string expected)
    {
        var opening = ChallengeScheduler.WeekOpening(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), new WeeklySchedule { Day = day, TimeUtc = time });

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), opening);
    }

    [Fact]
    public void Weekly_ids_follow_iso_weeks_across_the_year_end() =>
        Assert.Equal("week-2026-53", ChallengeScheduler.WeeklySlug(new DateTimeOffset(2027, 1, 1, 9, 0, 0, TimeSpan.Zero)));
}
