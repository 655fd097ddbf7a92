using Lepton.Training.Cifar10;
using Lepton.Training.Specs;
using Lepton.Training.Training;
using static TorchSharp.torch;

namespace Lepton.Training.Tests.Training;

public class ModelFactoryTests
{
    private const string EveryLayer =
        """
        layers:
          - conv: {out: 8, kernel: 5, stride: 2, padding: 2, bias: false}
          - batchnorm
          - gelu
          - residual:
              layers:
                - conv: {out: 12, kernel: 3, stride: 2, padding: 1}
                - silu
                - dropout: {p: 0.2}
          - avgpool: {kernel: 3, stride: 1, padding: 1}
          - maxpool: {kernel: 2}
          - adaptive_avgpool: {size: 2}
          - flatten
          - linear: {out: 20, bias: false}
          - batchnorm
          - relu
          - linear: {out: 10}
          - softmax
        """;

    [Theory]
    [InlineData("seed-cnn")]
    [InlineData("resnet-small")]
    [InlineData("fast-baseline")]
    public void Built_preset_has_the_parameter_count_the_validator_reports(string preset)
    {
        SpecReport report = SpecValidator.Check(SpecPresets.Text(preset)!);
        using var model = ModelFactory.Build(report.Spec!);
        Assert.Equal(report.Parameters, ModelFactory.CountParameters(model));

        using var scope = NewDisposeScope();
        model.eval();
        Assert.Equal(new long[] { 2, 10 }, model.forward(zeros(2, 3, 32, 32)).shape);
    }

    [Fact]
    public void Every_layer_kind_builds_with_the_analysed_shapes_and_counts()
    {
        SpecReport report = SpecValidator.Check(EveryLayer);
        Assert.True(report.IsValid, string.Join("\n", report.Problems));

        // conv 8·3·25 = 600; bn 16; residual body conv 12·8·9 + 12 = 876, shortcut 1×1 conv 8·12 + bn 24 = 120;
        // linear 48·20 = 960 (12 channels × 2 × 2 = 48 features, no bias); bn 40; linear 20·10 + 10 = 210.
        Assert.Equal(600 + 16 + 876 + 120 + 960 + 40 + 210, report.Parameters);
        Assert.Equal(new[] { "8×16×16", "12×8×8", "12×8×8", "12×4×4", "12×2×2", "48" },
            report.Layers.Where(row => row.Nesting == 0 && row.Layer.Split(' ')[0] is "conv" or "residual" or "avgpool" or "maxpool" or "adaptive_avgpool" or "flatten")
                .Select(row => row.Output.ToString()));

        using var model = ModelFactory.Build(report.Spec!);
        Assert.Equal(report.Parameters, ModelFactory.CountParameters(model));
        using var scope = NewDisposeScope();
        Tensor output = model.forward(randn(4, 3, 32, 32));
        Assert.Equal(new long[] { 4, 10 }, output.shape);
        Assert.Equal(4f, output.sum().item<float>(), 3); // softmax rows sum to 1
    }

    [Fact]
    public void Glorot_init_gives_zero_biases_and_keras_weight_bounds()
    {
        ModelSpec spec = SpecPresets.Load("seed-cnn");
        using var model = ModelFactory.Build(spec);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        Assert.Equal(0f, parameters["0.bias"].abs().sum().item<float>());
        // Glorot-uniform limit for the first conv: sqrt(6 / (fan_in + fan_out)) = sqrt(6 / (27 + 288)).
        double limit = Math.Sqrt(6.0 / (27 + 288));
        float max = parameters["0.weight"].abs().max().item<float>();
        Assert.InRange(max, limit * 0.9, limit);
    }

