using Microsoft.Extensions.Options;

namespace Lepton.Bot.Discord;

/// <summary>
/// The adapter's part of configuration section <c>Discord</c> (the client's part, Token, ApiBaseUrl,
/// GatewayUrl and Intents, binds to <see cref="Lepton.Discord.DiscordClientOptions"/> from the same section).
/// </summary>
public sealed class DiscordBotOptions
{
    public const string Section = "Discord";

    /// <summary>
    /// The community's guild. When set, commands are registered there (instantly) and the global list is
    /// emptied, and only there do Administrator / Manage Server make a maintainer. Otherwise commands are
    /// registered globally and only <see cref="MaintainerRoleIds"/> make maintainers.
    /// </summary>
    public ulong? GuildId { get; set; }

    /// <summary>Members holding any of these roles are maintainers, in any guild (role ids are globally unique).</summary>
    public List<ulong> MaintainerRoleIds { get; set; } = [];

    /// <summary>When a handler has not answered by then, the interaction is deferred (Discord allows 3 s for the first answer).</summary>
    public TimeSpan DeferAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Register the declared commands with Discord when the gateway is ready.</summary>
    public bool RegisterCommands { get; set; } = true;

    /// <summary>Maintainer commands get default_member_permissions = Manage Server, hiding them from other members in Discord's picker.</summary>
    public bool HideMaintainerCommands { get; set; } = true;
}

public sealed class DiscordBotOptionsValidator : IValidateOptions<DiscordBotOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordBotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.DeferAfter <= TimeSpan.Zero || options.DeferAfter >= TimeSpan.FromSeconds(3))
        {
            errors.Add("Discord:DeferAfter must be above 0 and below 3 seconds (Discord's first-response deadline).");
        }

        if (options.GuildId == 0)
        {
            errors.Add("Discord:GuildId must be a guild's snowflake id or left out.");
        }

        if (options.MaintainerRoleIds.Contains(0UL))
        {
            errors.Add("Discord:MaintainerRoleIds must hold role snowflake ids.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
