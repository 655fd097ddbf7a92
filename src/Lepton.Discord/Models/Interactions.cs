using System.Text.Json;

namespace Lepton.Discord.Models;

/// <summary>An interaction (INTERACTION_CREATE). The caller is <c>member.user</c> in a guild, <c>user</c> in a DM.</summary>
public sealed class DiscordInteraction
{
    public ulong Id { get; set; }
    public ulong ApplicationId { get; set; }
    public InteractionType Type { get; set; }
    public DiscordInteractionData? Data { get; set; }
    public ulong? GuildId { get; set; }
    public DiscordChannel? Channel { get; set; }
    public ulong? ChannelId { get; set; }
    public DiscordGuildMember? Member { get; set; }
    public DiscordUser? User { get; set; }

    /// <summary>The interaction's own token: a credential for its callback and webhook routes for 15 minutes.</summary>
    public string Token { get; set; } = "";
    public int Version { get; set; }
    public DiscordMessage? Message { get; set; }
    public ulong? AppPermissions { get; set; }
    public string? Locale { get; set; }
    public string? GuildLocale { get; set; }
    public InteractionContextType? Context { get; set; }

    /// <summary>Who triggered it, in a guild or a DM.</summary>
    public DiscordUser? Caller => Member?.User ?? User;

    /// <inheritdoc />
    public override string ToString() => $"Interaction {{ Id = {Id}, Type = {Type}, Token = [redacted] }}";
}

public sealed class DiscordInteractionData
{
    public ulong? Id { get; set; }
    public string? Name { get; set; }
    public ApplicationCommandType? Type { get; set; }
    public DiscordResolvedData? Resolved { get; set; }
    public List<DiscordInteractionDataOption>? Options { get; set; }
    public ulong? GuildId { get; set; }
    public ulong? TargetId { get; set; }
    public string? CustomId { get; set; }
    public ComponentType? ComponentType { get; set; }
    public List<string>? Values { get; set; }

    /// <summary>Modal submissions: rows (or labels) holding the inputs with their values.</summary>
    public List<DiscordComponent>? Components { get; set; }
}

public sealed class DiscordInteractionDataOption
{
    public string Name { get; set; } = "";
    public ApplicationCommandOptionType Type { get; set; }

    /// <summary>A string, integer, double or boolean depending on <see cref="Type"/>; snowflakes come as strings.</summary>
    public JsonElement? Value { get; set; }
    public List<DiscordInteractionDataOption>? Options { get; set; }
    public bool? Focused { get; set; }
}

public sealed class DiscordResolvedData
{
    public Dictionary<ulong, DiscordUser>? Users { get; set; }
    public Dictionary<ulong, DiscordGuildMember>? Members { get; set; }
    public Dictionary<ulong, DiscordRole>? Roles { get; set; }
    public Dictionary<ulong, DiscordChannel>? Channels { get; set; }
    public Dictionary<ulong, DiscordAttachment>? Attachments { get; set; }
}

/// <summary>Body of <c>POST /interactions/{id}/{token}/callback</c>.</summary>
public sealed class DiscordInteractionResponse
{
    public InteractionCallbackType Type { get; set; }
    public DiscordInteractionCallbackData? Data { get; set; }
}

/// <summary>
/// The <c>data</c> of a callback: message fields (types 4, 7), flags only (5), choices (8) or a modal (9).
/// </summary>
public sealed class DiscordInteractionCallbackData
{
    public string? Content { get; set; }
    public List<DiscordEmbed>? Embeds { get; set; }
    public List<DiscordComponent>? Components { get; set; }
    public MessageFlags? Flags { get; set; }
    public DiscordAllowedMentions? AllowedMentions { get; set; }
    public List<DiscordAttachmentReference>? Attachments { get; set; }
    public List<DiscordCommandOptionChoice>? Choices { get; set; }
    public string? CustomId { get; set; }
    public string? Title { get; set; }

    /// <summary>The message fields of <paramref name="payload"/> as callback data.</summary>
    public static DiscordInteractionCallbackData FromMessage(DiscordMessagePayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return new()
        {
            Content = payload.Content,
            Embeds = payload.Embeds,
            Components = payload.Components,
            Flags = payload.Flags,
            AllowedMentions = payload.AllowedMentions,
            Attachments = payload.Attachments,
        };
    }
}

/// <summary>Response of the callback route with <c>?with_response=true</c>.</summary>
public sealed class DiscordInteractionCallbackResult
{
    public DiscordInteractionCallbackResource? Resource { get; set; }
}

public sealed class DiscordInteractionCallbackResource
{
    public InteractionCallbackType Type { get; set; }
    public DiscordMessage? Message { get; set; }
}

/// <summary>An application command as registered (bulk overwrite) and returned.</summary>
public sealed class DiscordApplicationCommand
{
    public ulong? Id { get; set; }
    public ApplicationCommandType? Type { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public List<DiscordCommandOption>? Options { get; set; }

    /// <summary>Permission bit set as a string ("32"), or null for everyone.</summary>
    public string? DefaultMemberPermissions { get; set; }
    public List<InteractionContextType>? Contexts { get; set; }
    public bool? Nsfw { get; set; }
}

public sealed class DiscordCommandOption
{
    public ApplicationCommandOptionType Type { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public bool? Required { get; set; }
    public List<DiscordCommandOptionChoice>? Choices { get; set; }
    public List<DiscordCommandOption>? Options { get; set; }
    public List<ChannelType>? ChannelTypes { get; set; }
    public double? MinValue { get; set; }
    public double? MaxValue { get; set; }
    public int? MinLength { get; set; }
    public int? MaxLength { get; set; }
    public bool? Autocomplete { get; set; }
}

/// <summary>A choice: the name shown and a string, integer or number value.</summary>
public sealed class DiscordCommandOptionChoice
{
    public string Name { get; set; } = "";
    public JsonElement Value { get; set; }

    public static DiscordCommandOptionChoice Of(string name, string value) =>
        new() { Name = name, Value = JsonSerializer.SerializeToElement(value, DiscordJsonContext.Default.String) };

    public static DiscordCommandOptionChoice Of(string name, long value) =>
        new() { Name = name, Value = JsonSerializer.SerializeToElement(value, DiscordJsonContext.Default.Int64) };

    public static DiscordCommandOptionChoice Of(string name, double value) =>
        new() { Name = name, Value = JsonSerializer.SerializeToElement(value, DiscordJsonContext.Default.Double) };
}
