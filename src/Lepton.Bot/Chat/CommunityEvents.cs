using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace Lepton.Bot.Chat;

/// <summary>
/// Something a member achieved that other features may reward (reputation turns these into points).
/// <see cref="SourceKey"/> identifies the achievement uniquely, so a handler can ignore a repeat.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(TutorialCompleted), "tutorial")]
[JsonDerivedType(typeof(OnboardingCompleted), "onboarding")]
[JsonDerivedType(typeof(QuizFinished), "quiz")]
[JsonDerivedType(typeof(ChallengePlaced), "challenge")]
public abstract record CommunityEvent(ChatUser Member, ulong? GuildId, DateTimeOffset At)
{
    /// <summary>The event as JSON with its kind, for a delivery stored to be retried.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>An event stored by <see cref="ToJson"/>; null when its kind is unknown or the text is damaged.</summary>
    public static CommunityEvent? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<CommunityEvent>(json);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return null;
        }
    }

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

/// <summary>A delivery of an event to a handler that failed, stored to be tried again.</summary>
public sealed record PendingDelivery(long Id, string Handler, string EventJson);

/// <summary>Where failed deliveries wait for their retry (SQLite in the bot; none in small tests).</summary>
public interface ICommunityEventRetries
{
    /// <summary>Stores the delivery, or pushes its next try back when it is stored already.</summary>
    Task RecordFailureAsync(string handler, CommunityEvent communityEvent, string error, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PendingDelivery>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    Task RemoveAsync(long id, CancellationToken cancellationToken = default);
}

/// <summary>Receives community events; register as many as needed.</summary>
public interface ICommunityEventHandler
{
    Task HandleAsync(CommunityEvent communityEvent, CancellationToken cancellationToken);
}

/// <summary>
/// In-process publication of community events. A failing handler does not stop the others or the
/// feature that published (a member's quiz result must not fail over points): the delivery is stored
/// and <see cref="CommunityEventRetries"/> tries it again later, so nothing is lost to a busy database.
/// </summary>
public sealed partial class CommunityEvents(IEnumerable<ICommunityEventHandler> handlers, ILogger<CommunityEvents> logger, ICommunityEventRetries? retries = null)
{
    private readonly IReadOnlyList<ICommunityEventHandler> _handlers = [.. handlers];

    public async Task PublishAsync(CommunityEvent communityEvent, CancellationToken cancellationToken = default)
    {
        foreach (var handler in _handlers)
        {
            await DeliverAsync(handler, communityEvent, retrying: false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Delivers again the stored deliveries that are due; returns how many now succeeded.</summary>
    public async Task<int> RetryDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (retries is null)
        {
            return 0;
        }

        var delivered = 0;
        foreach (var due in await retries.DueAsync(now, cancellationToken).ConfigureAwait(false))
        {
            var handler = _handlers.FirstOrDefault(h => h.GetType().Name == due.Handler);
            if (handler is null || CommunityEvent.FromJson(due.EventJson) is not { } communityEvent)
            {
                await retries.RemoveAsync(due.Id, cancellationToken).ConfigureAwait(false); // a handler or event kind that no longer exists
                continue;
            }

            if (await DeliverAsync(handler, communityEvent, retrying: true, cancellationToken).ConfigureAwait(false))
            {
                await retries.RemoveAsync(due.Id, cancellationToken).ConfigureAwait(false);
                delivered++;
            }
        }

        return delivered;
    }

    private async Task<bool> DeliverAsync(ICommunityEventHandler handler, CommunityEvent communityEvent, bool retrying, CancellationToken cancellationToken)
    {
        try
        {
            await handler.HandleAsync(communityEvent, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogHandlerFailed(ex, handler.GetType().Name, communityEvent.SourceKey);
            if (retries is not null)
            {
                try
                {
                    await retries.RecordFailureAsync(handler.GetType().Name, communityEvent, ex.Message, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception storeFailure) when (storeFailure is not OperationCanceledException && !retrying)
                {
                    LogRetryNotStored(storeFailure, communityEvent.SourceKey);
                }
            }

            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Handler} failed on community event {SourceKey}; it will be tried again")]
    private partial void LogHandlerFailed(Exception exception, string handler, string sourceKey);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store community event {SourceKey} for a retry")]
    private partial void LogRetryNotStored(Exception exception, string sourceKey);
}
