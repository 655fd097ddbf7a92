namespace Lepton.Discord.Models;

public sealed class DiscordUser
{
    public ulong Id { get; set; }
    public string Username { get; set; } = "";
    public string? GlobalName { get; set; }
    public string? Discriminator { get; set; }
    public string? Avatar { get; set; }
    public bool? Bot { get; set; }
}

/// <summary>A guild member; <see cref="Permissions"/> is only sent inside interactions.</summary>
public sealed class DiscordGuildMember
{
    public DiscordUser? User { get; set; }
    public string? Nick { get; set; }
    public List<ulong> Roles { get; set; } = [];
    public DateTimeOffset? JoinedAt { get; set; }
    public bool? Pending { get; set; }
    public ulong? Permissions { get; set; }
}

/// <summary>GUILD_MEMBER_ADD: a member plus the guild id.</summary>
public sealed class DiscordGuildMemberAdd
{
    public ulong GuildId { get; set; }
    public DiscordUser? User { get; set; }
    public string? Nick { get; set; }
    public List<ulong> Roles { get; set; } = [];
    public DateTimeOffset? JoinedAt { get; set; }
    public bool? Pending { get; set; }
}

public sealed class DiscordRole
{
    public ulong Id { get; set; }
    public string Name { get; set; } = "";
    public ulong? Permissions { get; set; }
}

/// <summary>A channel; also the payload of CHANNEL_CREATE, CHANNEL_UPDATE and CHANNEL_DELETE (with <see cref="GuildId"/>).</summary>
public sealed class DiscordChannel
{
    public ulong Id { get; set; }
    public ChannelType Type { get; set; }
    public ulong? GuildId { get; set; }
    public string? Name { get; set; }
    public ulong? ParentId { get; set; }
    public List<DiscordUser>? Recipients { get; set; }
}

/// <summary>GUILD_CREATE: the guild with its channels (or just an id when unavailable).</summary>
public sealed class DiscordGuild
{
    public ulong Id { get; set; }
    public string? Name { get; set; }
    public bool? Unavailable { get; set; }
    public ulong? OwnerId { get; set; }
    public int? MemberCount { get; set; }
    public List<DiscordChannel>? Channels { get; set; }
    public List<DiscordChannel>? Threads { get; set; }
    public List<DiscordRole>? Roles { get; set; }
}

/// <summary>GUILD_ROLE_CREATE and GUILD_ROLE_UPDATE: the role as it now is, and its guild.</summary>
public sealed class DiscordGuildRoleChange
{
    public ulong GuildId { get; set; }
    public DiscordRole Role { get; set; } = new();
}

/// <summary>GUILD_ROLE_DELETE: only ids.</summary>
public sealed class DiscordGuildRoleDelete
{
    public ulong GuildId { get; set; }
    public ulong RoleId { get; set; }
}

/// <summary>Body of <c>POST /users/@me/channels</c>.</summary>
public sealed class DiscordCreateDm
{
    public ulong RecipientId { get; set; }
}

/// <summary>Discord's error body: <c>{code, message, errors}</c>, and for 429s <c>retry_after</c>/<c>global</c>.</summary>
public sealed class DiscordErrorBody
{
    public int? Code { get; set; }
    public string? Message { get; set; }
    public System.Text.Json.JsonElement? Errors { get; set; }
    public double? RetryAfter { get; set; }
    public bool? Global { get; set; }
}
