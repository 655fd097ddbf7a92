using System.Globalization;
using System.Text.Json;
using Lepton.Bot.Chat;
using Lepton.Discord.Models;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Discord;

/// <summary>
/// Maps Discord interactions to the chat model: who (with the maintainer decision made from the
/// member's roles and permissions in this very interaction), where, the command path and typed
/// option values, component presses, modal fields and autocomplete input.
/// </summary>
public sealed class DiscordInteractionMapper(IOptions<DiscordBotOptions> options, DiscordGuildDirectory directory, DiscordAttachmentDownloader downloader)
{
    private const DiscordPermissions MaintainerPermissions = DiscordPermissions.Administrator | DiscordPermissions.ManageGuild;

    public ChatUser Caller(DiscordInteraction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var user = interaction.Caller ?? throw new InvalidOperationException("Interaction without a user.");
        return User(user, interaction.Member, interaction.GuildId, interaction.Locale);
    }

    /// <param name="guildId">The guild the member data comes from (null in DMs); it decides whether their permissions count.</param>
    public ChatUser User(DiscordUser user, DiscordGuildMember? member, ulong? guildId, string? locale = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new ChatUser(user.Id, member?.Nick ?? user.GlobalName ?? user.Username, IsMaintainer(member, guildId), user.Bot == true)
        {
            RoleIds = member?.Roles ?? [],
            Locale = locale ?? "",
            JoinedAt = member?.JoinedAt,
        };
    }

    /// <summary>
    /// A maintainer holds a configured maintainer role (role ids are globally unique, so they count in any
    /// guild), or Administrator / Manage Server in the configured <c>Discord:GuildId</c>. Permissions from any
    /// other guild never count: anyone can add the bot to a server of their own and be its administrator.
    /// Never in DMs.
    /// </summary>
    public bool IsMaintainer(DiscordGuildMember? member, ulong? guildId)
    {
        if (member is null || guildId is null)
        {
            return false;
        }

        if (member.Roles.Any(options.Value.MaintainerRoleIds.Contains))
        {
            return true;
        }

        return options.Value.GuildId is { } community && guildId == community
            && member.Permissions is { } permissions && ((DiscordPermissions)permissions & MaintainerPermissions) != 0;
    }

    public ChatChannel Channel(DiscordInteraction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var id = interaction.ChannelId ?? interaction.Channel?.Id ?? 0;
        var direct = interaction.GuildId is null;
        var name = interaction.Channel?.Name ?? directory.ChannelName(id) ?? (direct ? "direct" : id.ToString(CultureInfo.InvariantCulture));
        return new ChatChannel(id, name, direct);
    }

    public CommandRequest ToCommand(DiscordInteraction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var data = interaction.Data ?? throw new InvalidOperationException("Command interaction without data.");
        var (path, leafOptions) = PathOf(data);
        var raw = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in leafOptions)
        {
            if (Value(option, data.Resolved, interaction.GuildId) is { } value)
            {
                raw[option.Name] = value;
            }
        }

