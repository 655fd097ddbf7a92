using Lepton.Bot.Chat;
using Lepton.Bot.Features.Challenges;
using Lepton.Bot.Storage;
using Lepton.Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Tests.Features.Challenges;

/// <summary>The whole challenge flow through the console bot, training for real on a small synthetic set.</summary>
public sealed class ChallengeFlowTests : IDisposable
{
    private static readonly Dictionary<string, string?> SmallData = new()
    {
        ["Challenges:SyntheticTrainImages"] = "256",
        ["Challenges:SyntheticTestImages"] = "128",
        ["Challenges:ProgressIntervalSeconds"] = "1",
        ["Challenges:Threads"] = "1",
    };

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private sealed class RecordingEvents : ICommunityEventHandler
    {
        public List<CommunityEvent> Seen { get; } = [];

        public Task HandleAsync(CommunityEvent communityEvent, CancellationToken cancellationToken)
        {
            lock (Seen)
            {
                Seen.Add(communityEvent);
            }

            return Task.CompletedTask;
        }
    }

    private Task<string> RunAsync(string script, RecordingEvents? events = null) =>
        ConsoleHarness.RunAsync(_folder.Path, script, services =>
        {
            if (events is not null)
            {
                services.AddSingleton<ICommunityEventHandler>(events);
            }
        }, SmallData);

