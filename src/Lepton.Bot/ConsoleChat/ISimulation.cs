using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;

namespace Lepton.Bot.ConsoleChat;

/// <summary>
/// A console-only way to make happen what on Discord comes from outside a command (a member joining,
/// a GitHub webhook). Each registered simulation becomes a subcommand of /simulate.
/// </summary>
public interface ISimulation
{
    /// <summary>The subcommand, e.g. "github" with its options.</summary>
    CommandDeclaration Subcommand { get; }

    Task RunAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken);
}
