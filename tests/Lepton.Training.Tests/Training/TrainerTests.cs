using Lepton.Training.Cifar10;
using Lepton.Training.Specs;
using Lepton.Training.Training;

namespace Lepton.Training.Tests.Training;

public class TrainerTests
{
    internal const string SmallCnn =
        """
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
        """;

    // 800 training images: few enough to train in seconds, enough for a small CNN to find the shapes.
    private static readonly Lazy<Cifar10Dataset> Data = new(() => Cifar10Synthesizer.Generate(800, 300, seed: 11));

    private static readonly Lazy<Cifar10Dataset> Tiny = new(() => Cifar10Synthesizer.Generate(96, 40, seed: 5));

    internal static ModelSpec Spec(string text)
    {
        SpecReport report = SpecValidator.Check(text);
        Assert.True(report.IsValid, string.Join("\n", report.Problems));
        return report.Spec!;
    }

    [Fact]
    public void Small_cnn_learns_the_synthetic_set_well_above_chance_and_reports_everything()
    {
        TrainingResult result = Trainer.Train(Spec(SmallCnn), Data.Value, new TrainingOptions { Threads = 2 });

        // The reason in the message: a rare failure seen under heavy machine load needs it to be diagnosed.
        Assert.True(result.Status == TrainingStatus.Completed, $"{result.Status}: {result.FailureReason}");
        Assert.Null(result.FailureReason);
        Assert.Equal(3, result.Epochs.Count);
        Assert.All(result.Epochs, epoch => Assert.True(epoch.Complete));
        Assert.Equal(3, result.EpochsCompleted);
        Assert.Equal(300, result.Steps);
        Assert.True(result.Epochs[^1].TrainLoss < result.Epochs[0].TrainLoss * 0.8, $"loss {result.Epochs[0].TrainLoss} → {result.Epochs[^1].TrainLoss}");
        Assert.True(result.TestAccuracy > 0.35, $"test accuracy {result.TestAccuracy} (chance is 0.1)");
        Assert.Equal(result.Epochs[^1].TestAccuracy, result.TestAccuracy);

        // Confusion matrix: rows are true classes and add up to the test set; its diagonal gives the accuracy.
        Assert.Equal(10, result.ConfusionMatrix.Count);
        Assert.Equal(300, result.ConfusionMatrix.Sum(row => row.Sum()));
        Assert.Equal(result.TestAccuracy!.Value, Enumerable.Range(0, 10).Sum(i => result.ConfusionMatrix[i][i]) / 300.0, 9);
        Assert.Equal(10, result.PerClassAccuracy.Count);
        Assert.Equal((double)result.ConfusionMatrix[3][3] / result.ConfusionMatrix[3].Sum(), result.PerClassAccuracy[3], 9);
        Assert.Equal(Cifar10Synthesizer.ClassNames, result.ClassNames);
        Assert.Equal(14_762, result.Parameters);
        Assert.True(result.ImagesPerSecond > 0);
        Assert.True(result.TrainSeconds > 0 && result.TrainSeconds <= result.WallSeconds);
    }

    [Fact]
    public void A_model_without_convolutions_does_badly_on_the_synthetic_set()
    {
        const string linear = "name: linear\nlayers: [flatten, linear: {out: 10}]\noptimizer: {type: adam, lr: 0.001}\nbatch_size: 8\nepochs: 3\n";
        TrainingResult result = Trainer.Train(Spec(linear), Data.Value, new TrainingOptions { Threads = 2 });
        Assert.Equal(TrainingStatus.Completed, result.Status);
        Assert.True(result.TestAccuracy < 0.25, $"a linear model reached {result.TestAccuracy}: the synthetic set is too easy");
    }

