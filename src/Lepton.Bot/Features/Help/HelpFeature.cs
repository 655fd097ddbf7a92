using System.Text;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Bot.Features.Help;

/// <summary>
/// /help, written entirely from the command declarations, so it can never drift from what the bot
/// accepts. The router is looked up on use because the router itself is built from all features.
/// </summary>
public sealed class HelpFeature(IServiceProvider services) : IChatFeature
{
    private const int Accent = 0x5865F2;

    public string Key => "help";

    public IReadOnlyList<CommandDeclaration> Commands { get; } =
    [
        new("help", "List every command, or explain one")
        {
            RepliesPrivately = true,
            Options = [new("command", "The command to explain, e.g. quiz") { Autocomplete = true, MaxLength = 32 }],
        },
    ];

    private CommandCatalog Catalog => services.GetRequiredService<CommandRouter>().Catalog;

    public Task HandleAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var name = invocation.Options.GetString("command")?.Trim().TrimStart('/');
        if (string.IsNullOrEmpty(name))
        {
            return responder.ReplyAsync(Reply.Of(Overview()).AsPrivate(), cancellationToken);
        }

        var command = Catalog.Find(name);
        if (command is null)
        {
            var guess = CommandRouter.Suggest(name, Catalog.Commands.Select(c => c.Name));
            return responder.ReplyAsync(Reply.Private($"There is no /{name}.{(guess is null ? "" : $" Did you mean /{guess}?")} Type /help to see every command."), cancellationToken);
        }

        return responder.ReplyAsync(Reply.Of(Details(command)).AsPrivate(), cancellationToken);
    }

    public Task<IReadOnlyList<OptionChoice>> AutocompleteAsync(AutocompleteRequest request, CancellationToken cancellationToken)
    {
        var typed = request.Text.TrimStart('/');
        IReadOnlyList<OptionChoice> matches = Catalog.Commands
            .Where(c => c.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(c => new OptionChoice($"/{c.Name}: {c.Description}".Length > 100 ? "/" + c.Name : $"/{c.Name}: {c.Description}", c.Name))
            .ToList();
        return Task.FromResult(matches);
    }

    internal Card Overview() => new("Lepton.Bot commands")
    {
        Description = "Type /help command:<name> for the details of one command.",
        Fields = Catalog.Commands.Select(c => new CardField(Title(c), string.Join("\n", Usage.Lines(c)))).ToList(),
        Footer = "Options in [brackets] are optional.",
        Color = Accent,
    };

    internal static Card Details(CommandDeclaration command)
    {
        var fields = new List<CardField>();
        foreach (var leaf in command.IsGroup ? command.Subcommands : [command])
        {
            var prefix = command.IsGroup ? $"/{command.Name} " : "/";
            var text = new StringBuilder(leaf == command ? "" : leaf.Description + "\n");
            text.Append(string.Join("\n", Usage.Lines(leaf, prefix)));
            foreach (var option in leaf.Options)
            {
                text.Append($"\n• {option.Name}: {option.Description}{(option.Required ? "" : " (optional)")}");
            }

            var name = command.IsGroup ? $"{prefix}{leaf.Name}" : $"/{leaf.Name}";
            fields.Add(new CardField(leaf.Access == CommandAccess.Maintainer ? name + " (maintainers)" : name, text.ToString()));
        }

        return new Card(Title(command)) { Description = command.Description, Fields = fields, Color = Accent };
    }

    private static string Title(CommandDeclaration command) =>
        $"/{command.Name}{(command.Access == CommandAccess.Maintainer ? " (maintainers)" : "")}{(command.ConsoleOnly ? " (console)" : "")}: {command.Description}";
}
