using Lepton.Bot.Chat;
using Lepton.Discord;
using Lepton.Discord.Gateway;
using Lepton.Discord.Rest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Discord;

/// <summary>Wires the Discord adapter into the host for the <c>run</c> verb.</summary>
public static class DiscordBotHosting
{
    /// <summary>The environment variable read for the bot token when <c>Discord:Token</c> (env <c>Discord__Token</c>) is not set.</summary>
    public const string TokenEnvironmentVariable = "DISCORD_TOKEN";

    /// <summary>
    /// Registers the Discord gateway and REST clients (configuration section <c>Discord</c>, validated at
    /// start), the adapter that maps interactions to the chat model, the <see cref="IChatChannels"/> and
    /// <see cref="IMemberRoles"/> ports, and the hosted service that runs it all.
    /// </summary>
    /// <param name="environment">Reads an environment variable; the process environment unless a test passes its own.</param>
    public static HostApplicationBuilder AddDiscordBot(this HostApplicationBuilder builder, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        environment ??= Environment.GetEnvironmentVariable;
        var services = builder.Services;
        var section = builder.Configuration.GetSection(DiscordClientOptions.SectionName);
        services.AddOptions<DiscordClientOptions>()
            .Bind(section)
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(o.Token) && environment(TokenEnvironmentVariable) is { Length: > 0 } token)
                {
                    o.Token = token;
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DiscordClientOptions>, DiscordClientOptionsValidator>();
        services.AddOptions<DiscordBotOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DiscordBotOptions>, DiscordBotOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new DiscordExitCode());

        services.AddSingleton(sp => new DiscordRestClient(
            sp.GetRequiredService<IOptions<DiscordClientOptions>>().Value,
            sp.GetRequiredService<ILogger<DiscordRestClient>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new DiscordGatewayClient(
            sp.GetRequiredService<IOptions<DiscordClientOptions>>().Value,
            sp.GetRequiredService<DiscordRestClient>(),
            sp.GetRequiredService<ILogger<DiscordGatewayClient>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DiscordGuildDirectory>();
        services.AddSingleton<DiscordAttachmentDownloader>();
        services.AddSingleton<DiscordInteractionMapper>();
        services.AddSingleton<DiscordInteractionHandler>();
        services.AddSingleton<DiscordChatChannels>();
        services.AddSingleton<IChatChannels>(sp => sp.GetRequiredService<DiscordChatChannels>());
        services.AddSingleton<DiscordMemberRoles>();
        services.AddSingleton<IMemberRoles>(sp => sp.GetRequiredService<DiscordMemberRoles>());
        services.AddSingleton<DiscordBotService>();
        services.AddHostedService(sp => sp.GetRequiredService<DiscordBotService>());
        return builder;
    }
}
