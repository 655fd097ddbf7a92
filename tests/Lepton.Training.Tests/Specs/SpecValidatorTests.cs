using System.Diagnostics;
using System.Text;
using Lepton.Training.Specs;

namespace Lepton.Training.Tests.Specs;

public class SpecValidatorTests
{
    private const string Tiny =
        """
        layers:
          - conv: {out: 8, kernel: 3}
          - relu
          - adaptive_avgpool
          - flatten
          - linear: {out: 10}
        """;

    [Fact]
    public void Seed_cnn_counts_equal_what_keras_prints_for_the_article_model()
    {
        // Keras model.summary() for the seed article's Sequential model (input 32×32×3, 'valid' padding):
        //   Conv2D(32, 3×3)  → 30×30×32   params 3·3·3·32 + 32    =    896
        //   MaxPooling2D(2)  → 15×15×32
        //   Conv2D(64, 3×3)  → 13×13×64   params 3·3·32·64 + 64   = 18,496
        //   MaxPooling2D(2)  →  6×6×64    (floor(13/2) = 6)
        //   Conv2D(64, 3×3)  →  4×4×64    params 3·3·64·64 + 64   = 36,928
        //   Flatten          → 1,024      (4·4·64)
        //   Dense(64)        → 64         params 1,024·64 + 64    = 65,600
        //   Dense(10)        → 10         params 64·10 + 10       =    650
        //   Total params: 896 + 18,496 + 36,928 + 65,600 + 650  = 122,570
        // MACs (weights only, fvcore/thop convention):
        //   30·30·32·27 = 777,600; 13·13·64·288 = 3,115,008; 4·4·64·576 = 589,824; 1,024·64 = 65,536; 64·10 = 640
        //   total 4,548,608
        SpecReport report = SpecValidator.Check(SpecPresets.Text("seed-cnn")!);

        Assert.True(report.IsValid, string.Join("\n", report.Problems));
        Assert.Equal(122_570, report.Parameters);
        Assert.Equal(4_548_608, report.Macs);
        long[] perLayer = report.Layers.Where(row => row.Parameters > 0).Select(row => row.Parameters).ToArray();
        Assert.Equal(new long[] { 896, 18_496, 36_928, 65_600, 650 }, perLayer);
        Assert.Equal(new[] { "32×30×30", "32×15×15", "64×13×13", "64×6×6", "64×4×4", "1024" },
            report.Layers.Where(row => row.Layer.StartsWith("conv", StringComparison.Ordinal) || row.Layer.StartsWith("max", StringComparison.Ordinal) || row.Layer == "flatten")
                .Select(row => row.Output.ToString()));

        ModelSpec spec = report.Spec!;
        Assert.Equal(WeightInit.Glorot, spec.Init);
        Assert.Equal(InputNormalization.Unit, spec.Normalize);
        Assert.Equal(OptimizerKind.Adam, spec.Optimizer.Kind);
        Assert.Equal(0.001, spec.Optimizer.LearningRate);
        Assert.Equal(1e-7, spec.Optimizer.Epsilon);
        Assert.Equal(32, spec.BatchSize);
        Assert.Equal(10, spec.Epochs);
        Assert.IsType<ActivationLayer>(spec.Layers[^1]);
    }

    [Fact]
    public void Resnet_small_counts_include_the_projection_shortcuts_and_batch_norm()
    {
        SpecReport report = SpecValidator.Check(SpecPresets.Text("resnet-small")!);
        Assert.True(report.IsValid, string.Join("\n", report.Problems));

        // stem 3·3·3·32 + bn 64; block 1: 2·(3·3·32·32 + 64); block 2: 3·3·32·64 + 3·3·64·64 + 2·128 + shortcut 32·64 + 128;
        // block 3: 3·3·64·128 + 3·3·128·128 + 2·256 + shortcut 64·128 + 256; linear 128·10 + 10.
        long expected = (864 + 64) + (2 * (9_216 + 64)) + (18_432 + 36_864 + 256 + 2_048 + 128)
            + (73_728 + 147_456 + 512 + 8_192 + 256) + 1_290;
        Assert.Equal(expected, report.Parameters);
        Assert.Contains(report.Layers, row => row.Layer == "residual (shortcut: 1×1 conv 64 /2 + batchnorm)" && row.Output.ToString() == "64×16×16");
    }

    [Fact]
    public void Every_preset_is_valid_with_default_limits()
    {
        Assert.Equal(new[] { "fast-baseline", "resnet-small", "seed-cnn" }, SpecPresets.Names);
        foreach (string name in SpecPresets.Names)
        {
            Assert.True(SpecValidator.Check(SpecPresets.Text(name)!).IsValid, name);
        }
    }

