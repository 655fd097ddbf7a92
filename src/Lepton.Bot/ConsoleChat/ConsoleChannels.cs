using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;

namespace Lepton.Bot.ConsoleChat;

/// <summary>Channel posts and direct messages from background work, printed with where they went.</summary>
public sealed class ConsoleChannels(ConsoleOutput output) : IChatChannels
{
    public Task<SentMessage> PostAsync(string channel, Reply reply, CancellationToken cancellationToken = default)
    {
        var target = ConsoleIdentity.ChannelFor(channel);
        return Task.FromResult(output.Show($"[#{target.Name}] bot", reply with { Ephemeral = false }, target, "#" + target.Name));
    }

    public Task EditAsync(SentMessage message, Reply reply, CancellationToken cancellationToken = default)
    {
        var name = message.ChannelKey.TrimStart('#');
        var heading = message.ChannelKey.StartsWith("dm:", StringComparison.Ordinal) ? $"[DM to {message.ChannelKey[3..]}] bot" : $"[#{name}] bot";
        output.Replace(message, heading, reply with { Ephemeral = false }, ConsoleIdentity.ChannelFor(name));
        return Task.CompletedTask;
    }

    public Task<SentMessage?> SendDirectAsync(ChatUser user, Reply reply, CancellationToken cancellationToken = default)
    {
        var channel = new ChatChannel(user.Id, "dm-" + user.DisplayName, IsDirect: true);
        var sent = output.Show($"[DM to @{user.DisplayName}] bot", reply with { Ephemeral = false }, channel, "dm:@" + user.DisplayName);
        return Task.FromResult<SentMessage?>(sent);
    }
}
