namespace Lepton.Bot.Chat;

/// <summary>A member as features see them, whatever platform they came from.</summary>
/// <param name="Id">Stable 64-bit id (a Discord snowflake, or a console identity derived from the name).</param>
/// <param name="IsMaintainer">Decided by the adapter from roles and permissions on every invocation.</param>
public sealed record ChatUser(ulong Id, string DisplayName, bool IsMaintainer = false, bool IsBot = false)
{
    public IReadOnlyList<ulong> RoleIds { get; init; } = [];

    /// <summary>Discord locale code (e.g. "en-US", "zh-CN"); empty when the platform has none.</summary>
    public string Locale { get; init; } = "";

    /// <summary>When the member joined the community, when the platform knows it.</summary>
    public DateTimeOffset? JoinedAt { get; init; }

    public string Mention => $"@{DisplayName}";
}

/// <summary>Where an invocation happened or where a message goes.</summary>
/// <param name="Name">Human name ("general", "challenges"); console prints it, features route by it.</param>
public sealed record ChatChannel(ulong Id, string Name, bool IsDirect = false);

/// <summary>An attachment a member passed as an option; read lazily and with a size known up front.</summary>
public sealed record ChatAttachment(string FileName, long Size, string? ContentType, Func<CancellationToken, Task<Stream>> OpenAsync);
