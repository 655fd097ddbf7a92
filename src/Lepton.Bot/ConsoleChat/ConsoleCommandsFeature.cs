using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;

namespace Lepton.Bot.ConsoleChat;

/// <summary>
/// Commands that only make sense at a terminal: /as switches who is typing, so one person can try
/// the member and the maintainer side of every feature. Never registered on Discord.
/// </summary>
public sealed class ConsoleCommandsFeature(ConsoleIdentity identity) : IChatFeature
{
    public string Key => "console";

    public IReadOnlyList<CommandDeclaration> Commands { get; } =
    [
        new("as", "Console only: act as another member (and maybe as a maintainer)")
        {
            ConsoleOnly = true,
            Options =
            [
                new("user", "The member to act as", OptionType.User) { Required = true },
                new("maintainer", "Act with maintainer rights", OptionType.Boolean),
            ],
        },
    ];

    public Task HandleAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var user = invocation.Options.GetUser("user")!;
        var maintainer = invocation.Options.GetBoolean("maintainer") ?? false;
        identity.SwitchTo(user.DisplayName, maintainer);
        var role = maintainer ? "a maintainer" : "a member";
        return responder.ReplyAsync(Reply.Private($"You are now @{identity.Current.DisplayName}, {role}."), cancellationToken);
    }
}
