using System.Collections.Concurrent;
using System.Globalization;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Lepton.Bot.Discord;

/// <summary>
/// Posts and edits in named channels ("challenges" → the channel of that name in the configured guild,
/// as <see cref="DiscordGuildDirectory"/> knows it now) and sends direct messages, for work that outlives an interaction.
/// </summary>
public sealed partial class DiscordChatChannels(
    DiscordRestClient rest,
    DiscordGuildDirectory directory,
    ILogger<DiscordChatChannels> logger) : IChatChannels
{
    private static readonly TimeSpan DirectoryWait = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<ulong, ulong> _dmChannels = new();

    public async Task<SentMessage> PostAsync(string channel, Reply reply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(reply);
        await directory.WaitForGuildsAsync(DirectoryWait, cancellationToken).ConfigureAwait(false);
        var target = directory.FindChannel(channel)
            ?? throw new InvalidOperationException($"No Discord channel named #{channel.TrimStart('#')} in the bot's guilds; create it or fix the configured name.");
        return await SendAsync(target.Id, reply, cancellationToken).ConfigureAwait(false);
    }

    public async Task EditAsync(SentMessage message, Reply reply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(reply);
        var rendered = DiscordMessageRenderer.RenderOne(reply);
        await rest.EditMessageAsync(ulong.Parse(message.ChannelKey, CultureInfo.InvariantCulture), ulong.Parse(message.MessageId, CultureInfo.InvariantCulture),
            rendered.Payload, rendered.Files, cancellationToken).ConfigureAwait(false);
    }

    public async Task<SentMessage?> SendDirectAsync(ChatUser user, Reply reply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        try
        {
            if (!_dmChannels.TryGetValue(user.Id, out var channelId))
            {
                channelId = (await rest.CreateDmAsync(user.Id, cancellationToken).ConfigureAwait(false)).Id;
                _dmChannels[user.Id] = channelId;
            }

            return await SendAsync(channelId, reply, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordRestException ex) when (ex.Code == DiscordErrorCodes.CannotSendMessagesToUser || ex.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            LogDmClosed(user.Id);
            return null;
        }
    }

    private async Task<SentMessage> SendAsync(ulong channelId, Reply reply, CancellationToken cancellationToken)
    {
        ulong? first = null;
        foreach (var message in DiscordMessageRenderer.Render(reply, split: true, ephemeral: false))
        {
            var sent = await rest.CreateMessageAsync(channelId, message.Payload, message.Files, cancellationToken).ConfigureAwait(false);
            first ??= sent.Id;
        }

        return new SentMessage(channelId.ToString(CultureInfo.InvariantCulture), first!.Value.ToString(CultureInfo.InvariantCulture));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {UserId} does not accept direct messages")]
    private partial void LogDmClosed(ulong userId);
}

/// <summary>Community roles on Discord: names from <see cref="DiscordGuildDirectory"/>, grants and removals through REST with an audit-log reason.</summary>
public sealed class DiscordMemberRoles(DiscordRestClient rest, DiscordGuildDirectory directory) : IMemberRoles
{
    public async Task<ulong?> FindRoleAsync(ulong guildId, string roleName, CancellationToken cancellationToken = default)
    {
        await directory.WaitForGuildsAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        return directory.FindRole(guildId, roleName)?.Id;
    }

    public Task GrantAsync(ulong guildId, ulong userId, ulong roleId, string reason, CancellationToken cancellationToken = default) =>
        rest.AddMemberRoleAsync(guildId, userId, roleId, reason, cancellationToken);

    public Task RemoveAsync(ulong guildId, ulong userId, ulong roleId, string reason, CancellationToken cancellationToken = default) =>
        rest.RemoveMemberRoleAsync(guildId, userId, roleId, reason, cancellationToken);
}
