using System.Collections.Concurrent;
using System.Globalization;
using Lepton.Discord.Models;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Discord;

/// <summary>
/// Channel and role names of the guilds the bot is in, so background work can say "#challenges" and the
/// adapter finds the channel id. Learned from GUILD_CREATE and kept current by the CHANNEL_* and
/// GUILD_ROLE_* events, so a channel or role a maintainer creates, renames or deletes counts at once, not
/// after a restart. With <c>Discord:GuildId</c> set, lookups see only that guild: anyone can add the bot
/// to their own server, and a same-named channel or role there is not the community's.
/// </summary>
public sealed class DiscordGuildDirectory(IOptions<DiscordBotOptions> options)
{
    private readonly ConcurrentDictionary<ulong, KnownGuild> _guilds = new();
    private readonly TaskCompletionSource _firstGuild = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyCollection<ulong> GuildIds => [.. _guilds.Keys];

    public void Add(DiscordGuild guild)
    {
        ArgumentNullException.ThrowIfNull(guild);
        if (guild.Unavailable == true && guild.Channels is null)
        {
            return;
        }

        _guilds[guild.Id] = KnownGuild.From(guild);
        _firstGuild.TrySetResult();
    }

    /// <summary>CHANNEL_CREATE and CHANNEL_UPDATE: adds the channel or replaces it (a rename drops the old name).</summary>
    public void AddOrUpdateChannel(DiscordChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.GuildId is { } guildId)
        {
            Change(guildId, g => g.WithChannel(channel));
        }
    }

    public void RemoveChannel(DiscordChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.GuildId is { } guildId)
        {
            Change(guildId, g => g.WithoutChannel(channel.Id));
        }
    }

    /// <summary>GUILD_ROLE_CREATE and GUILD_ROLE_UPDATE: adds the role or replaces it.</summary>
    public void AddOrUpdateRole(ulong guildId, DiscordRole role)
    {
        ArgumentNullException.ThrowIfNull(role);
        Change(guildId, g => g.WithRole(role));
    }

    public void RemoveRole(ulong guildId, ulong roleId) => Change(guildId, g => g.WithoutRole(roleId));

    /// <summary>Completes when the first guild is known (or the timeout passes), for work that starts before GUILD_CREATE.</summary>
    public async Task WaitForGuildsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _firstGuild.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    /// <summary>A channel by name ("challenges", "#challenges") or id, in the configured guild if there is one; text channels win over others.</summary>
    public DiscordChannel? FindChannel(string nameOrId)
    {
        ArgumentNullException.ThrowIfNull(nameOrId);
        var name = nameOrId.Trim().TrimStart('#');
        var byId = ulong.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (ulong?)null;
        foreach (var guild in Searchable())
        {
            var match = guild.Channels
                .Where(c => c.Id == byId || string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
                .OrderBy(c => c.Type is ChannelType.GuildText or ChannelType.GuildAnnouncement ? 0 : 1)
                .FirstOrDefault();
            if (match is not null)
            {
                return match;
            }
        }

        return null;
    }

    /// <summary>The name of a channel a message or reaction came from, in any guild (naming only, nothing is sent there).</summary>
    public string? ChannelName(ulong channelId) =>
        _guilds.Values.SelectMany(g => g.Channels).FirstOrDefault(c => c.Id == channelId)?.Name;

    /// <summary>A role of <paramref name="guildId"/> by name ("CIFAR Explorer", "@CIFAR Explorer"); none outside the configured guild.</summary>
    public DiscordRole? FindRole(ulong guildId, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var wanted = name.Trim().TrimStart('@');
        return Searchable().FirstOrDefault(g => g.Id == guildId)?.Roles
            .FirstOrDefault(r => string.Equals(r.Name, wanted, StringComparison.OrdinalIgnoreCase));
    }

    private IEnumerable<KnownGuild> Searchable()
    {
        if (options.Value.GuildId is not { } configured)
        {
            return _guilds.Values;
        }

        return _guilds.TryGetValue(configured, out var guild) ? [guild] : [];
    }

    private void Change(ulong guildId, Func<KnownGuild, KnownGuild> change)
    {
        // Discord sends these only after the guild's GUILD_CREATE; one for a guild not known (yet) is
        // dropped, because that GUILD_CREATE lists every channel and role anyway.
        while (_guilds.TryGetValue(guildId, out var current) && !_guilds.TryUpdate(guildId, change(current), current))
        {
        }
    }
}