    [Fact]
    public async Task Create_submit_train_rank_and_close_from_the_console()
    {
        var events = new RecordingEvents();
        var output = await RunAsync("""
            /challenge submit
            /as user:grace maintainer:true
            /challenge create name:Test Week max-epochs:5
            /as user:ada
            /challenge submit epochs:2 lr:0.004
            /challenge submit epochs:2
            /as user:bo
            /challenge submit preset:fast-baseline epochs:1 width:0.5
            /challenge queue
            /challenge leaderboard final:true
            """, events);

        Assert.Contains("No challenge is open right now", output, StringComparison.Ordinal);
        Assert.Contains("[#challenges] bot:\n  ┌ New challenge: Test Week", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Queued as #1 in test-week: preset fast-baseline (lr=0.004, epochs=2)", output, StringComparison.Ordinal);
        Assert.Contains("Not queued: you already have a submission waiting or running in test-week", output, StringComparison.Ordinal);
        Assert.Contains("Queued as #2 in test-week: preset fast-baseline (epochs=1, width×0.5)", output, StringComparison.Ordinal);
        Assert.Contains("The final ranking of test-week is revealed when it closes", output, StringComparison.Ordinal);
        // Both runs finished while the console waited, each with one result card and its curves saved.
        Assert.Contains("┌ #1 ada · preset fast-baseline (lr=0.004, epochs=2): ", output, StringComparison.Ordinal);
        Assert.Contains("┌ #2 bo · preset fast-baseline (epochs=1, width×0.5): ", output, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(output, "file: "));
        Assert.Contains("Data: synthetic CIFAR-format data (256 training images", output, StringComparison.Ordinal);

        var closing = await RunAsync("""
            /challenge leaderboard
            /as user:grace maintainer:true
            /challenge close challenge:test-week
            /challenge close challenge:test-week
            /challenge leaderboard challenge:test-week final:true
            /challenge mine challenge:test-week
            /challenge show challenge:test-week
            """, events);

        Assert.Contains("Test Week: public leaderboard", closing, StringComparison.Ordinal);
        Assert.Contains("Test Week is closed. Congratulations to 🥇", closing, StringComparison.Ordinal);
        Assert.Contains("bot (only you): test-week is closed.", closing, StringComparison.Ordinal);
        Assert.Contains("Test Week: final leaderboard", closing, StringComparison.Ordinal);
        var shown = closing[closing.IndexOf("> /challenge show", StringComparison.Ordinal)..];
        Assert.Contains("Results: /challenge leaderboard challenge:test-week final:true", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Take part", shown, StringComparison.Ordinal);
        var placed = events.Seen.OfType<ChallengePlaced>().ToList();
        Assert.Equal(2, placed.Count);
        Assert.Equal(["ada", "bo"], placed.Select(p => p.Member.DisplayName).Order());
        Assert.Equal([1, 2], placed.Select(p => p.Place).Order());
    }

    [Fact]
    public async Task Hostile_specs_and_oversized_files_are_refused_before_queueing()
    {
        var hostile = _folder.Write("hostile.yaml", "layers:\n  - conv: {out: 1000000000, kernel: 3}\n  - flatten\n  - linear: {out: 10}\nepochs: 1000000000\n");
        var big = _folder.Write("big.yaml", new string('#', 70_000));

        var output = await RunAsync($"""
            /as user:grace maintainer:true
            /challenge create name:Hostile days:1
            /as user:mallory
            /challenge submit spec:{hostile}
            /challenge submit spec:{big}
            /challenge submit spec:{hostile} preset:seed-cnn
            /challenge queue
            """);

        Assert.Contains("Your spec was not queued;", output, StringComparison.Ordinal);
        Assert.Contains("conv.out", output, StringComparison.Ordinal);
        Assert.Contains("big.yaml is 70,000 bytes; a spec may be at most 65,536.", output, StringComparison.Ordinal);
        Assert.Contains("Give either spec: (your file) or preset:, not both.", output, StringComparison.Ordinal);
        Assert.Contains("The queue is empty", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_interrupted_by_a_crash_is_queued_again_at_start_and_finishes_once()
    {
        // First life of the bot: the challenge opens and a job is taken off the queue, then the process "dies".
        await RunAsync("/as user:grace maintainer:true\n/challenge create name:Crash Week\n");
        var options = Options.Create(new StorageOptions { DataDirectory = _folder.Path });
        var store = new ChallengeStore(new BotDatabase(options));
        var challenge = (await store.FindChallengeAsync("crash-week"))!;
        var (queued, _) = await store.AddSubmissionAsync(challenge, 42, "ada", "preset fast-baseline", Lepton.Training.Specs.SpecPresets.Text("fast-baseline")!.Replace("epochs: 5", "epochs: 1", StringComparison.Ordinal), DateTimeOffset.UtcNow);
        var running = await store.ClaimNextAsync(DateTimeOffset.UtcNow);
        Assert.Equal((queued!.Id, SubmissionStatus.Running), (running!.Id, running.Status));

        // Second life: start-up finds it "running", re-queues it, and the console waits for the result.
        var output = await RunAsync("/challenge queue\n");

        var finished = (await store.FindSubmissionAsync(queued.Id))!;
        Assert.Equal(SubmissionStatus.Succeeded, finished.Status);
        Assert.Equal(2, finished.Attempts);
        Assert.NotNull(finished.PublicAccuracy);
        Assert.NotNull(finished.PrivateAccuracy);
        Assert.Contains("training started in crash-week (attempt 2)", output, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(output, $"┌ #{queued.Id} ada · preset fast-baseline: "));
    }

    [Fact]
    public async Task A_submitted_spec_file_learns_the_synthetic_classes_well_above_chance()
    {
        var spec = _folder.Write("small-cnn.yaml", """
            name: small-cnn
            layers:
              - conv: {out: 16, kernel: 3, padding: 1}
              - batchnorm
              - relu
              - maxpool: {kernel: 2}
              - conv: {out: 32, kernel: 3, padding: 1}
              - batchnorm
              - relu
              - maxpool: {kernel: 2}
              - conv: {out: 32, kernel: 3, padding: 1}
              - relu
              - adaptive_maxpool
              - flatten
              - linear: {out: 10}
            optimizer: {type: adam, lr: 0.002}
            batch_size: 8
            epochs: 3
            seed: 7
            """);

        var output = await ConsoleHarness.RunAsync(_folder.Path, $"""
            /as user:grace maintainer:true
            /challenge create name:Learning
            /challenge submit spec:{spec}
            """, configure: null, settings: new Dictionary<string, string?>(SmallData) { ["Challenges:SyntheticTrainImages"] = "800", ["Challenges:SyntheticTestImages"] = "300" });

        var options = Options.Create(new StorageOptions { DataDirectory = _folder.Path });
        var result = (await new ChallengeStore(new BotDatabase(options)).FindSubmissionAsync(1))!;
        Assert.True(result.Status == SubmissionStatus.Succeeded, output);
        Assert.Equal("file small-cnn.yaml", result.Source);
        Assert.True(result.PublicAccuracy > 0.3, $"public accuracy {result.PublicAccuracy} should be far above 0.1 (chance)");
        Assert.True(result.PrivateAccuracy > 0.3, $"private accuracy {result.PrivateAccuracy} should be far above 0.1 (chance)");
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public async Task A_challenge_with_a_later_start_is_announced_and_refuses_submissions_until_then()
    {
        var start = DateTimeOffset.UtcNow.Date.AddDays(2).AddHours(9);
        var output = await RunAsync($"""
            /as user:grace maintainer:true
            /challenge create name:Later Week start:{start:yyyy-MM-dd} 09:00 days:3
            /challenge create name:Typo Week start:next monday
            /as user:ada
            /challenge submit challenge:later-week preset:fast-baseline
            """);

        Assert.Contains($"Submissions open: {start:yyyy-MM-dd} 09:00 UTC", output, StringComparison.Ordinal);
        Assert.Contains($"Deadline: {start.AddDays(3):yyyy-MM-dd} 09:00 UTC", output, StringComparison.Ordinal);
        Assert.Contains("start: must be a UTC date and time from now on", output, StringComparison.Ordinal);
        Assert.Contains("(got 'next monday')", output, StringComparison.Ordinal);
        Assert.Contains($"later-week takes submissions from {start:yyyy-MM-dd} 09:00 UTC.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Queued", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "2026-12-04 12:00")]
    [InlineData("2026-12-07 09:00", "2026-12-07 09:00")]
    [InlineData("2026-12-07", "2026-12-07 00:00")]
    [InlineData("2026-12-04 11:58", "2026-12-04 12:00")] // a moment ago: now
    [InlineData("2026-12-01 09:00", null)] // days ago
    [InlineData("07/12/2026", null)]
    public void Start_times_are_read_as_UTC(string? text, string? expected)
    {
        var now = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(expected, ChallengesFeature.ParseStart(text, now)?.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }
}
