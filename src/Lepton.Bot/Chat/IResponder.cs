using Lepton.Bot.Chat.Replies;

namespace Lepton.Bot.Chat;

/// <summary>
/// How a handler answers the interaction it was given. The first reply answers the interaction,
/// later ones follow up. Adapters take care of platform deadlines (Discord's 3-second rule).
/// </summary>
public interface IResponder
{
    Task<SentMessage> ReplyAsync(Reply reply, CancellationToken cancellationToken = default);

    /// <summary>Replaces a message this interaction sent earlier.</summary>
    Task EditAsync(SentMessage message, Reply reply, CancellationToken cancellationToken = default);

    /// <summary>For button and select presses: replace the message that carried the component.</summary>
    Task UpdateSourceAsync(Reply reply, CancellationToken cancellationToken = default);

    /// <summary>Ask the member to fill in a form; only valid as the first answer to an interaction.</summary>
    Task ShowModalAsync(ModalForm form, CancellationToken cancellationToken = default);
}

/// <summary>
/// The port background work (a quiz timer, a training job, a weekly schedule) uses to talk in a
/// channel it names ("challenges"), and to members directly. Each adapter implements it.
/// </summary>
public interface IChatChannels
{
    Task<SentMessage> PostAsync(string channel, Reply reply, CancellationToken cancellationToken = default);

    Task EditAsync(SentMessage message, Reply reply, CancellationToken cancellationToken = default);

    /// <summary>A direct message; null when the member does not accept them.</summary>
    Task<SentMessage?> SendDirectAsync(ChatUser user, Reply reply, CancellationToken cancellationToken = default);
}
