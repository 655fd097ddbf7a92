using System.Diagnostics;
using System.Globalization;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Hosting;
using Lepton.Training.Specs;
using Lepton.Training.Training;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Challenges;

/// <summary>
/// `bench challenge`: (1) the trainer alone on the challenge data, (2) the same spec through the bot's
/// queue and runner while members keep typing commands, reporting command latency p50/p99 during the
/// run and the runner's throughput relative to the trainer alone.
/// Parameters: --Bench:Preset (fast-baseline), --Bench:Epochs (1), --Bench:CommandsPerSecond (20),
/// plus the Challenges section (e.g. --Challenges:SyntheticTrainImages 10000).
/// </summary>
public sealed class ChallengeBenchmark(
    CommandRouter router,
    ChallengeStore store,
    ChallengeData data,
    IOptions<ChallengeOptions> options,
    IConfiguration configuration,
    TimeProvider clock) : IBenchmark
{
    public string Name => "challenge";

    public string Description => "command latency while a challenge job trains; runner vs bare trainer throughput";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var preset = configuration["Bench:Preset"] ?? "fast-baseline";
        var epochs = int.Parse(configuration["Bench:Epochs"] ?? "1", CultureInfo.InvariantCulture);
        var rate = int.Parse(configuration["Bench:CommandsPerSecond"] ?? "20", CultureInfo.InvariantCulture);
        var threads = options.Value.EffectiveThreads;
        var dataset = await data.GetAsync().ConfigureAwait(false);
        output.WriteLine($"data: {dataset.Description}; preset {preset}, {epochs} epoch(s), {threads} torch thread(s), {Environment.ProcessorCount} cores");

        var spec = SpecPresets.Load(preset) with { Epochs = epochs };
        var alone = await Trainer.TrainAsync(spec, dataset.Training, new TrainingOptions { Threads = threads, EvaluateEveryEpoch = false }, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"trainer alone: {alone.ImagesPerSecond:N0} images/s ({alone.TrainSeconds:0.0} s of training steps)");

        var maintainer = new ChatUser(1, "bench-maintainer", IsMaintainer: true);
        var member = new ChatUser(2, "bench-member");
        var channel = new ChatChannel(3, "general");
        await DispatchAsync(maintainer, channel, ["challenge", "create"], new() { ["name"] = "Bench run", ["max-epochs"] = "50" }, cancellationToken).ConfigureAwait(false);
        await DispatchAsync(member, channel, ["challenge", "submit"], new() { ["challenge"] = "bench-run", ["preset"] = preset, ["epochs"] = epochs.ToString(CultureInfo.InvariantCulture) }, cancellationToken).ConfigureAwait(false);

        // Members keep using the bot while the job trains: a mix of read-only commands the catalog has.
        var probes = new List<(string[] Path, Dictionary<string, object> Options)> { (["help"], new()), (["challenge", "queue"], new()), (["challenge", "leaderboard"], new()) };
        if (router.Catalog.Find("faq") is { } faq)
        {
            probes.Add(faq.IsGroup ? (["faq", "ask"], new() { ["question"] = "how do I join the challenge" }) : (["faq"], new() { ["question"] = "how do I join the challenge" }));
        }

        if (router.Catalog.Find("rep") is { } rep)
        {
            probes.Add(rep.IsGroup ? (["rep", "show"], new()) : (["rep"], new()));
        }

        var latencies = new List<double>();
        var started = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        Submission? job;
        var i = 0;
        while (true)
        {
            job = await store.FindSubmissionAsync(1, cancellationToken).ConfigureAwait(false);
            if (job is null || job.Status is SubmissionStatus.Succeeded or SubmissionStatus.Failed or SubmissionStatus.Cancelled)
            {
                break;
            }

            if (job.Status == SubmissionStatus.Running)
            {
                var probe = probes[i++ % probes.Count];
                var watch = Stopwatch.StartNew();
                await DispatchAsync(member, channel, probe.Path, probe.Options, cancellationToken).ConfigureAwait(false);
                latencies.Add(watch.Elapsed.TotalMilliseconds);
            }

            await Task.Delay(interval, clock, cancellationToken).ConfigureAwait(false);
        }

        latencies.Sort();
        var runner = job?.Status == SubmissionStatus.Succeeded ? TrainingResult.FromJson(await ResultJsonAsync(job.Id).ConfigureAwait(false) ?? "{}") : null;
        output.WriteLine($"runner job: {job?.Status.ToString().ToLowerInvariant() ?? "missing"} after {started.Elapsed.TotalSeconds:0.0} s");
        if (runner is not null)
        {
            output.WriteLine($"runner: {runner.ImagesPerSecond:N0} images/s = {runner.ImagesPerSecond / alone.ImagesPerSecond:P1} of the trainer alone (target ≥ 90%)");
        }

        output.WriteLine($"commands during training ({string.Join(", ", probes.Select(p => "/" + string.Join(' ', p.Path)))}): n={latencies.Count}, " +
            $"{BenchFigures.Summary(latencies)} (target p99 < 100 ms)");
        output.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024):N0} MB");
    }

    private Task<string?> ResultJsonAsync(long id) => store.ResultJsonAsync(id);

    private Task DispatchAsync(ChatUser caller, ChatChannel channel, string[] path, Dictionary<string, object> raw, CancellationToken cancellationToken) =>
        router.DispatchAsync(new CommandRequest(caller, channel, 1, path, raw), new DiscardingResponder(), null, cancellationToken);

    private sealed class DiscardingResponder : IResponder
    {
        public Task<SentMessage> ReplyAsync(Reply reply, CancellationToken cancellationToken = default) => Task.FromResult(new SentMessage("bench", "0"));

        public Task EditAsync(SentMessage message, Reply reply, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task UpdateSourceAsync(Reply reply, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task ShowModalAsync(ModalForm form, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
