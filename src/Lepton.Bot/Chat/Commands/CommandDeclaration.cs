namespace Lepton.Bot.Chat.Commands;

/// <summary>Who may run a command. Checked on our side for every invocation, whatever the platform says.</summary>
public enum CommandAccess
{
    Everyone,
    Maintainer,
}

/// <summary>
/// One command (or subcommand) as a feature declares it. This single declaration drives /help,
/// validation of every invocation, the console parser and the Discord registration payload.
/// A command has either options (a leaf) or subcommands (a group), never both, as on Discord.
/// </summary>
public sealed record CommandDeclaration
{
    public CommandDeclaration(string name, string description)
    {
        Name = name;
        Description = description;
    }

    public string Name { get; }
    public string Description { get; }
    public IReadOnlyList<OptionDeclaration> Options { get; init; } = [];
    public IReadOnlyList<CommandDeclaration> Subcommands { get; init; } = [];
    public CommandAccess Access { get; init; } = CommandAccess.Everyone;

    /// <summary>
    /// Its answers are for the caller alone. On Discord a slow one is then deferred privately, so the
    /// channel never sees a "thinking…" placeholder appear and vanish. A group's value covers its subcommands.
    /// </summary>
    public bool RepliesPrivately { get; init; }

    /// <summary>Console-only commands (/as, /simulate) are never registered on Discord.</summary>
    public bool ConsoleOnly { get; init; }

    public bool IsGroup => Subcommands.Count > 0;

    public OptionDeclaration? FindOption(string name) =>
        Options.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));

    public CommandDeclaration? FindSubcommand(string name) =>
        Subcommands.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the command at <paramref name="path"/> (name, then subcommand) answers only its caller.</summary>
    public bool RepliesPrivatelyAt(IReadOnlyList<string> path) =>
        RepliesPrivately || (path.Count > 1 && FindSubcommand(path[1])?.RepliesPrivately == true);
}