    [Fact]
    public void Learning_rate_schedules_follow_their_definitions()
    {
        var constant = new LearningRateSchedule(new ScheduleSpec { Kind = ScheduleKind.Constant, WarmupEpochs = 1 }, 0.1, 10, 5);
        Assert.Equal(0.1 / 11, constant.At(0), 12);
        Assert.Equal(0.1, constant.At(10), 12);
        Assert.Equal(0.1, constant.At(49), 12);

        var step = new LearningRateSchedule(new ScheduleSpec { Kind = ScheduleKind.Step, StepEpochs = 2, Gamma = 0.5 }, 0.1, 10, 6);
        Assert.Equal(0.1, step.At(19), 12);
        Assert.Equal(0.05, step.At(20), 12);
        Assert.Equal(0.025, step.At(59), 12);

        var cosine = new LearningRateSchedule(new ScheduleSpec { Kind = ScheduleKind.Cosine, FinalFraction = 0.1 }, 1.0, 10, 2);
        Assert.Equal(1.0, cosine.At(0), 12);
        Assert.All(Enumerable.Range(1, 19), i => Assert.True(cosine.At(i) < cosine.At(i - 1)));
        Assert.Equal(0.1, cosine.At(19), 12);

        var oneCycle = new LearningRateSchedule(new ScheduleSpec { Kind = ScheduleKind.OneCycle, WarmupEpochs = 1, FinalFraction = 0.001 }, 0.4, 10, 4);
        Assert.Equal(0.4 / 25, oneCycle.At(0), 12);
        Assert.Equal(0.4, oneCycle.At(10), 12);
        Assert.Equal(0.4 * 0.001, oneCycle.At(39), 12);
        Assert.True(oneCycle.At(5) > oneCycle.At(2) && oneCycle.At(20) < oneCycle.At(11));
    }

    [Fact]
    public void Batches_are_normalized_from_bytes_and_augmentation_shifts_and_mirrors()
    {
        var pixels = new byte[Cifar10Format.ImageBytes];
        pixels[0] = 255; // red plane, row 0, column 0
        pixels[Cifar10Format.PlaneBytes + 31] = 51; // green plane, row 0, column 31
        var images = new ImageSet(pixels, [4]);

        var plain = new BatchLoader(images, InputNormalization.Unit, new AugmentationSpec(), 1);
        plain.Fill([0], null);
        Assert.Equal(1f, plain.Pixels[0]);
        Assert.Equal(0.2f, plain.Pixels[Cifar10Format.PlaneBytes + 31], 6);
        Assert.Equal(4, plain.Labels[0]);

        var standard = new BatchLoader(images, InputNormalization.Standard, new AugmentationSpec(), 1);
        standard.Fill([0], null);
        Assert.Equal((1f - 0.4914f) / 0.2470f, standard.Pixels[0], 5);

        // With flips only, every draw either keeps the image or mirrors it column for column.
        var flipping = new BatchLoader(images, InputNormalization.Unit, new AugmentationSpec { HorizontalFlip = true }, 1);
        var random = new DeterministicRandom(3);
        var seen = new HashSet<string>();
        for (int i = 0; i < 20; i++)
        {
            flipping.Fill([0], random);
            bool mirrored = flipping.Pixels[31] == 1f;
            Assert.Equal(mirrored ? 0f : 1f, flipping.Pixels[0]);
            Assert.Equal(mirrored ? 0.2f : 0f, flipping.Pixels[Cifar10Format.PlaneBytes], 6);
            seen.Add(mirrored ? "mirrored" : "kept");
        }

        Assert.Equal(2, seen.Count);

        // With crops, the bright pixel moves by at most the padding and the rest is padded with black.
        var cropping = new BatchLoader(images, InputNormalization.Unit, new AugmentationSpec { CropPadding = 2 }, 1);
        for (int i = 0; i < 20; i++)
        {
            cropping.Fill([0], random);
            int at = Array.IndexOf(cropping.Pixels, 1f, 0, Cifar10Format.PlaneBytes);
            if (at >= 0)
            {
                Assert.InRange(at / 32, 0, 2);
                Assert.InRange(at % 32, 0, 2);
            }

            Assert.Equal(1, cropping.Pixels.Take(Cifar10Format.PlaneBytes).Count(v => v != 0f) is 0 or 1 ? 1 : 0);
        }
    }
}
