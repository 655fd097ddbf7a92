using System.Text.RegularExpressions;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Features.Members;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Reputation;

/// <summary>
/// Thanks that arrive without a command: a thanks reaction on someone's message, and (opt-in, needs
/// MESSAGE_CONTENT) a message saying thanks to the members it mentions. Refusals reach the giver by
/// direct message, since there is no interaction to answer privately.
/// </summary>
public sealed class ReputationChatEvents(
    ReputationService reputation,
    MemberDirectory members,
    IOptions<ReputationOptions> options,
    IChatChannels channels) : IChatEventHandler, IReadsMessageText
{
    public string? ReadsMessageTextBecause => options.Value.ReadThanksMessages ? "Reputation:ReadThanksMessages" : null;

    public async Task OnReactionAsync(ChatReaction reaction, CancellationToken cancellationToken)
    {
        // A 🙏 on a bot's message (an FAQ answer, say) thanks the bot: nothing to count, nothing to refuse.
        if (reaction.MessageAuthor is not { } author || author.IsBot || !IsThanksEmoji(reaction.Emoji) || reaction.Reactor.IsBot)
        {
            return;
        }

        await members.RememberAsync(reaction.Reactor, cancellationToken).ConfigureAwait(false);

        // One giver counts once per message, whichever thanks emoji they use.
        var source = $"reaction:{reaction.MessageId}:{reaction.Reactor.Id}";
        var reason = $"reacted {reaction.Emoji} in #{reaction.Channel.Name}";
        // Discord names only the message author's id in a reaction event: keep the name we already know.
        var outcome = await reputation.GiveThanksAsync(reaction.Reactor, author, RepKinds.Reaction, source, reason, reaction.GuildId, receiverNameKnown: author.DisplayName != author.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        await TellIfRefusedAsync(reaction.Reactor, author, outcome, cancellationToken).ConfigureAwait(false);
    }

    public async Task OnMessageAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        if (!options.Value.ReadThanksMessages || message.Author.IsBot || message.Mentions.Count == 0 || !SaysThanks(message.Content))
        {
            return;
        }

        await members.RememberAsync(message.Author, cancellationToken).ConfigureAwait(false);
        foreach (var receiver in message.Mentions.DistinctBy(m => m.Id))
        {
            var source = $"message:{message.MessageId}:{receiver.Id}";
            var reason = $"said thanks in #{message.Channel.Name}";
            var outcome = await reputation.GiveThanksAsync(message.Author, receiver, RepKinds.Message, source, reason, message.GuildId, cancellationToken: cancellationToken).ConfigureAwait(false);
            await TellIfRefusedAsync(message.Author, receiver, outcome, cancellationToken).ConfigureAwait(false);
        }
    }

    internal bool IsThanksEmoji(string emoji) =>
        options.Value.EffectiveThanksEmojis.Any(e => string.Equals(e.Trim().Trim(':'), emoji.Trim().Trim(':'), StringComparison.OrdinalIgnoreCase));

    /// <summary>A thanks word standing on its own ("thanks", not "thanksgiving"); CJK words match anywhere.</summary>
    internal bool SaysThanks(string content)
    {
        foreach (var word in options.Value.EffectiveThanksWords)
        {
            var pattern = word.Any(c => c > 0x2E80) ? Regex.Escape(word) : $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(word)}(?![\p{{L}}\p{{N}}])";
            if (Regex.IsMatch(content, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)))
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(ChatUser user) =>
        user.DisplayName == user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) ? "that member" : "@" + user.DisplayName;

    private Task TellIfRefusedAsync(ChatUser giver, ChatUser receiver, RecordOutcome outcome, CancellationToken cancellationToken) =>
        outcome is RecordOutcome.Limited limited
            ? channels.SendDirectAsync(giver, Reply.Say($"Your thanks to {Describe(receiver)} did not count: {limited.Why}."), cancellationToken)
            : Task.CompletedTask;
}

/// <summary>
/// Points for what other features report: tutorials and onboarding completed, quiz results, challenge
/// places. Each event's <see cref="CommunityEvent.SourceKey"/> makes a repeat count nothing.
/// </summary>
public sealed class ReputationCommunityEvents(ReputationService reputation, MemberDirectory members, IOptions<ReputationOptions> options) : ICommunityEventHandler
{
    public async Task HandleAsync(CommunityEvent communityEvent, CancellationToken cancellationToken)
    {
        if (communityEvent.Member.IsBot || PointsFor(communityEvent) is not { Points: > 0 } award)
        {
            return;
        }

        await members.RememberAsync(communityEvent.Member, cancellationToken).ConfigureAwait(false);
        await reputation.AwardAsync(communityEvent.Member.Id, null, award.Points, award.Kind, award.Reason, SourceKeyOf(communityEvent), communityEvent.At, communityEvent.GuildId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What counts once. Solo quizzes can be replayed at will and show the answers as they go, so only
    /// the first one a member finishes per topic and UTC day earns reputation; a round, a tutorial, a
    /// challenge place counts once by itself.
    /// </summary>
    internal static string SourceKeyOf(CommunityEvent communityEvent) => communityEvent switch
    {
        QuizFinished { IsSolo: true } q => $"quiz-solo:{q.Member.Id}:{q.Topic}:{q.At.UtcDateTime:yyyy-MM-dd}",
        _ => communityEvent.SourceKey,
    };

    internal (int Points, string Kind, string Reason)? PointsFor(CommunityEvent communityEvent)
    {
        var o = options.Value;
        return communityEvent switch
        {
            TutorialCompleted t => (o.TutorialCompletedPoints, RepKinds.Tutorial, $"completed tutorial {t.TutorialId}"),
            OnboardingCompleted => (o.OnboardingCompletedPoints, RepKinds.Onboarding, "completed onboarding"),
            QuizFinished q => (Math.Min(o.QuizMaxPoints, Math.Max(0, q.Correct) * o.QuizPointsPerCorrectAnswer), RepKinds.Quiz, $"quiz {q.Topic}: {q.Correct}/{q.Total} correct"),
            ChallengePlaced c => (c.Place >= 1 && c.Place <= o.EffectiveChallengePlacePoints.Count ? o.EffectiveChallengePlacePoints[c.Place - 1] : 0, RepKinds.Challenge, $"challenge {c.ChallengeName}: place {c.Place}"),
            _ => null,
        };
    }
}
