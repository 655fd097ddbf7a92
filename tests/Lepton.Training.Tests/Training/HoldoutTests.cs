using Lepton.Training.Cifar10;
using Lepton.Training.Specs;
using Lepton.Training.Training;

namespace Lepton.Training.Tests.Training;

public sealed class HoldoutTests
{
    private const string Linear = "name: linear\nlayers: [flatten, linear: {out: 10}]\noptimizer: {type: adam, lr: 0.001}\nbatch_size: 16\nepochs: 1\n";

    [Fact]
    public void The_holdout_set_is_scored_once_on_the_final_weights()
    {
        var data = Cifar10Synthesizer.Generate(96, 80, seed: 5);
        var spec = SpecValidator.Check(Linear).Spec!;
        var holdout = data.Test.Subset(Enumerable.Range(40, 40).ToArray());
        var visible = data with { Test = data.Test.Subset(Enumerable.Range(0, 40).ToArray()) };

        var without = Trainer.Train(spec, visible, new TrainingOptions { Threads = 1 });
        var with = Trainer.Train(spec, visible, new TrainingOptions { Threads = 1, Holdout = holdout });
        var onlyHoldout = Trainer.Train(spec, visible with { Test = holdout }, new TrainingOptions { Threads = 1 });

        Assert.Null(without.HoldoutAccuracy);
        // Training is deterministic, so the held-out score equals testing on that set directly,
        // and adding a holdout changes nothing about the visible result.
        Assert.Equal(onlyHoldout.TestAccuracy, with.HoldoutAccuracy);
        Assert.Equal(without.TestAccuracy, with.TestAccuracy);
    }
}
