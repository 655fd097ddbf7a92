namespace Lepton.Discord.Fake;

/// <summary>What the fake Discord knows and how strict it is. Defaults follow Discord's documented values.</summary>
public sealed class FakeDiscordOptions
{
    public string Token { get; set; } = "fake-bot-token-" + Guid.NewGuid().ToString("N");
    public ulong ApplicationId { get; set; } = 900_000_000_000_000_001;
    public ulong BotUserId { get; set; } = 900_000_000_000_000_001;
    public string BotUserName { get; set; } = "lepton";

    /// <summary>Hello's heartbeat interval. Discord's is ~41 s; tests use a few hundred ms.</summary>
    public int HeartbeatIntervalMs { get; set; } = 41_250;

    /// <summary>Privileged intents switched on "in the Developer Portal" (else Identify closes 4014).</summary>
    public int AllowedPrivilegedIntents { get; set; } = (1 << 1) | (1 << 8) | (1 << 15);

    public List<FakeGuild> Guilds { get; set; } = [FakeGuild.Default()];

    /// <summary>Clock for interaction deadlines (3 s first response, 15 min token); a fake clock in tests.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    public TimeSpan InitialResponseDeadline { get; set; } = TimeSpan.FromSeconds(3);
    public TimeSpan InteractionTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Requests per second across bot routes before a global 429.</summary>
    public int GlobalLimitPerSecond { get; set; } = 50;

    /// <summary>Gateway events a client may send per window before close 4008.</summary>
    public int InboundLimit { get; set; } = 120;
    public TimeSpan InboundWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// On Resume, also replay this many events the client already acknowledged (its seq and before).
    /// Not what Discord promises; it checks that a client delivers each sequence number once regardless.
    /// </summary>
    public int ResumeReplayOverlap { get; set; }

    /// <summary><c>session_start_limit</c> of <c>GET /gateway/bot</c>: Identify calls left and when the window resets.</summary>
    public int SessionStartRemaining { get; set; } = 999;
    public int SessionStartResetAfterMs { get; set; } = 14_400_000;

    /// <summary>Users whose DMs are closed: creating a message in their DM channel answers 403 / 50007.</summary>
    public HashSet<ulong> ClosedDms { get; } = [];
}

public sealed record FakeChannel(ulong Id, string Name, int Type = 0);

public sealed record FakeRole(ulong Id, string Name);

public sealed record FakeGuild(ulong Id, string Name, IReadOnlyList<FakeChannel> Channels)
{
    public IReadOnlyList<FakeRole> Roles { get; init; } = [new(DefaultId, "@everyone"), new(600_000_000_000_000_001, "maintainers"), new(600_000_000_000_000_002, "CIFAR Explorer")];

    public const ulong DefaultId = 800_000_000_000_000_001;

    public static FakeGuild Default() => new(DefaultId, "Lepton AI", [
        new FakeChannel(810_000_000_000_000_001, "general"),
        new FakeChannel(810_000_000_000_000_002, "challenges"),
        new FakeChannel(810_000_000_000_000_003, "announcements"),
        new FakeChannel(810_000_000_000_000_004, "Voice", 2),
    ]);
}
