using System.Text.Json.Nodes;

namespace Lepton.Discord.Fake;

/// <summary>
/// Channels and roles changing while the bot runs, as a maintainer would change them in Discord: the fake's
/// guild changes first (so REST accepts or refuses the channel, and a later GUILD_CREATE lists it), then the
/// matching CHANNEL_* or GUILD_ROLE_* dispatch goes out in the shape Discord documents.
/// </summary>
public sealed partial class FakeDiscordServer
{
    private readonly Lock _guildsGate = new();

    public Task<int> CreateChannelAsync(ulong guildId, FakeChannel channel)
    {
        ChangeGuild(guildId, g => g with { Channels = [.. g.Channels, channel] });
        return DispatchAsync("CHANNEL_CREATE", ChannelJson(guildId, channel));
    }

    /// <summary>Replaces the channel with the same id (a rename, a new type).</summary>
    public Task<int> UpdateChannelAsync(ulong guildId, FakeChannel channel)
    {
        ChangeGuild(guildId, g => g with { Channels = [.. g.Channels.Select(c => c.Id == channel.Id ? channel : c)] });
        return DispatchAsync("CHANNEL_UPDATE", ChannelJson(guildId, channel));
    }

    public Task<int> DeleteChannelAsync(ulong guildId, ulong channelId)
    {
        var channel = GuildsNow().Single(g => g.Id == guildId).Channels.Single(c => c.Id == channelId);
        ChangeGuild(guildId, g => g with { Channels = [.. g.Channels.Where(c => c.Id != channelId)] });
        return DispatchAsync("CHANNEL_DELETE", ChannelJson(guildId, channel));
    }

    public Task<int> CreateRoleAsync(ulong guildId, FakeRole role)
    {
        ChangeGuild(guildId, g => g with { Roles = [.. g.Roles, role] });
        return DispatchAsync("GUILD_ROLE_CREATE", new JsonObject { ["guild_id"] = Id(guildId), ["role"] = RoleJson(role) });
    }

    /// <summary>Replaces the role with the same id (a rename).</summary>
    public Task<int> UpdateRoleAsync(ulong guildId, FakeRole role)
    {
        ChangeGuild(guildId, g => g with { Roles = [.. g.Roles.Select(r => r.Id == role.Id ? role : r)] });
        return DispatchAsync("GUILD_ROLE_UPDATE", new JsonObject { ["guild_id"] = Id(guildId), ["role"] = RoleJson(role) });
    }

    public Task<int> DeleteRoleAsync(ulong guildId, ulong roleId)
    {
        ChangeGuild(guildId, g => g with { Roles = [.. g.Roles.Where(r => r.Id != roleId)] });
        return DispatchAsync("GUILD_ROLE_DELETE", new JsonObject { ["guild_id"] = Id(guildId), ["role_id"] = Id(roleId) });
    }

    /// <summary>The guilds as they are now; REST handlers read them while a test changes them.</summary>
    internal IReadOnlyList<FakeGuild> GuildsNow()
    {
        lock (_guildsGate)
        {
            return [.. Options.Guilds];
        }
    }

    private void ChangeGuild(ulong guildId, Func<FakeGuild, FakeGuild> change)
    {
        lock (_guildsGate)
        {
            var index = Options.Guilds.FindIndex(g => g.Id == guildId);
            if (index < 0)
            {
                throw new InvalidOperationException($"The fake knows no guild {guildId}.");
            }

            Options.Guilds[index] = change(Options.Guilds[index]);
        }
    }

    internal static JsonObject ChannelJson(ulong guildId, FakeChannel channel) => new()
    {
        ["id"] = Id(channel.Id),
        ["type"] = channel.Type,
        ["name"] = channel.Name,
        ["guild_id"] = Id(guildId),
        ["position"] = 0,
        ["permission_overwrites"] = new JsonArray(),
        ["parent_id"] = null,
        ["nsfw"] = false,
    };

    internal static JsonObject RoleJson(FakeRole role) => new()
    {
        ["id"] = Id(role.Id),
        ["name"] = role.Name,
        ["color"] = 0,
        ["hoist"] = false,
        ["position"] = 0,
        ["permissions"] = "0",
        ["managed"] = false,
        ["mentionable"] = false,
        ["flags"] = 0,
    };
}
