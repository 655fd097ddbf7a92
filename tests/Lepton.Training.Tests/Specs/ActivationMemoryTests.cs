using System.Text;
using Lepton.Training.Specs;

namespace Lepton.Training.Tests.Specs;

/// <summary>Training runs in the bot's process: a spec whose activations would not fit must be refused on paper.</summary>
public class ActivationMemoryTests
{
    /// <summary>18 convolutions of one channel that each grow the image by 12 pixels (to 248×248), then a 1×1 conv to 1,024 channels.</summary>
    internal static string GrowingImage(int batchSize)
    {
        var text = new StringBuilder("layers:\n");
        for (int i = 0; i < 18; i++)
        {
            text.Append("  - conv: {out: 1, kernel: 11, padding: 11}\n");
        }

        text.Append("  - conv: {out: 1024, kernel: 1}\n  - adaptive_avgpool\n  - flatten\n  - linear: {out: 10}\n");
        text.Append($"batch_size: {batchSize}\n");
        return text.ToString();
    }

    /// <summary>One wide convolution, then 80 full-size batch-norm and relu layers, each keeping its own output.</summary>
    internal static string WideAndDeep(int batchSize)
    {
        var text = new StringBuilder("layers:\n  - conv: {out: 1024, kernel: 3, padding: 1}\n");
        for (int i = 0; i < 40; i++)
        {
            text.Append("  - batchnorm\n  - relu\n");
        }

        text.Append("  - adaptive_avgpool\n  - flatten\n  - linear: {out: 10}\n");
        text.Append($"batch_size: {batchSize}\n");
        return text.ToString();
    }

    [Fact]
    public void A_spec_that_grows_the_image_passes_parameters_and_macs_but_is_refused_for_its_activation_memory()
    {
        SpecReport report = SpecValidator.Check(GrowingImage(64));

        Assert.Equal(14_736, report.Parameters);
        Assert.InRange(report.Macs, 100_000_000, SpecLimits.Default.MaxMacs);
        SpecProblem problem = Assert.Single(report.Problems);
        Assert.Equal("layers", problem.Path);
        Assert.StartsWith("training would need about ", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"MB of activation memory at batch 64, at most 2,048 MB are allowed", problem.Message, StringComparison.Ordinal);
        Assert.True(report.ActivationBytes > 16L * 1024 * SpecAnalyzer.Megabyte, $"estimate {report.ActivationBytes} should be well over 16 GB");
        Assert.Null(report.Spec);
    }

    [Fact]
    public void A_wide_conv_followed_by_eighty_cheap_layers_is_refused_for_its_activation_memory()
    {
        SpecReport report = SpecValidator.Check(WideAndDeep(1024));

        SpecProblem problem = Assert.Single(report.Problems);
        Assert.Equal("layers", problem.Path);
        Assert.Contains("MB of activation memory at batch 1024", problem.Message, StringComparison.Ordinal);
        Assert.True(report.ActivationBytes > 100L * 1024 * SpecAnalyzer.Megabyte, $"estimate {report.ActivationBytes} should be hundreds of GB");
        Assert.False(report.IsValid);
    }

    [Fact]
    public void The_estimate_of_a_small_spec_equals_the_hand_computation()
    {
        const string tiny =
            """
            layers:
              - conv: {out: 8, kernel: 3}
              - relu
              - adaptive_avgpool
              - flatten
              - linear: {out: 10}
            batch_size: 128
            """;
        // Per image: input 3·32·32 = 3,072; conv 8·30·30 = 7,200; relu 7,200; pool 8; flatten 8; linear 10 → 17,498 values.
        // × 4 bytes (float32) × 3 copies (saved output, its gradient, autograd's extras) × batch 128.
        const long expected = 17_498L * 4 * 3 * 128;

        SpecReport report = SpecValidator.Check(tiny);

        Assert.True(report.IsValid, string.Join("\n", report.Problems));
        Assert.Equal(expected, report.ActivationBytes);
        Assert.Equal(128, report.BatchSize);
        Assert.EndsWith("activation memory: 26 MB at batch 128", report.FormatTable(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_projection_shortcut_counts_its_convolution_and_batch_norm_outputs()
    {
        const string block =
            """
            layers:
              - residual: {layers: [conv: {out: 16, kernel: 3, stride: 2, padding: 1}]}
              - flatten
              - linear: {out: 10}
            batch_size: 1
            """;
        // input 3,072; residual (sum + shortcut conv + shortcut batch norm) 3 · 16·16·16; its body's conv 16·16·16; flatten 4,096; linear 10.
        const long elements = 3_072 + (3 * 4_096) + 4_096 + 4_096 + 10;

        SpecReport report = SpecValidator.Check(block);

        Assert.True(report.IsValid, string.Join("\n", report.Problems));
        Assert.Equal(elements * 4 * 3, report.ActivationBytes);
    }

    [Fact]
    public void Every_shipped_preset_fits_comfortably_at_its_batch_size()
    {
        // SpecPresets embeds every config/challenges/*.yaml, so this covers what maintainers ship.
        Assert.NotEmpty(SpecPresets.Names);
        foreach (string name in SpecPresets.Names)
        {
            SpecReport report = SpecValidator.Check(SpecPresets.Text(name)!);
            Assert.True(report.IsValid, $"{name}: {string.Join("; ", report.Problems)}");
            Assert.True(report.ActivationBytes < SpecLimits.Default.MaxActivationBytes / 2, $"{name}: {SpecReport.Megabytes(report.ActivationBytes)} MB");
        }
    }

    [Fact]
    public void The_limit_is_an_argument()
    {
        SpecReport report = SpecValidator.Check(SpecPresets.Text("resnet-small")!, new SpecLimits { MaxActivationBytes = 100 * SpecAnalyzer.Megabyte });

        SpecProblem problem = Assert.Single(report.Problems);
        Assert.Equal($"layers: training would need about {SpecReport.Megabytes(report.ActivationBytes):N0} MB of activation memory at batch 128, at most 100 MB are allowed (pool earlier, use fewer or narrower layers, or a smaller batch_size)", problem.ToString());
    }
}
