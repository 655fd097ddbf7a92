using Microsoft.Extensions.Logging;

namespace Lepton.Bot.Chat;

/// <summary>
/// Something a member achieved that other features may reward (reputation turns these into points).
/// <see cref="SourceKey"/> identifies the achievement uniquely, so a handler can ignore a repeat.
/// </summary>
public abstract record CommunityEvent(ChatUser Member, ulong? GuildId, DateTimeOffset At)
{
    /// <summary>Unique per achievement, e.g. "tutorial:first-cifar10-model:123456".</summary>
    public abstract string SourceKey { get; }
}

public sealed record TutorialCompleted(ChatUser Member, ulong? GuildId, DateTimeOffset At, string TutorialId) : CommunityEvent(Member, GuildId, At)
{
    public override string SourceKey => $"tutorial:{TutorialId}:{Member.Id}";
}

public sealed record OnboardingCompleted(ChatUser Member, ulong? GuildId, DateTimeOffset At) : CommunityEvent(Member, GuildId, At)
{
    public override string SourceKey => $"onboarding:{Member.Id}";
}

/// <param name="QuizId">The stored quiz or round id; one event per member per quiz.</param>
public sealed record QuizFinished(ChatUser Member, ulong? GuildId, DateTimeOffset At, string QuizId, string Topic, int Correct, int Total, int Points) : CommunityEvent(Member, GuildId, At)
{
    public override string SourceKey => $"quiz:{QuizId}:{Member.Id}";

    /// <summary>A private quiz (as opposed to a channel round): members may take as many as they like.</summary>
    public bool IsSolo => QuizId.StartsWith("solo-", StringComparison.Ordinal);
}

/// <param name="Place">1 for the winner.</param>
public sealed record ChallengePlaced(ChatUser Member, ulong? GuildId, DateTimeOffset At, string ChallengeId, string ChallengeName, int Place) : CommunityEvent(Member, GuildId, At)
{
    public override string SourceKey => $"challenge:{ChallengeId}:{Member.Id}";
}

/// <summary>Receives community events; register as many as needed.</summary>
public interface ICommunityEventHandler
{
    Task HandleAsync(CommunityEvent communityEvent, CancellationToken cancellationToken);
}

/// <summary>
/// In-process publication of community events. A failing handler is logged and does not stop the
/// others or the feature that published, because a member's quiz result must not fail over points.
/// </summary>
public sealed partial class CommunityEvents(IEnumerable<ICommunityEventHandler> handlers, ILogger<CommunityEvents> logger)
{
    public async Task PublishAsync(CommunityEvent communityEvent, CancellationToken cancellationToken = default)
    {
        foreach (var handler in handlers)
        {
            try
            {
                await handler.HandleAsync(communityEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogHandlerFailed(ex, handler.GetType().Name, communityEvent.SourceKey);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Handler} failed on community event {SourceKey}")]
    private partial void LogHandlerFailed(Exception exception, string handler, string sourceKey);
}
