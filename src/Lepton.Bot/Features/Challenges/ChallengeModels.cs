namespace Lepton.Bot.Features.Challenges;

public enum SubmissionStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>A weekly (or ad-hoc) challenge with its budgets.</summary>
public sealed record Challenge(
    long Id,
    string Slug,
    string Name,
    string Description,
    string Preset,
    long MaxParameters,
    int MaxEpochs,
    int MaxMinutes,
    int DailySubmissions,
    string Channel,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    bool IsOpen,
    DateTimeOffset? ClosedAt);

/// <summary>What a maintainer asks for when creating a challenge.</summary>
public sealed record NewChallenge(
    string Slug,
    string Name,
    string Description,
    string Preset,
    long MaxParameters,
    int MaxEpochs,
    int MaxMinutes,
    int DailySubmissions,
    string Channel,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    ulong CreatedBy);

/// <summary>One member's model in a challenge's queue, and what became of it.</summary>
public sealed record Submission(
    long Id,
    long ChallengeId,
    ulong MemberId,
    string MemberName,
    string Source,
    string SpecText,
    SubmissionStatus Status,
    int Attempts,
    string? Reason,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? PublicAccuracy,
    double? PrivateAccuracy,
    long? Parameters,
    double? WallSeconds,
    double? EpochsCompleted,
    string? Dataset,
    string? ProgressChannel,
    string? ProgressMessage,
    bool Selected);

/// <summary>The measured outcome of a finished run.</summary>
public sealed record RunOutcome(
    SubmissionStatus Status,
    string? Reason,
    double? PublicAccuracy,
    double? PrivateAccuracy,
    long Parameters,
    double WallSeconds,
    double EpochsCompleted,
    string Dataset,
    string ResultJson);

/// <summary>A leaderboard line: the member's counted submission and its score.</summary>
public sealed record Standing(int Rank, ulong MemberId, string MemberName, long SubmissionId, double Score, DateTimeOffset SubmittedAt);
