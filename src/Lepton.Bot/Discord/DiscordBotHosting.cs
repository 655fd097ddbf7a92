using Microsoft.Extensions.Hosting;

namespace Lepton.Bot.Discord;

/// <summary>Wires the Discord adapter into the host for the <c>run</c> verb.</summary>
public static class DiscordBotHosting
{
    /// <summary>Registers the Discord gateway/REST client and the adapter that maps interactions to the chat model.</summary>
    public static HostApplicationBuilder AddDiscordBot(this HostApplicationBuilder builder)
    {
        // Replaced by the Discord adapter (issue 3); until then `run` refuses clearly instead of pretending.
        throw new InvalidOperationException("The Discord adapter is not built yet; use the 'console' verb.");
    }
}
