using System.Diagnostics;
using Lepton.Bot.Chat;
using Lepton.Bot.Features.Tutorials;
using Lepton.Bot.Hosting;
using Microsoft.Extensions.Configuration;

namespace Lepton.Bot.Features.Onboarding;

/// <summary>
/// `bench onboarding`: join handling (store, DM, welcome post), a step tick, and /onboarding stats over
/// many members. --Bench:Members N (default 2000).
/// </summary>
internal sealed class OnboardingBenchmark(OnboardingService onboarding, OnboardingStore store, TimeProvider clock, IConfiguration configuration) : IBenchmark
{
    public string Name => "onboarding";

    public string Description => "join welcome, step tick and stats latency with many members";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        if (onboarding.Content is null)
        {
            output.WriteLine("onboarding has no checklist (config/onboarding.yaml missing or broken); nothing to measure");
            return;
        }

        var members = configuration.GetValue("Bench:Members", 2000);
        var joins = new List<double>();
        var ticks = new List<double>();
        for (var m = 0; m < members; m++)
        {
            var member = new ChatUser((ulong)(5_000_000 + m), "newcomer" + m);
            var watch = Stopwatch.StartNew();
            await onboarding.WelcomeAsync(member, 1, cancellationToken).ConfigureAwait(false);
            joins.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            await onboarding.TickAsync(member, 1, OnboardingStepKind.Rules, null, pressedOnChecklist: false, cancellationToken).ConfigureAwait(false);
            ticks.Add(watch.Elapsed.TotalMilliseconds);
        }

        var stats = new List<double>();
        var now = clock.GetUtcNow();
        for (var i = 0; i < 50; i++)
        {
            var watch = Stopwatch.StartNew();
            await store.StatsAsync(now.AddDays(-30), now.AddDays(1), cancellationToken).ConfigureAwait(false);
            stats.Add(watch.Elapsed.TotalMilliseconds);
        }

        output.WriteLine($"{members} members joined and ticked a step");
        output.WriteLine($"join (record, DM, welcome post): {BenchFigures.Summary(joins)}");
        output.WriteLine($"step tick (with checklist edit): {BenchFigures.Summary(ticks)}");
        output.WriteLine($"/onboarding stats over {members} members: {BenchFigures.Summary(stats)}");
    }

}
