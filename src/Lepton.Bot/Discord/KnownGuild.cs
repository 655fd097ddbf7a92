using System.Collections.Immutable;
using Lepton.Discord.Models;

namespace Lepton.Bot.Discord;

/// <summary>
/// One guild's channels and roles at one moment. A change makes a new instance instead of editing a list,
/// so a lookup on another thread never sees a list while the event pump edits it.
/// </summary>
internal sealed class KnownGuild(ulong id, ImmutableArray<DiscordChannel> channels, ImmutableArray<DiscordRole> roles)
{
    public ulong Id { get; } = id;
    public ImmutableArray<DiscordChannel> Channels { get; } = channels;
    public ImmutableArray<DiscordRole> Roles { get; } = roles;

    public static KnownGuild From(DiscordGuild guild) =>
        new(guild.Id, [.. guild.Channels ?? []], [.. guild.Roles ?? []]);

    /// <summary>Adds the channel, or replaces the one with its id (CHANNEL_UPDATE carries the whole channel).</summary>
    public KnownGuild WithChannel(DiscordChannel channel) =>
        new(Id, [.. Channels.Where(c => c.Id != channel.Id), channel], Roles);

    public KnownGuild WithoutChannel(ulong channelId) =>
        new(Id, [.. Channels.Where(c => c.Id != channelId)], Roles);

    /// <summary>Adds the role, or replaces the one with its id (GUILD_ROLE_UPDATE carries the whole role).</summary>
    public KnownGuild WithRole(DiscordRole role) =>
        new(Id, Channels, [.. Roles.Where(r => r.Id != role.Id), role]);

    public KnownGuild WithoutRole(ulong roleId) =>
        new(Id, Channels, [.. Roles.Where(r => r.Id != roleId)]);
}
