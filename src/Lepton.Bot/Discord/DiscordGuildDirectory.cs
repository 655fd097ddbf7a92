using System.Collections.Concurrent;
using System.Globalization;
using Lepton.Discord.Models;

namespace Lepton.Bot.Discord;

/// <summary>
/// Channel and role names of the guilds the bot is in, learned from GUILD_CREATE, so background work
/// can say "#challenges" and the adapter finds the channel id.
/// </summary>
public sealed class DiscordGuildDirectory
{
    private readonly ConcurrentDictionary<ulong, DiscordGuild> _guilds = new();
    private readonly TaskCompletionSource _firstGuild = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyCollection<ulong> GuildIds => [.. _guilds.Keys];

    public void Add(DiscordGuild guild)
    {
        ArgumentNullException.ThrowIfNull(guild);
        if (guild.Unavailable == true && guild.Channels is null)
        {
            return;
        }

        _guilds[guild.Id] = guild;
        _firstGuild.TrySetResult();
    }

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

    /// <summary>A channel by name ("challenges", "#challenges") or id, preferring <paramref name="guildId"/>; text channels win over others.</summary>
    public DiscordChannel? FindChannel(string nameOrId, ulong? guildId)
    {
        var name = nameOrId.Trim().TrimStart('#');
        var byId = ulong.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (ulong?)null;
        foreach (var guild in Ordered(guildId))
        {
            var match = (guild.Channels ?? [])
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

    public string? ChannelName(ulong channelId) =>
        _guilds.Values.SelectMany(g => g.Channels ?? []).FirstOrDefault(c => c.Id == channelId)?.Name;

    public DiscordRole? FindRole(ulong guildId, string name) =>
        _guilds.TryGetValue(guildId, out var guild)
            ? guild.Roles?.FirstOrDefault(r => string.Equals(r.Name, name.Trim().TrimStart('@'), StringComparison.OrdinalIgnoreCase))
            : null;

    private IEnumerable<DiscordGuild> Ordered(ulong? preferred)
    {
        if (preferred is { } id && _guilds.TryGetValue(id, out var first))
        {
            yield return first;
        }

        foreach (var guild in _guilds.Values)
        {
            if (guild.Id != preferred)
            {
                yield return guild;
            }
        }
    }
}