    [Fact]
    public void Json_is_accepted_as_well_as_yaml()
    {
        const string json = """{"layers": [{"conv": {"out": 8, "kernel": 3}}, "relu", "flatten", {"linear": {"out": 10}}], "optimizer": {"type": "sgd", "lr": 0.05, "momentum": 0.9}}""";
        SpecReport report = SpecValidator.Check(json);
        Assert.True(report.IsValid, string.Join("\n", report.Problems));
        Assert.Equal((8 * 27) + 8 + (8 * 30 * 30 * 10) + 10, report.Parameters);
        Assert.Equal(OptimizerKind.Sgd, report.Spec!.Optimizer.Kind);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_field_path()
    {
        const string text =
            """
            epochs: 1000000000
            batch_size: "big"
            colour: red
            layers:
              - conv: {out: 1000000000, kernel: 3, dilation: 2}
              - relu: {inplace: true}
              - teleport
              - dropout: {p: 1.5}
              - linear: {out: 10, bias: maybe}
            optimizer: {type: adam, lr: -0.1, momentum: 0.9}
            schedule: {type: cosine, gamma: 0.5}
            augment: {crop_padding: 4.5}
            """;
        SpecReport report = SpecValidator.Check(text);
        Assert.False(report.IsValid);
        string[] problems = report.Problems.Select(problem => problem.ToString()).ToArray();
        Assert.Contains("epochs: must be 1..100, got 1000000000", problems);
        Assert.Contains("batch_size: must be a whole number, got the string \"big\"", problems);
        Assert.Contains(problems, p => p.StartsWith("colour: unknown key", StringComparison.Ordinal));
        Assert.Contains("layers[0].conv.out: must be 1..1024, got 1000000000", problems);
        Assert.Contains(problems, p => p.StartsWith("layers[0].conv.dilation: unknown key for conv (expected bias, kernel, out, padding, stride)", StringComparison.Ordinal));
        Assert.Contains("layers[1].relu.inplace: unknown key for relu (no settings)", problems);
        Assert.Contains(problems, p => p.StartsWith("layers[2]: unknown layer 'teleport'", StringComparison.Ordinal));
        Assert.Contains("layers[3].dropout.p: must be in [0, 1), got 1.5", problems);
        Assert.Contains("layers[4].linear.bias: must be true or false, got 'maybe'", problems);
        Assert.Contains("optimizer.lr: must be in (0, 10], got -0.1", problems);
        Assert.Contains(problems, p => p.StartsWith("optimizer.momentum: unknown key for adam", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("schedule.gamma: unknown key for cosine schedule", StringComparison.Ordinal));
        Assert.Contains("augment.crop_padding: must be a whole number in 0..8, got 4.5", problems);
        Assert.Equal(13, problems.Length);
    }

    [Theory]
    [InlineData(".nan")]
    [InlineData(".inf")]
    [InlineData("-0.001")]
    [InlineData("0")]
    public void Learning_rate_that_is_not_a_positive_finite_number_is_refused(string lr)
    {
        SpecReport report = SpecValidator.Check(Tiny + $"\noptimizer: {{type: sgd, lr: {lr}}}\n");
        SpecProblem problem = Assert.Single(report.Problems);
        Assert.Equal("optimizer.lr", problem.Path);
        Assert.Contains("(0, 10]", problem.Message);
    }

    [Fact]
    public void A_thousand_layers_are_refused_in_one_message()
    {
        var text = new StringBuilder("layers:\n");
        for (int i = 0; i < 1000; i++)
        {
            text.Append("  - relu\n");
        }

        SpecProblem problem = Assert.Single(SpecValidator.Check(text.ToString()).Problems);
        Assert.Equal("layers: 1000 layers (counting those inside residual blocks), at most 100 are accepted", problem.ToString());
        Assert.Single(SpecValidator.Check(text.ToString(), new SpecLimits { MaxDepth = 2000 }).Problems); // now: no class scores
    }

    [Fact]
    public void A_ten_megabyte_spec_is_refused_before_parsing()
    {
        string text = "name: x\n#" + new string('a', 10 * 1024 * 1024);
        var clock = Stopwatch.StartNew();
        SpecProblem problem = Assert.Single(SpecValidator.Check(text).Problems);
        Assert.Equal("the spec is 10,485,769 bytes, at most 65,536 are accepted", problem.Message);

        using var temp = new TempFolder();
        File.WriteAllText(temp.File("big.yaml"), text);
        Assert.Contains("the spec file is 10,485,769 bytes", Assert.Single(SpecValidator.CheckFile(temp.File("big.yaml")).Problems).Message);
    }

    [Fact]
    public void Yaml_anchor_bomb_is_refused_without_expansion()
    {
        const string bomb =
            """
            a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
            d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
            layers: [*d, *d, *d, *d, *d, *d, *d, *d, *d]
            """;
        SpecProblem problem = Assert.Single(SpecValidator.Check(bomb).Problems);
        Assert.Equal("line 1: YAML anchors (&name) are not allowed in a spec", problem.Message);
    }

    [Theory]
    [InlineData("layers: !!python/object:os.system [relu]", "YAML tags")]
    [InlineData("epochs: 3\nepochs: 4\nlayers: [relu]", "key 'epochs' appears twice")]
    [InlineData("layers: [relu]\n---\nlayers: [relu]", "only one YAML document")]
    [InlineData("- relu\n- flatten", "a spec must be a mapping")]
    [InlineData("", "the spec is empty")]
    [InlineData("layers: [relu\n", "line ")]
    [InlineData("layers: {conv: 3}", "layers: must be a list of layers, got a mapping")]
    [InlineData("layers:\n  - conv: 3", "layers[0].conv: must be a mapping of settings, got a number")]
    [InlineData("layers:\n  - conv: {kernel: 3}", "layers[0].conv.out: is required")]
    [InlineData("layers:\n  - {conv: {out: 3}, relu: null}", "a layer must be one key")]
    public void Malformed_or_unsafe_documents_are_refused_with_a_clear_message(string text, string expected)
    {
        SpecReport report = SpecValidator.Check(text);
        Assert.False(report.IsValid);
        Assert.Contains(report.Problems, problem => problem.ToString().Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        string text = "layers: " + new string('[', 200) + new string(']', 200);
        Assert.Contains("nesting deeper than", Assert.Single(SpecValidator.Check(text).Problems).Message);
    }

    [Theory]
    [InlineData("layers: [conv: {out: 8}, flatten, linear: {out: 10}, conv: {out: 4}]", "layers[3]: conv needs a channels×height×width input")]
    [InlineData("layers: [conv: {out: 8}, linear: {out: 10}]", "layers[1]: linear needs a flat input but gets 8×30×30")]
    [InlineData("layers: [conv: {out: 8}, flatten, linear: {out: 7}]", "layers: the last layer must give 10 class scores, got 7")]
    [InlineData("layers: [maxpool: {kernel: 8}, maxpool: {kernel: 8}, maxpool: {kernel: 8}, flatten, linear: {out: 10}]", "layers[1]: a 8×8 window does not fit the 4×4 input")]
    [InlineData("layers: [conv: {out: 8}, softmax, flatten, linear: {out: 10}]", "layers[1]: softmax may only be the last layer")]
    [InlineData("layers: [residual: {layers: [conv: {out: 8, kernel: 3}]}, flatten, linear: {out: 10}]", "layers[0]: the block turns 3×32×32 into 8×30×30")]
    public void Shape_errors_name_the_layer(string text, string expected)
    {
        SpecReport report = SpecValidator.Check(text);
        Assert.Contains(report.Problems, problem => problem.ToString().StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parameter_and_mac_limits_are_arguments()
    {
        SpecReport report = SpecValidator.Check(SpecPresets.Text("seed-cnn")!, new SpecLimits { MaxParameters = 100_000, MaxMacs = 1_000_000, MaxEpochs = 5 });
        string[] problems = report.Problems.Select(problem => problem.ToString()).ToArray();
        Assert.Contains("epochs: must be 1..5, got 10", problems);

        report = SpecValidator.Check(SpecPresets.Text("seed-cnn")!, new SpecLimits { MaxParameters = 100_000, MaxMacs = 1_000_000 });
        problems = report.Problems.Select(problem => problem.ToString()).ToArray();
        Assert.Equal(new[] { "layers: 122,570 parameters, at most 100,000 are allowed", "layers: 4,548,608 multiply-accumulates per image, at most 1,000,000 are allowed" }, problems);
    }

    [Fact]
    public void Huge_widths_within_range_are_refused_by_the_parameter_budget_not_by_allocation()
    {
        var text = new StringBuilder("layers:\n");
        for (int i = 0; i < 20; i++)
        {
            text.Append("  - conv: {out: 1024, kernel: 11, padding: 11}\n");
        }

        text.Append("  - flatten\n  - linear: {out: 10}\n");
        SpecReport report = SpecValidator.Check(text.ToString());
        Assert.False(report.IsValid);
        Assert.Contains(report.Problems, problem => problem.Message.Contains("larger than 256×256", StringComparison.Ordinal));
    }
}
