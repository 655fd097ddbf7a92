using System.Text.RegularExpressions;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;

namespace Lepton.Bot.ConsoleChat;

/// <summary>
/// Commands that only make sense at a terminal. /as switches who is typing, so one person can try
/// the member and the maintainer side of every feature; /simulate makes happen what on Discord comes
/// from outside a command (a join, a message, a reaction, and whatever features add). Never
/// registered on Discord.
/// </summary>
public sealed partial class ConsoleCommandsFeature : IChatFeature
{
    private readonly ConsoleIdentity _identity;
    private readonly IReadOnlyList<IChatEventHandler> _handlers;
    private readonly Dictionary<string, ISimulation> _simulations;
    private readonly TimeProvider _clock;

    public ConsoleCommandsFeature(ConsoleIdentity identity, IEnumerable<IChatEventHandler> handlers, IEnumerable<ISimulation> simulations, TimeProvider clock)
    {
        _identity = identity;
        _handlers = handlers.ToList();
        _clock = clock;
        _simulations = simulations.ToDictionary(s => s.Subcommand.Name, StringComparer.OrdinalIgnoreCase);
        Commands =
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
            new("simulate", "Console only: make something happen that on Discord comes from outside a command")
            {
                ConsoleOnly = true,
                Subcommands =
                [
                    new("join", "A member joins the community") { Options = [new("user", "Who joins", OptionType.User) { Required = true }] },
                    new("message", "A member posts a message (in this channel, or channel:NAME)")
                    {
                        Options =
                        [
                            new("user", "Who writes", OptionType.User) { Required = true },
                            new("text", "The message; @name mentions a member") { Required = true, MaxLength = 2000 },
                            new("channel", "Where it is posted, e.g. introductions (default: this channel)") { MaxLength = 100 },
                        ],
                    },
                    new("reaction", "A member reacts to another member's message")
                    {
                        Options =
                        [
                            new("user", "Who reacts", OptionType.User) { Required = true },
                            new("author", "Who wrote the message", OptionType.User) { Required = true },
                            new("emoji", "The reaction, e.g. 🙏") { Required = true, MaxLength = 64 },
                        ],
                    },
                    .. _simulations.Values.Select(s => s.Subcommand),
                ],
            },
        ];
    }

    public string Key => "console";

    public IReadOnlyList<CommandDeclaration> Commands { get; }

    public async Task HandleAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        if (invocation.CommandName == "as")
        {
            var user = invocation.Options.GetUser("user")!;
            var maintainer = invocation.Options.GetBoolean("maintainer") ?? false;
            _identity.SwitchTo(user.DisplayName, maintainer);
            var role = maintainer ? "a maintainer" : "a member";
            await responder.ReplyAsync(Reply.Private($"You are now @{_identity.Current.DisplayName}, {role}."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = _clock.GetUtcNow();
        switch (invocation.Subcommand)
        {
            case "join":
                var member = invocation.Options.GetUser("user")! with { JoinedAt = now };
                await responder.ReplyAsync(Reply.Private($"Simulating: @{member.DisplayName} joins."), cancellationToken).ConfigureAwait(false);
                foreach (var handler in _handlers)
                {
                    await handler.OnMemberJoinedAsync(member, invocation.GuildId, cancellationToken).ConfigureAwait(false);
                }

                break;
            case "message":
                var text = invocation.Options.GetRequiredString("text");
                var mentions = MentionPattern().Matches(text).Select(m => ConsoleIdentity.UserFor(m.Groups[1].Value)).DistinctBy(u => u.Id).ToList();
                var channel = invocation.Options.GetString("channel") is { Length: > 0 } named ? ConsoleIdentity.ChannelFor(named.Trim().TrimStart('#')) : invocation.Channel;
                var message = new ChatMessage(invocation.Options.GetUser("user")!, channel, invocation.GuildId, "sim-" + now.ToUnixTimeMilliseconds(), text, mentions);
                await responder.ReplyAsync(Reply.Private($"Simulating: @{message.Author.DisplayName} writes in #{message.Channel.Name}."), cancellationToken).ConfigureAwait(false);
                foreach (var handler in _handlers)
                {
                    await handler.OnMessageAsync(message, cancellationToken).ConfigureAwait(false);
                }

                break;
            case "reaction":
                var author = invocation.Options.GetUser("author")!;
                var reaction = new ChatReaction(invocation.Options.GetUser("user")!, invocation.Channel, invocation.GuildId, $"sim-{author.Id}-{now.ToUnixTimeMilliseconds()}", author, invocation.Options.GetRequiredString("emoji"));
                await responder.ReplyAsync(Reply.Private($"Simulating: @{reaction.Reactor.DisplayName} reacts {reaction.Emoji} to @{author.DisplayName}'s message."), cancellationToken).ConfigureAwait(false);
                foreach (var handler in _handlers)
                {
                    await handler.OnReactionAsync(reaction, cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                await _simulations[invocation.Subcommand].RunAsync(invocation, responder, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    [GeneratedRegex(@"@([\p{L}\p{N}_.-]{1,32})")]
    private static partial Regex MentionPattern();
}