    [Fact]
    public void Same_seed_and_threads_give_identical_runs_and_another_seed_does_not()
    {
        string text = SmallCnn.Replace("epochs: 3", "epochs: 2", StringComparison.Ordinal) + "\naugment: {crop_padding: 2, flip: true}\n";
        ModelSpec spec = Spec(text.Replace("batchnorm", "dropout: {p: 0.1}", StringComparison.Ordinal));
        var options = new TrainingOptions { Threads = 2 };

        TrainingResult first = Trainer.Train(spec, Tiny.Value, options);
        TrainingResult second = Trainer.Train(spec, Tiny.Value, options);
        TrainingResult other = Trainer.Train(spec with { Seed = 8 }, Tiny.Value, options);

        Assert.Equal(first.Epochs.Select(e => e.TrainLoss), second.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(first.ConfusionMatrix, second.ConfusionMatrix);
        Assert.Equal(first.TestLoss, second.TestLoss);
        Assert.NotEqual(first.Epochs.Select(e => e.TrainLoss), other.Epochs.Select(e => e.TrainLoss));
    }

    [Fact]
    public void Exploding_loss_ends_the_run_as_failed_with_the_reason()
    {
        const string text = "name: boom\nnormalize: unit\nlayers: [flatten, linear: {out: 64}, linear: {out: 10}]\noptimizer: {type: sgd, lr: 10, momentum: 0.99}\nbatch_size: 8\nepochs: 3\n";
        TrainingResult result = Trainer.Train(Spec(text), Tiny.Value, new TrainingOptions { Threads = 1 });

        Assert.Equal(TrainingStatus.Failed, result.Status);
        Assert.Matches(@"^the training loss became (NaN|infinite) at epoch \d+, step \d+ \(learning rate 10\); try a lower learning rate$", result.FailureReason);
        Assert.Null(result.TestAccuracy);
        Assert.Empty(result.ConfusionMatrix);
    }

    [Fact]
    public void Time_budget_stops_between_batches_and_reports_how_far_it_got()
    {
        // Every clock reading advances one second, so the 20-second budget runs out partway through epoch 1 of 3.
        var clock = new TickingTimeProvider(TimeSpan.FromSeconds(1));
        var options = new TrainingOptions { Threads = 1, TimeBudget = TimeSpan.FromSeconds(20), TimeProvider = clock };
        TrainingResult result = Trainer.Train(Spec(SmallCnn), Tiny.Value, options);

        Assert.Equal(TrainingStatus.TimeLimit, result.Status);
        Assert.InRange(result.Steps, 1, 11);
        Assert.InRange(result.EpochsCompleted, 0.01, 0.99);
        EpochResult partial = Assert.Single(result.Epochs);
        Assert.False(partial.Complete);
        Assert.NotNull(result.TestAccuracy);
        Assert.Equal(40, result.ConfusionMatrix.Sum(row => row.Sum()));
    }

    [Fact]
    public void Cancellation_is_honoured_between_batches_and_reports_what_was_done()
    {
        using var cancellation = new CancellationTokenSource();
        var reports = new List<TrainingProgress>();
        var options = new TrainingOptions
        {
            Threads = 1,
            ProgressInterval = TimeSpan.Zero,
            Progress = progress =>
            {
                reports.Add(progress);
                if (reports.Count == 5)
                {
                    cancellation.Cancel();
                }
            },
        };

        TrainingResult result = Trainer.Train(Spec(SmallCnn), Tiny.Value, options, cancellation.Token);

        Assert.Equal(TrainingStatus.Cancelled, result.Status);
        Assert.Equal(5, result.Steps);
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, reports.Select(report => report.Step));
        Assert.All(reports, report => Assert.Equal(12, report.StepsPerEpoch));
        Assert.Null(result.TestAccuracy);
    }

    [Fact]
    public void Progress_is_reported_at_most_once_per_interval()
    {
        var clock = new TickingTimeProvider(TimeSpan.FromSeconds(1));
        var reports = new List<TrainingProgress>();
        var options = new TrainingOptions
        {
            Threads = 1,
            Epochs = 1,
            TimeProvider = clock,
            ProgressInterval = TimeSpan.FromSeconds(10),
            Progress = reports.Add,
        };

        Trainer.Train(Spec(SmallCnn), Tiny.Value, options);

        Assert.NotEmpty(reports);
        for (int i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].Elapsed - reports[i - 1].Elapsed >= TimeSpan.FromSeconds(10));
        }

        Assert.True(reports.Count < 12, $"{reports.Count} reports for 12 steps");
    }

    [Fact]
    public void Epoch_override_replaces_the_spec_epochs()
    {
        TrainingResult result = Trainer.Train(Spec(SmallCnn), Tiny.Value, new TrainingOptions { Threads = 1, Epochs = 1, EvaluateEveryEpoch = false });
        Assert.Equal(1, result.EpochsPlanned);
        Assert.Single(result.Epochs);
        Assert.NotNull(result.TestAccuracy);
    }

    [Fact]
    public void Result_round_trips_through_json_and_renders_a_png()
    {
        TrainingResult result = Trainer.Train(Spec(SmallCnn), Tiny.Value, new TrainingOptions { Threads = 1, Epochs = 2 });
        string json = result.ToJson();
        Assert.Contains("\"status\": \"Completed\"", json);
        Assert.Contains("\"confusion_matrix\"", json);

        TrainingResult back = TrainingResult.FromJson(json);
        Assert.Equal(result.TestAccuracy, back.TestAccuracy);
        Assert.Equal(result.Epochs, back.Epochs);
        Assert.Equal(result.ConfusionMatrix, back.ConfusionMatrix);

        using var temp = new TempFolder();
        TrainingFiles files = TrainingOutput.Save(result, temp.Path);
        byte[] png = File.ReadAllBytes(files.CurvesPng);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.True(png.Length > 5_000);
        Assert.Equal(json, File.ReadAllText(files.ResultJson));
    }

    /// <summary>A clock that moves forward by a fixed step every time it is read.</summary>
    internal sealed class TickingTimeProvider(TimeSpan step) : TimeProvider
    {
        private long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref ticks, step.Ticks);

        public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero).AddTicks(Interlocked.Read(ref ticks));
    }
}
