using Lepton.Bot.Chat.Commands;

namespace Lepton.Bot.Chat;

/// <summary>
/// A feature of the bot as the router sees it: the commands it declares and the handlers for them
/// and for presses on the components its replies carry (custom ids start with <see cref="Key"/>).
/// </summary>
public interface IChatFeature
{
    /// <summary>Short name used as the first part of this feature's component ids.</summary>
    string Key { get; }

    IReadOnlyList<CommandDeclaration> Commands { get; }

    Task HandleAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken);

    Task HandleComponentAsync(ComponentInteraction interaction, IResponder responder, CancellationToken cancellationToken) =>
        responder.ReplyAsync(Replies.Reply.Private("That button no longer does anything."), cancellationToken);

    Task HandleModalAsync(ModalSubmission submission, IResponder responder, CancellationToken cancellationToken) =>
        responder.ReplyAsync(Replies.Reply.Private("That form is no longer open."), cancellationToken);

    Task<IReadOnlyList<OptionChoice>> AutocompleteAsync(AutocompleteRequest request, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OptionChoice>>([]);
}
