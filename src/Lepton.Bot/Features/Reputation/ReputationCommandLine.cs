using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Bot.Features.Reputation;

/// <summary>The `rep` verb's actions, run by Hosting/BotCommandLine in a host whose schema is current.</summary>
public static class ReputationCommandLine
{
    public static readonly IReadOnlyList<string> Actions = ["recompute"];

    public static async Task<int> RunAsync(IServiceProvider services, string? action, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (action != "recompute")
        {
            error.WriteLine(action is null
                ? "lepton-bot rep: name an action: recompute."
                : $"lepton-bot rep: unknown action '{action}'; actions: {string.Join(", ", Actions)}.");
            return 2;
        }

        var report = await services.GetRequiredService<ReputationStore>().RecomputeAsync(20, cancellationToken: cancellationToken).ConfigureAwait(false);
        output.WriteLine($"Recomputed {report.Totals:N0} totals from {report.Events:N0} ledger events.");
        if (report.RankCountDifferences > 0)
        {
            output.WriteLine($"Rank counts (members per total) differed in {report.RankCountDifferences:N0} periods and were rebuilt.");
        }

        if (report.DifferenceCount == 0)
        {
            output.WriteLine("Every stored total matched the ledger.");
            return 0;
        }

        output.WriteLine($"{report.DifferenceCount:N0} stored totals differed from the ledger and were corrected:");
        foreach (var d in report.Differences)
        {
            output.WriteLine($"  {d.Period,-9} member {d.MemberId}: stored {d.Stored?.ToString("N0") ?? "(none)"}, ledger {d.FromLedger?.ToString("N0") ?? "(none)"}");
        }

        if (report.DifferenceCount > report.Differences.Count)
        {
            output.WriteLine($"  ... and {report.DifferenceCount - report.Differences.Count:N0} more.");
        }

        return 0;
    }
}
