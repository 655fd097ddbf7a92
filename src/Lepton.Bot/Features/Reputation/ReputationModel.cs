namespace Lepton.Bot.Features.Reputation;

/// <summary>What caused a reputation event; stored as text in rep_events.kind.</summary>
public static class RepKinds
{
    public const string Thanks = "thanks";
    public const string Reaction = "reaction";
    public const string Message = "message";
    public const string Award = "award";
    public const string Revoke = "revoke";
    public const string Tutorial = "tutorial";
    public const string Onboarding = "onboarding";
    public const string Quiz = "quiz";
    public const string Challenge = "challenge";
    public const string GitHub = "github";

    /// <summary>Kinds one member gives another: these are what the cooldown and the daily cap limit.</summary>
    public static readonly IReadOnlyList<string> PeerKinds = [Thanks, Reaction, Message];

    public static bool IsPeer(string kind) => PeerKinds.Contains(kind);
}

/// <summary>An event about to be written to the ledger.</summary>
/// <param name="GiverId">The member who gave or awarded it; null for the system (quiz, tutorial, GitHub).</param>
/// <param name="SourceKey">Unique per cause ("reaction:msg123:giver456"); a second event with the same key is ignored.</param>
public sealed record NewRepEvent(ulong ReceiverId, ulong? GiverId, int Points, string Kind, string Reason, string SourceKey, DateTimeOffset At)
{
    /// <summary>For a revoke: the event it compensates, whose week and month it counts in.</summary>
    public long? RevokesId { get; init; }

    /// <summary>The ISO week the points count in; defaults to the week of <see cref="At"/>.</summary>
    public string Week { get; init; } = ReputationPeriods.WeekOf(At);

    public string Month { get; init; } = ReputationPeriods.MonthOf(At);
}

/// <summary>An event as stored.</summary>
public sealed record RepEvent(long Id, ulong ReceiverId, ulong? GiverId, int Points, string Kind, string Reason, string SourceKey, long? RevokesId, string Week, string Month, DateTimeOffset At);

/// <summary>Limits on what a member gives, checked inside the writing transaction so parallel givers cannot slip past them.</summary>
public sealed record GiveLimits(TimeSpan PairCooldown, int DailyLimit);

/// <summary>What happened to an event handed to the ledger.</summary>
public abstract record RecordOutcome
{
    private RecordOutcome()
    {
    }

    /// <summary>Written; the receiver's all-time total went from <paramref name="TotalBefore"/> to <paramref name="TotalAfter"/>.</summary>
    public sealed record Recorded(RepEvent Event, long TotalBefore, long TotalAfter) : RecordOutcome;

    /// <summary>The source already counted; nothing written.</summary>
    public sealed record Duplicate(string SourceKey) : RecordOutcome;

    /// <summary>A give limit refused it; nothing written.</summary>
    public sealed record Limited(string Why) : RecordOutcome;
}

/// <summary>A member's standing: totals, rank among members with points, latest events.</summary>
public sealed record MemberStanding(ulong MemberId, long Total, long Rank, long Ranked, long Week, long Month, IReadOnlyList<RepEvent> Latest);

/// <summary>One row of a leaderboard page.</summary>
public sealed record LeaderboardRow(long Rank, ulong MemberId, long Points);

/// <summary>
/// Where a leaderboard page starts: right after (or, going back, right before) a row of the previous page.
/// Pages are found by these keys, not by OFFSET, so page 4,000 costs what page 1 costs.
/// </summary>
/// <param name="Page">The page number to show (0-based), for "page N of M" only.</param>
public sealed record LeaderboardCursor(int Page, bool Before, long Points, ulong MemberId);

/// <summary>A page of a leaderboard; <paramref name="Members"/> counts everyone with points in the period.</summary>
public sealed record LeaderboardPage(string PeriodKey, int Page, int PageSize, long Members, IReadOnlyList<LeaderboardRow> Rows, bool HasPrevious, bool HasNext)
{
    public int PageCount => (int)Math.Max(1, (Members + PageSize - 1) / PageSize);
}

/// <summary>A total that did not match the ledger when recomputed.</summary>
public sealed record TotalDifference(string Period, ulong MemberId, long? Stored, long? FromLedger);

/// <summary>What a recompute found and fixed: totals that differed, and periods whose rank counts (members per total) differed.</summary>
public sealed record RecomputeReport(long Events, long Totals, IReadOnlyList<TotalDifference> Differences, long DifferenceCount, long RankCountDifferences);
