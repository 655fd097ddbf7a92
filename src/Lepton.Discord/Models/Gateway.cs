using System.Text.Json;

namespace Lepton.Discord.Models;

/// <summary>Gateway opcodes (Discord API v10).</summary>
public enum GatewayOpcode
{
    Dispatch = 0,
    Heartbeat = 1,
    Identify = 2,
    PresenceUpdate = 3,
    VoiceStateUpdate = 4,
    Resume = 6,
    Reconnect = 7,
    RequestGuildMembers = 8,
    InvalidSession = 9,
    Hello = 10,
    HeartbeatAck = 11,
}

/// <summary>The envelope of every gateway message as received: <c>{op, d, s, t}</c>.</summary>
public sealed class GatewayPayload
{
    public GatewayOpcode Op { get; set; }
    public JsonElement? D { get; set; }
    public int? S { get; set; }
    public string? T { get; set; }
}

/// <summary>The envelope of a message the client sends: <c>{op, d}</c>.</summary>
public sealed class GatewayOutgoing<T>
{
    public GatewayOpcode Op { get; set; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)]
    public T? D { get; set; }
}

public sealed class GatewayHello
{
    public int HeartbeatInterval { get; set; }
}

public sealed class GatewayIdentify
{
    public string Token { get; set; } = "";
    public GatewayConnectionProperties Properties { get; set; } = new();
    public int Intents { get; set; }
    public int? LargeThreshold { get; set; }
    public int[]? Shard { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"Identify {{ Token = [redacted], Intents = {Intents} }}";
}

public sealed class GatewayConnectionProperties
{
    public string Os { get; set; } = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "linux";
    public string Browser { get; set; } = "Lepton.Discord";
    public string Device { get; set; } = "Lepton.Discord";
}

public sealed class GatewayResume
{
    public string Token { get; set; } = "";
    public string SessionId { get; set; } = "";
    public int? Seq { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"Resume {{ Token = [redacted], SessionId = {SessionId}, Seq = {Seq} }}";
}

/// <summary>READY: the session to resume later and who the bot is.</summary>
public sealed class DiscordReady
{
    public int V { get; set; }
    public DiscordUser User { get; set; } = new();
    public List<DiscordUnavailableGuild> Guilds { get; set; } = [];
    public string SessionId { get; set; } = "";
    public string ResumeGatewayUrl { get; set; } = "";
    public DiscordPartialApplication? Application { get; set; }
}

public sealed class DiscordUnavailableGuild
{
    public ulong Id { get; set; }
    public bool? Unavailable { get; set; }
}

public sealed class DiscordPartialApplication
{
    public ulong Id { get; set; }
    public int? Flags { get; set; }
}

/// <summary>Response of <c>GET /gateway/bot</c>.</summary>
public sealed class DiscordGatewayBot
{
    public string Url { get; set; } = "";
    public int Shards { get; set; }
    public DiscordSessionStartLimit? SessionStartLimit { get; set; }
}

public sealed class DiscordSessionStartLimit
{
    public int Total { get; set; }
    public int Remaining { get; set; }
    public int ResetAfter { get; set; }
    public int MaxConcurrency { get; set; }
}
