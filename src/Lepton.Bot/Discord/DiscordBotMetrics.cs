using System.Diagnostics.Metrics;

namespace Lepton.Bot.Discord;

/// <summary>
/// Metrics of the Discord adapter (meter <c>Lepton.Bot.Discord</c>), for any System.Diagnostics.Metrics
/// listener (dotnet-counters, OpenTelemetry, the benchmark).
/// </summary>
public static class DiscordBotMetrics
{
    public const string MeterName = "Lepton.Bot.Discord";

    public const string FirstResponseName = "lepton.discord.interaction.first_response";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Milliseconds from INTERACTION_CREATE read off the socket to its first callback handed to the REST client.</summary>
    public static readonly Histogram<double> FirstResponse = Meter.CreateHistogram<double>(
        FirstResponseName, "ms", "INTERACTION_CREATE read off the socket to the first callback request");

    /// <summary>Interactions deferred because their handler had not answered in time.</summary>
    public static readonly Counter<long> Deferred = Meter.CreateCounter<long>(
        "lepton.discord.interaction.deferred", "{interaction}", "Interactions deferred because the handler was slow");
}
