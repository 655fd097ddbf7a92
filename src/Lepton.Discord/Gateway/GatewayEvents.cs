using Lepton.Discord.Models;

namespace Lepton.Discord.Gateway;

/// <summary>
/// A dispatch the gateway delivered, typed. Each sequence number of a session is delivered once,
/// even across resumes; <see cref="ReceivedTimestamp"/> is the <see cref="TimeProvider.GetTimestamp"/>
/// at which the frame was read off the socket (for latency measurements).
/// </summary>
public abstract record GatewayEvent
{
    public int Sequence { get; init; }
    public long ReceivedTimestamp { get; init; }
}

/// <summary>READY: a new session began (after Identify).</summary>
public sealed record ReadyEvent(DiscordReady Ready) : GatewayEvent;

/// <summary>RESUMED: the missed dispatches were replayed; what follows is new.</summary>
public sealed record ResumedEvent : GatewayEvent;

public sealed record GuildCreateEvent(DiscordGuild Guild) : GatewayEvent;

public sealed record ChannelCreateEvent(DiscordChannel Channel) : GatewayEvent;

/// <summary>CHANNEL_UPDATE: the whole channel as it now is (a rename, a new type, a move).</summary>
public sealed record ChannelUpdateEvent(DiscordChannel Channel) : GatewayEvent;

public sealed record ChannelDeleteEvent(DiscordChannel Channel) : GatewayEvent;

public sealed record GuildRoleCreateEvent(DiscordGuildRoleChange Change) : GatewayEvent;

/// <summary>GUILD_ROLE_UPDATE: the whole role as it now is.</summary>
public sealed record GuildRoleUpdateEvent(DiscordGuildRoleChange Change) : GatewayEvent;

public sealed record GuildRoleDeleteEvent(DiscordGuildRoleDelete Deleted) : GatewayEvent;

public sealed record GuildMemberAddEvent(DiscordGuildMemberAdd Member) : GatewayEvent;

public sealed record MessageCreateEvent(DiscordMessage Message) : GatewayEvent;

public sealed record MessageReactionAddEvent(DiscordMessageReactionAdd Reaction) : GatewayEvent;

public sealed record InteractionCreateEvent(DiscordInteraction Interaction) : GatewayEvent;

/// <summary>Where the gateway connection is in its life.</summary>
public enum GatewayState
{
    Disconnected,
    Connecting,
    Identifying,
    Resuming,
    Ready,
    Reconnecting,
    Stopped,
}