        return new CommandRequest(Caller(interaction), Channel(interaction), interaction.GuildId, path, raw);
    }

    public ComponentInteraction ToComponent(DiscordInteraction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var data = interaction.Data ?? throw new InvalidOperationException("Component interaction without data.");
        return new ComponentInteraction(Caller(interaction), Channel(interaction), interaction.GuildId, data.CustomId ?? "", data.Values ?? []);
    }

    public ModalSubmission ToModal(DiscordInteraction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var data = interaction.Data ?? throw new InvalidOperationException("Modal interaction without data.");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in Inputs(data.Components ?? []))
        {
            if (input.CustomId is { } id)
            {
                fields[id] = input.Value ?? string.Join(',', input.Values ?? []);
            }
        }

        return new ModalSubmission(Caller(interaction), Channel(interaction), interaction.GuildId, data.CustomId ?? "", fields);
    }

    /// <summary>The request for the focused option, or null when no option is focused.</summary>
    public AutocompleteRequest? ToAutocomplete(DiscordInteraction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var data = interaction.Data;
        if (data is null)
        {
            return null;
        }

        var (path, leafOptions) = PathOf(data);
        var focused = leafOptions.FirstOrDefault(o => o.Focused == true);
        if (focused is null)
        {
            return null;
        }

        var text = focused.Value is { ValueKind: JsonValueKind.String } s ? s.GetString() ?? "" : focused.Value?.GetRawText() ?? "";
        return new AutocompleteRequest(Caller(interaction), path, focused.Name, text);
    }

    private static (List<string> Path, List<DiscordInteractionDataOption> Options) PathOf(DiscordInteractionData data)
    {
        var path = new List<string> { data.Name ?? "" };
        var current = data.Options ?? [];
        while (current is [{ Type: ApplicationCommandOptionType.SubCommand or ApplicationCommandOptionType.SubCommandGroup } nested])
        {
            path.Add(nested.Name);
            current = nested.Options ?? [];
        }

        return (path, current);
    }

    private object? Value(DiscordInteractionDataOption option, DiscordResolvedData? resolved, ulong? guildId)
    {
        if (option.Value is not { } value)
        {
            return null;
        }

        switch (option.Type)
        {
            case ApplicationCommandOptionType.String:
                return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            case ApplicationCommandOptionType.Integer:
                return value.TryGetInt64(out var l) ? l : value.GetDouble();
            case ApplicationCommandOptionType.Number:
                return value.GetDouble();
            case ApplicationCommandOptionType.Boolean:
                return value.ValueKind == JsonValueKind.True;
        }

        var id = Snowflake(value);
        switch (option.Type)
        {
            case ApplicationCommandOptionType.User when resolved?.Users?.GetValueOrDefault(id) is { } user:
                return User(user, resolved.Members?.GetValueOrDefault(id), guildId);
            case ApplicationCommandOptionType.User:
                return new ChatUser(id, id.ToString(CultureInfo.InvariantCulture));
            case ApplicationCommandOptionType.Channel:
                var channel = resolved?.Channels?.GetValueOrDefault(id);
                return new ChatChannel(id, channel?.Name ?? directory.ChannelName(id) ?? id.ToString(CultureInfo.InvariantCulture),
                    channel?.Type is ChannelType.Dm or ChannelType.GroupDm);
            case ApplicationCommandOptionType.Role or ApplicationCommandOptionType.Mentionable:
                return id;
            case ApplicationCommandOptionType.Attachment when resolved?.Attachments?.GetValueOrDefault(id) is { } attachment:
                return downloader.Attachment(attachment);
            default:
                return null;
        }
    }

    private static ulong Snowflake(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
        : value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var number) ? number
        : 0;

    /// <summary>Text inputs of a modal submission, inside action rows (legacy) or labels (type 18).</summary>
    private static IEnumerable<DiscordComponent> Inputs(IEnumerable<DiscordComponent> components)
    {
        foreach (var component in components)
        {
            if (component.Component is { } wrapped)
            {
                yield return wrapped;
            }

            if (component.Components is { } children)
            {
                foreach (var child in Inputs(children))
                {
                    yield return child;
                }
            }

            if (component.Type != ComponentType.ActionRow && component.Type != ComponentType.Label && component.CustomId is not null)
            {
                yield return component;
            }
        }
    }
}

/// <summary>Attachments members pass as options, read from Discord's CDN only when a handler opens them.</summary>
public sealed class DiscordAttachmentDownloader : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(2) };

    public ChatAttachment Attachment(DiscordAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        var url = new Uri(attachment.Url);
        return new ChatAttachment(attachment.Filename, attachment.Size, attachment.ContentType,
            cancellationToken => _http.GetStreamAsync(url, cancellationToken));
    }

    public void Dispose() => _http.Dispose();
}
