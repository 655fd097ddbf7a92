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

        // "rep award" (or "/rep award") explains one subcommand.
        var words = name.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var command = Catalog.Find(words[0]);
        if (command is null)
        {
            var guess = CommandRouter.Suggest(words[0], Catalog.Commands.Select(c => c.Name));
            return responder.ReplyAsync(Reply.Private($"There is no /{words[0]}.{(guess is null ? "" : $" Did you mean /{guess}?")} Type /help to see every command."), cancellationToken);
        }

        if (words.Length == 2 && command.FindSubcommand(words[1]) is null)
        {
            var guess = CommandRouter.Suggest(words[1], command.Subcommands.Select(c => c.Name));
            return responder.ReplyAsync(Reply.Private($"There is no /{command.Name} {words[1]}.{(guess is null ? "" : $" Did you mean /{command.Name} {guess}?")} Type /help command:{command.Name} to see its subcommands."), cancellationToken);
        }

        return responder.ReplyAsync(Reply.Of(Details(command, words.Length == 2 ? words[1] : null)).AsPrivate(), cancellationToken);
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

    /// <param name="only">One subcommand to explain instead of all of them.</param>
    internal static Card Details(CommandDeclaration command, string? only = null)
    {
        var fields = new List<CardField>();
        var leaves = command.IsGroup ? command.Subcommands.Where(s => only is null || string.Equals(s.Name, only, StringComparison.OrdinalIgnoreCase)) : [command];
        foreach (var leaf in leaves)
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

        return new Card(Title(command)) { Fields = fields, Color = Accent }; // the title already carries the description
    }

    private static string Title(CommandDeclaration command) =>
        $"/{command.Name}{(command.Access == CommandAccess.Maintainer ? " (maintainers)" : "")}{(command.ConsoleOnly ? " (console)" : "")}: {command.Description}";
}
