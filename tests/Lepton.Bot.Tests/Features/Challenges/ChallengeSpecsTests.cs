using Lepton.Bot.Features.Challenges;
using Lepton.Training.Specs;

namespace Lepton.Bot.Tests.Features.Challenges;

public sealed class ChallengeSpecsTests
{
    private static readonly string Baseline = SpecPresets.Text("fast-baseline")!;

    [Fact]
    public void Overrides_change_learning_rate_epochs_seed_and_width_but_not_the_class_layer()
    {
        var (text, report) = ChallengeSpecs.Prepare(Baseline, new SpecOverrides(0.01, 3, 2.0, 42), SpecLimits.Default);

        Assert.NotNull(text);
        var spec = report.Spec!;
        Assert.Equal(0.01, spec.Optimizer.LearningRate);
        Assert.Equal(3, spec.Epochs);
        Assert.Equal(42, spec.Seed);
        var original = SpecValidator.Check(Baseline);
        // Convolution widths doubled: 16/32/64 → 32/64/128; the final linear layer still gives 10 scores.
        Assert.True(report.Parameters > 3 * original.Parameters, $"{report.Parameters} vs {original.Parameters}");
        Assert.Equal("10", report.Layers[^1].Output.ToString());
    }

    [Fact]
    public void Every_problem_of_a_hostile_spec_is_reported_before_anything_is_queued()
    {
        const string hostile = """
            name: huge
            layers:
              - conv: {out: 1000000000, kernel: 3}
              - flatten
              - linear: {out: 10}
            optimizer: {type: sgd, lr: -1}
            epochs: 1000000000
            """;

        var (text, report) = ChallengeSpecs.Prepare(hostile, new SpecOverrides(null, null, null, null), SpecLimits.Default with { MaxEpochs = 20 });

        Assert.Null(text);
        Assert.Contains(report.Problems, p => p.Path.Contains("conv.out", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Path.Contains("lr", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Path == "epochs");
    }

    [Fact]
    public void A_challenge_refuses_a_spec_whose_activations_would_not_fit_in_memory()
    {
        // 18 one-channel convs grow the image to 248×248, then a 1×1 conv to 1,024 channels: 14,736 parameters, ~16 GB of activations at batch 64.
        var hostile = "layers:\n" + string.Concat(Enumerable.Repeat("  - conv: {out: 1, kernel: 11, padding: 11}\n", 18))
            + "  - conv: {out: 1024, kernel: 1}\n  - adaptive_avgpool\n  - flatten\n  - linear: {out: 10}\nbatch_size: 64\n";
        var now = DateTimeOffset.UtcNow;
        var challenge = new Challenge(1, "week", "Week", "", "fast-baseline", 2_000_000, 20, 15, 3, "challenges", now, now.AddDays(7), true, null);

        var (text, report) = ChallengeSpecs.Prepare(hostile, new SpecOverrides(null, null, null, null), ChallengeSpecs.LimitsFor(challenge));

        Assert.Null(text);
        var problem = Assert.Single(report.Problems);
        Assert.Equal("layers", problem.Path);
        Assert.Contains("MB of activation memory at batch 64", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_are_checked_against_the_budgets_too()
    {
        var (text, report) = ChallengeSpecs.Prepare(Baseline, new SpecOverrides(null, 50, null, null), SpecLimits.Default with { MaxEpochs = 20 });

        Assert.Null(text);
        Assert.Contains(report.Problems, p => p.Path == "epochs");
    }

    [Fact]
    public void Aliases_in_a_member_spec_are_refused_before_overrides_touch_it()
    {
        const string bomb = """
            a: &a [x, x, x, x, x, x, x, x]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a]
            c: [*b, *b, *b, *b, *b, *b, *b, *b]
            layers: [{linear: {out: 10}}]
            """;

        var (text, report) = ChallengeSpecs.Prepare(bomb, new SpecOverrides(0.1, null, 2, null), SpecLimits.Default);

        Assert.Null(text);
        Assert.NotEmpty(report.Problems);
    }

    [Theory]
    [InlineData("Week 49: Small & Fast!", "week-49-small-fast")]
    [InlineData("  ResNet   sprint ", "resnet-sprint")]
    public void Challenge_names_become_typeable_ids(string name, string slug) =>
        Assert.Equal(slug, ChallengesFeature.Slug(name));

    [Fact]
    public void The_test_set_split_is_fixed_and_disjoint()
    {
        var data = Lepton.Training.Cifar10.Cifar10Synthesizer.Generate(20, 101, 3);

        var (publicA, privateA) = ChallengeData.Split(data.Test);
        var (publicB, _) = ChallengeData.Split(data.Test);

        Assert.Equal(50, publicA.Count);
        Assert.Equal(51, privateA.Count);
        Assert.Equal(publicA.Pixels, publicB.Pixels);
        Assert.NotEqual(publicA.Pixels, privateA.Pixels.AsSpan(0, publicA.Pixels.Length).ToArray());
    }
}
