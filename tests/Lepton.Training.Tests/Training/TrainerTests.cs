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
        optimizer: {type: adam, lr: 0.005}
        batch_size: 32
        epochs: 3
        seed: 7
        """;

    private static readonly Lazy<Cifar10Dataset> Data = new(() => Cifar10Synthesizer.Generate(640, 200, seed: 11));

    internal static ModelSpec Spec(string text)
    {
        SpecReport report = SpecValidator.Check(text);
        Assert.True(report.IsValid, string.Join("\n", report.Problems));
        return report.Spec!;
    }

    [Fact]
    public void Small_cnn_learns_the_synthetic_set_well_above_chance()
    {
        TrainingResult result = Trainer.Train(Spec(SmallCnn), Data.Value, new TrainingOptions { Threads = 2 });

        Assert.Equal(TrainingStatus.Completed, result.Status);
        Assert.Equal(3, result.Epochs.Count);
        Assert.True(result.Epochs[^1].TrainLoss < result.Epochs[0].TrainLoss * 0.8, $"loss {result.Epochs[0].TrainLoss} → {result.Epochs[^1].TrainLoss}");
        Assert.True(result.TestAccuracy > 0.4, $"test accuracy {result.TestAccuracy}");
    }
}
