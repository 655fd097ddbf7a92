using System.Globalization;

namespace Lepton.Bot.Features.Reputation;

/// <summary>The leaderboard periods a total is kept for.</summary>
public enum LeaderboardPeriod
{
    Week,
    Month,
    All,
}

/// <summary>
/// Keys of the periods totals are kept for: "all", an ISO-8601 week ("2026-W49") and a month ("2026-12"),
/// all computed in UTC so every member sees the same week whatever their time zone.
/// </summary>
public static class ReputationPeriods
{
    public const string AllTime = "all";

    public static string WeekOf(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(utc):D4}-W{ISOWeek.GetWeekOfYear(utc):D2}");
    }

    public static string MonthOf(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{utc.Year:D4}-{utc.Month:D2}");
    }

    public static string KeyOf(LeaderboardPeriod period, DateTimeOffset now) => period switch
    {
        LeaderboardPeriod.Week => WeekOf(now),
        LeaderboardPeriod.Month => MonthOf(now),
        _ => AllTime,
    };

    /// <summary>True for a key this class could have made (component ids carry keys back to us).</summary>
    public static bool IsValidKey(string key) =>
        key == AllTime
        || (key.Length == 8 && key[4..6] == "-W" && int.TryParse(key[..4], NumberStyles.None, CultureInfo.InvariantCulture, out _) && int.TryParse(key[6..], NumberStyles.None, CultureInfo.InvariantCulture, out var w) && w is >= 1 and <= 53)
        || (key.Length == 7 && key[4] == '-' && int.TryParse(key[..4], NumberStyles.None, CultureInfo.InvariantCulture, out _) && int.TryParse(key[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 12);

    public static string Describe(string key) =>
        key == AllTime ? "all time" : key.Contains("-W", StringComparison.Ordinal) ? $"week {key}" : $"month {key}";
}
