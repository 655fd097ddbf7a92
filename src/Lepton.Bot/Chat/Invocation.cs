using Lepton.Bot.Chat.Commands;

namespace Lepton.Bot.Chat;

/// <summary>One validated command call, platform-neutral: who, where, which command, with what.</summary>
/// <param name="Path">The command path, e.g. ["faq", "list"].</param>
public sealed record Invocation(
    ChatUser Caller,
    ChatChannel Channel,
    ulong? GuildId,
    IReadOnlyList<string> Path,
    OptionValues Options)
{
    public string CommandName => Path[0];

    /// <summary>The subcommand, or "" for a command without subcommands.</summary>
    public string Subcommand => Path.Count > 1 ? Path[1] : "";

    public string DisplayPath => "/" + string.Join(' ', Path);
}

/// <summary>A press on a button or a choice in a select menu that a feature's reply carried.</summary>
/// <param name="CustomId">The id the feature gave the component (see <see cref="ComponentId"/>).</param>
/// <param name="Values">Chosen values of a select menu; empty for a button.</param>
public sealed record ComponentInteraction(
    ChatUser Caller,
    ChatChannel Channel,
    ulong? GuildId,
    string CustomId,
    IReadOnlyList<string> Values);

/// <summary>A submitted modal form: field id → text the member typed.</summary>
public sealed record ModalSubmission(
    ChatUser Caller,
    ChatChannel Channel,
    ulong? GuildId,
    string CustomId,
    IReadOnlyDictionary<string, string> Fields);

/// <summary>A member typing into an option marked Autocomplete.</summary>
public sealed record AutocompleteRequest(ChatUser Caller, IReadOnlyList<string> Path, string OptionName, string Text);
