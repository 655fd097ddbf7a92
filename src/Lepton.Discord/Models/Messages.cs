namespace Lepton.Discord.Models;

/// <summary>A message as Discord returns it (MESSAGE_CREATE, REST responses).</summary>
public sealed class DiscordMessage
{
    public ulong Id { get; set; }
    public ulong ChannelId { get; set; }
    public ulong? GuildId { get; set; }
    public DiscordUser? Author { get; set; }
    public DiscordGuildMember? Member { get; set; }
    public string? Content { get; set; }
    public List<DiscordUser>? Mentions { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public MessageFlags? Flags { get; set; }
    public ulong? WebhookId { get; set; }
    public List<DiscordEmbed>? Embeds { get; set; }
    public List<DiscordComponent>? Components { get; set; }
    public List<DiscordAttachment>? Attachments { get; set; }
}

/// <summary>Fields of a message the bot creates or edits (channel message, interaction reply, follow-up).</summary>
public sealed class DiscordMessagePayload
{
    public string? Content { get; set; }
    public List<DiscordEmbed>? Embeds { get; set; }
    public List<DiscordComponent>? Components { get; set; }
    public MessageFlags? Flags { get; set; }
    public DiscordAllowedMentions? AllowedMentions { get; set; }

    /// <summary>With files: one entry per upload, <c>id</c> = the index n of <c>files[n]</c>. Filled in by the REST client.</summary>
    public List<DiscordAttachmentReference>? Attachments { get; set; }
}

public sealed class DiscordAllowedMentions
{
    public List<string> Parse { get; set; } = [];
    public List<ulong>? Users { get; set; }
    public List<ulong>? Roles { get; set; }
    public bool? RepliedUser { get; set; }

    /// <summary>Nothing pings (an empty parse list): what to send whenever a message may echo member or content text.</summary>
    public static DiscordAllowedMentions None() => new() { Parse = [] };
}

public sealed class DiscordAttachmentReference
{
    public int Id { get; set; }
    public string Filename { get; set; } = "";
    public string? Description { get; set; }
}

public sealed class DiscordAttachment
{
    public ulong Id { get; set; }
    public string Filename { get; set; } = "";
    public long Size { get; set; }
    public string Url { get; set; } = "";
    public string? ContentType { get; set; }
}

public sealed class DiscordEmbed
{
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Url { get; set; }
    public int? Color { get; set; }
    public List<DiscordEmbedField>? Fields { get; set; }
    public DiscordEmbedFooter? Footer { get; set; }
    public DiscordEmbedImage? Image { get; set; }
}

public sealed class DiscordEmbedField
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
    public bool? Inline { get; set; }
}

public sealed class DiscordEmbedFooter
{
    public string Text { get; set; } = "";
}

public sealed class DiscordEmbedImage
{
    public string Url { get; set; } = "";
}

/// <summary>
/// Any message component (action row, button, select, text input) in one flat shape; which fields
/// apply depends on <see cref="Type"/>. Also what modal submissions carry back (<see cref="Value"/>).
/// </summary>
public sealed class DiscordComponent
{
    public ComponentType Type { get; set; }
    public string? CustomId { get; set; }
    /// <summary>A <see cref="ButtonStyle"/> for buttons, a <see cref="TextInputStyle"/> for text inputs.</summary>
    public int? Style { get; set; }
    public string? Label { get; set; }
    public string? Url { get; set; }
    public bool? Disabled { get; set; }
    public List<DiscordComponent>? Components { get; set; }

    /// <summary>A Label (type 18) wraps exactly one component here.</summary>
    public DiscordComponent? Component { get; set; }
    public List<DiscordSelectOption>? Options { get; set; }
    public string? Placeholder { get; set; }
    public int? MinValues { get; set; }
    public int? MaxValues { get; set; }
    public int? MinLength { get; set; }
    public int? MaxLength { get; set; }
    public bool? Required { get; set; }
    public string? Value { get; set; }
    public List<string>? Values { get; set; }
}

public sealed class DiscordSelectOption
{
    public string Label { get; set; } = "";
    public string Value { get; set; } = "";
    public string? Description { get; set; }
    public bool? Default { get; set; }
}

public sealed class DiscordEmoji
{
    public ulong? Id { get; set; }
    public string? Name { get; set; }
    public bool? Animated { get; set; }
}

/// <summary>MESSAGE_REACTION_ADD.</summary>
public sealed class DiscordMessageReactionAdd
{
    public ulong UserId { get; set; }
    public ulong ChannelId { get; set; }
    public ulong MessageId { get; set; }
    public ulong? GuildId { get; set; }
    public DiscordGuildMember? Member { get; set; }
    public DiscordEmoji Emoji { get; set; } = new();
    public ulong? MessageAuthorId { get; set; }
    public bool? Burst { get; set; }
}
