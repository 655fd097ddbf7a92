using System.Globalization;
using Lepton.Bot.Chat.Commands;
using Lepton.Discord.Interactions;
using Lepton.Discord.Models;

namespace Lepton.Bot.Discord;

/// <summary>
/// Discord's registration payload (bulk overwrite) built from the features' declarations: the same
/// declarations that drive /help, validation and the console. Console-only commands are left out.
/// </summary>
public static class DiscordCommandPayloads
{
    public static List<DiscordApplicationCommand> Build(CommandCatalog catalog, bool hideMaintainerCommands = true)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var commands = new List<DiscordApplicationCommand>();
        foreach (var declaration in catalog.Commands.Where(c => !c.ConsoleOnly))
        {
            var maintainerOnly = declaration.Access == CommandAccess.Maintainer
                || (declaration.IsGroup && declaration.Subcommands.All(s => s.Access == CommandAccess.Maintainer));
            var command = new DiscordApplicationCommand
            {
                Type = ApplicationCommandType.ChatInput,
                Name = declaration.Name,
                Description = DiscordLimits.Cut(declaration.Description, DiscordLimits.CommandDescription),
                Options = declaration.IsGroup
                    ? [.. declaration.Subcommands.Select(sub => new DiscordCommandOption
                    {
                        Type = ApplicationCommandOptionType.SubCommand,
                        Name = sub.Name,
                        Description = DiscordLimits.Cut(sub.Description, DiscordLimits.CommandDescription),
                        Options = sub.Options.Count == 0 ? null : [.. sub.Options.Select(Option)],
                    })]
                    : declaration.Options.Count == 0 ? null : [.. declaration.Options.Select(Option)],
                DefaultMemberPermissions = maintainerOnly && hideMaintainerCommands
                    ? ((ulong)DiscordPermissions.ManageGuild).ToString(CultureInfo.InvariantCulture)
                    : null,
            };

            var size = TotalCharacters(command);
            if (size > DiscordLimits.CommandTotalCharacters)
            {
                throw new InvalidOperationException($"Command /{command.Name} has {size} characters of names, descriptions and values; Discord allows {DiscordLimits.CommandTotalCharacters}.");
            }

            commands.Add(command);
        }

        if (commands.Count > MaxChatInputCommands)
        {
            throw new InvalidOperationException($"{commands.Count} commands are declared; Discord allows {MaxChatInputCommands} slash commands per scope.");
        }

        return commands;
    }

    /// <summary>Discord's limit of CHAT_INPUT commands per scope (global, or one guild).</summary>
    public const int MaxChatInputCommands = 100;

    public static ApplicationCommandOptionType TypeOf(OptionType type) => type switch
    {
        OptionType.String => ApplicationCommandOptionType.String,
        OptionType.Integer => ApplicationCommandOptionType.Integer,
        OptionType.Number => ApplicationCommandOptionType.Number,
        OptionType.Boolean => ApplicationCommandOptionType.Boolean,
        OptionType.User => ApplicationCommandOptionType.User,
        OptionType.Channel => ApplicationCommandOptionType.Channel,
        OptionType.Role => ApplicationCommandOptionType.Role,
        OptionType.Attachment => ApplicationCommandOptionType.Attachment,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No Discord option type."),
    };

    /// <summary>A choice with a value of the option's type (integers and numbers are sent as JSON numbers).</summary>
    public static DiscordCommandOptionChoice Choice(OptionChoice choice, OptionType type)
    {
        ArgumentNullException.ThrowIfNull(choice);
        var name = DiscordLimits.Cut(choice.Name, DiscordLimits.ChoiceName);
        return type switch
        {
            OptionType.Integer when long.TryParse(choice.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => DiscordCommandOptionChoice.Of(name, l),
            OptionType.Number when double.TryParse(choice.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => DiscordCommandOptionChoice.Of(name, d),
            _ => DiscordCommandOptionChoice.Of(name, DiscordLimits.Cut(choice.Value, DiscordLimits.ChoiceStringValue)),
        };
    }

    private static DiscordCommandOption Option(OptionDeclaration option) => new()
    {
        Type = TypeOf(option.Type),
        Name = option.Name,
        Description = DiscordLimits.Cut(option.Description, DiscordLimits.CommandDescription),
        Required = option.Required ? true : null,
        Choices = option.Choices.Count == 0 ? null : [.. option.Choices.Take(25).Select(c => Choice(c, option.Type))],
        MinValue = option.Type is OptionType.Integer or OptionType.Number ? option.Min : null,
        MaxValue = option.Type is OptionType.Integer or OptionType.Number ? option.Max : null,
        MinLength = option.Type == OptionType.String ? option.MinLength : null,
        MaxLength = option.Type == OptionType.String ? option.MaxLength : null,
        Autocomplete = option.Autocomplete && option.Choices.Count == 0 ? true : null,
        ChannelTypes = option.Type == OptionType.Channel ? [ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum] : null,
    };

    private static int TotalCharacters(DiscordApplicationCommand command) =>
        command.Name.Length + command.Description.Length + (command.Options?.Sum(TotalCharacters) ?? 0);

    private static int TotalCharacters(DiscordCommandOption option) =>
        option.Name.Length + option.Description.Length
        + (option.Choices?.Sum(c => c.Name.Length + (c.Value.ValueKind == System.Text.Json.JsonValueKind.String ? c.Value.GetString()!.Length : 0)) ?? 0)
        + (option.Options?.Sum(TotalCharacters) ?? 0);
}
