using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;

namespace Lepton.Bot.ConsoleChat;

/// <summary>
/// Turns console text into the typed values Discord would send: any name is a member or channel,
/// and an attachment is a file on this machine (the console runs on the operator's own machine).
/// </summary>
public sealed class ConsoleOptionResolver : IOptionResolver
{
    public ChatUser? ResolveUser(string text) =>
        string.IsNullOrWhiteSpace(text.TrimStart('@')) ? null : ConsoleIdentity.UserFor(text);

    public ChatChannel? ResolveChannel(string text) =>
        string.IsNullOrWhiteSpace(text.TrimStart('#')) ? null : ConsoleIdentity.ChannelFor(text);

    public ulong? ResolveRole(string text) =>
        ulong.TryParse(text, out var id) ? id
        : string.IsNullOrWhiteSpace(text) ? null
        : ConsoleIdentity.StableId("role:" + text.Trim().TrimStart('@').ToLowerInvariant());

    public ChatAttachment? ResolveAttachment(string text, out string? problem)
    {
        var path = Path.GetFullPath(text.Trim());
        if (!File.Exists(path))
        {
            problem = $"no file at '{path}'";
            return null;
        }

        problem = null;
        var info = new FileInfo(path);
        return new ChatAttachment(info.Name, info.Length, null, _ => Task.FromResult<Stream>(File.OpenRead(path)));
    }
}
