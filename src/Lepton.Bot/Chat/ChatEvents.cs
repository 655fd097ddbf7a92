namespace Lepton.Bot.Chat;

/// <summary>A message a member posted in a channel (needs the MESSAGE_CONTENT intent on Discord for its text).</summary>
/// <param name="Mentions">Members the message mentions, as the platform resolved them.</param>
public sealed record ChatMessage(ChatUser Author, ChatChannel Channel, ulong? GuildId, string MessageId, string Content, IReadOnlyList<ChatUser> Mentions);

/// <summary>A reaction a member added to a message.</summary>
/// <param name="MessageAuthor">Who wrote the message reacted to, when the platform says.</param>
/// <param name="Emoji">The emoji as text ("🙏") or custom emoji name ("thanks").</param>
public sealed record ChatReaction(ChatUser Reactor, ChatChannel Channel, ulong? GuildId, string MessageId, ChatUser? MessageAuthor, string Emoji);

/// <summary>
/// Things that happen in the community without a command: a member joins, writes, reacts. Adapters
/// call every registered handler (Discord from gateway events, the console from /simulate); a feature
/// overrides only what it cares about.
/// </summary>
public interface IChatEventHandler
{
    Task OnMemberJoinedAsync(ChatUser member, ulong? guildId, CancellationToken cancellationToken) => Task.CompletedTask;

    Task OnMessageAsync(ChatMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

    Task OnReactionAsync(ChatReaction reaction, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// A chat event handler that reads what members write. On Discord that text arrives only with the
/// privileged Message Content intent, so the adapter warns at start when a handler is on without it.
/// </summary>
public interface IReadsMessageText
{
    /// <summary>The setting that turned reading on ("Faq:AutoSuggest:Enabled"), or null when off.</summary>
    string? ReadsMessageTextBecause { get; }
}

/// <summary>Grants and removes community roles (interest roles, reputation rewards). Each adapter implements it.</summary>
public interface IMemberRoles
{
    /// <summary>Role ids by name as configured on the platform; unknown names are absent.</summary>
    Task<ulong?> FindRoleAsync(ulong guildId, string roleName, CancellationToken cancellationToken = default);

    Task GrantAsync(ulong guildId, ulong userId, ulong roleId, string reason, CancellationToken cancellationToken = default);

    Task RemoveAsync(ulong guildId, ulong userId, ulong roleId, string reason, CancellationToken cancellationToken = default);
}
